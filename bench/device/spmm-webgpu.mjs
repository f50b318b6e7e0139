#!/usr/bin/env node
/**
 * n2n's WGSL SpMM on the active WebGPU adapter: the product on a generated R-MAT graph, checked
 * against the host in float64, then timed; prints one JSON line with the effective bandwidth
 * (bytes the kernel must move: CSR indices and values, the dense operand's gathered rows, the
 * output). Usage: node bench/device/spmm-webgpu.mjs SCALE [EDGE_FACTOR] [check]
 * `check`: the two products against float64 only, no timing (e.g. `21 20 check` on lavapipe:
 * 40M entries, above its 128 MiB binding limit, so the matrix is stored in row blocks).
 */
import { initBackend } from '../../dist/backend/load-backend.js';
import { generateGraph } from '../../dist/graph/generators/generated.js';
import { sparseFromCsr } from '../../dist/sparse/sparse-matrix.js';
import { spmm } from '../../dist/sparse/spmm.js';
import * as tf from '@tensorflow/tfjs-core';

const [scale, ef = 8] = process.argv.slice(2, 4).map(Number);
const checkOnly = process.argv[4] === 'check';
const report = await initBackend('webgpu');
const g = generateGraph({ kind: 'rmat', scale, edgeFactor: ef, seed: 1 });
const A = g.csr;
const a = sparseFromCsr(A);
const out = { adapter: report.adapter, n: A.nRows, nnz: A.nnz, row_blocks: a.blocks?.length ?? 1 };
const x = Float32Array.from({ length: A.nCols }, (_, i) => Math.sin(i + 1));
for (const transpose of [false, true]) {
  const t = performance.now();
  const y = await spmm(a, tf.tensor1d(x), { transpose }).data();
  const seconds = (performance.now() - t) / 1000;
  const ref = transpose ? A.rmatvec(Float64Array.from(x)) : A.matvec(Float64Array.from(x));
  let err = 0;
  let ymax = 0;
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(ref[i] - y[i]));
    ymax = Math.max(ymax, Math.abs(ref[i]));
  }
  out[`rel_err${transpose ? 'T' : ''}_vs_float64`] = err / ymax;
  out[`first_product${transpose ? 'T' : ''}_s`] = +seconds.toFixed(2);
}
if (checkOnly) {
  console.log(JSON.stringify(out));
  process.exit(0);
}
for (const d of [1, 4]) {
  const X = tf.randomNormal(d === 1 ? [A.nCols] : [A.nCols, d]);
  for (const transpose of [false, true]) {
    await spmm(a, X, { transpose }).data(); // compile and warm
    const reps = 20;
    const t = performance.now();
    let Y;
    for (let k = 0; k < reps; k++) {
      Y?.dispose();
      Y = spmm(a, X, { transpose });
    }
    await Y.data();
    const s = (performance.now() - t) / 1000 / reps;
    const bytes = (A.nRows + 1) * 4 + A.nnz * 8 + (transpose ? A.nnz * 4 : 0) + A.nnz * 4 * d + A.nRows * 4 * d;
    out[`spmm${transpose ? 'T' : ''}_d${d}_ms`] = +(s * 1000).toFixed(3);
    out[`spmm${transpose ? 'T' : ''}_d${d}_GBps`] = +(bytes / s / 1e9).toFixed(1);
    Y.dispose();
  }
  X.dispose();
}
console.log(JSON.stringify(out));
process.exit(0);
