// One SpMM measurement: random CSR (n × n, m entries) times an n × d dense matrix.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../dist/backend/load-backend.js';
import { rmatEdges } from '../dist/graph/generators/rmat.js';
import { groupByRowCol, Csr } from '../dist/graph/csr.js';
import { sparseFromCsr } from '../dist/sparse/sparse-matrix.js';
import { spmm } from '../dist/sparse/spmm.js';

const [n, m, d, impl] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
await initBackend('cpu');
const scale = Math.ceil(Math.log2(n));
const { src, dst } = rmatEdges({ scale, edgeFactor: m / 2 ** scale, seed: 1 });
for (let e = 0; e < src.length; e++) { src[e] %= n; dst[e] %= n; }
const g = groupByRowCol(src, dst, n);
const a = sparseFromCsr(new Csr(n, n, g.rowPtr, g.colIdx, new Float64Array(src.length).fill(1)));
const x = tf.randomNormal([n, d], 0, 1, 'float32', 1);
const times = [];
for (let rep = 0; rep < 4; rep++) {
  const t = performance.now();
  const y = spmm(a, x, { impl });
  y.dataSync();
  times.push((performance.now() - t) / 1000);
  y.dispose();
}
const tt = performance.now();
spmm(a, x, { impl, transpose: true }).dataSync();
const transposeS = (performance.now() - tt) / 1000;
times.shift(); // warm-up
console.log(JSON.stringify({ seconds: Math.min(...times).toFixed(3), transpose_s: transposeS.toFixed(3), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
