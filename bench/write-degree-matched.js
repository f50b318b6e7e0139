// An undirected graph with the size and degree sequence of another (the configuration model:
// every node gets as many edge ends as its degree, the ends are shuffled and paired; self-loops
// and repeated pairs are dropped, so degrees come out a little lower). For the spectral bench:
// "a generated graph of ca-HepPh's size and degree distribution".
// Usage: node write-degree-matched.js SOURCE FILE [seed]
import { Rng } from '../dist/util/rng.js';
import { loadGraph } from '../dist/graph/load-graph.js';
import { writeEdgeFile } from './edge-file.js';

const [source, file, seed] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 1)];
const { graph } = await loadGraph(source, { directed: false });
const n = graph.n;
const { src: s0, dst: d0 } = graph.edges;
const stubs = new Int32Array(2 * s0.length);
for (let e = 0; e < s0.length; e++) {
  stubs[2 * e] = s0[e];
  stubs[2 * e + 1] = d0[e];
}
const rng = new Rng(seed);
for (let i = stubs.length - 1; i > 0; i--) {
  const j = rng.int(i + 1);
  const t = stubs[i];
  stubs[i] = stubs[j];
  stubs[j] = t;
}
const seen = new Set();
const src = [];
const dst = [];
for (let p = 0; p + 1 < stubs.length; p += 2) {
  const i = stubs[p];
  const j = stubs[p + 1];
  if (i === j) continue;
  const key = i < j ? i * n + j : j * n + i;
  if (seen.has(key)) continue;
  seen.add(key);
  src.push(i);
  dst.push(j);
}
await writeEdgeFile(file, `Undirected graph: configuration model with the degrees of ${source.split('/').pop()} (n=${n}), seed=${seed}`, Int32Array.from(src), Int32Array.from(dst));
console.log(JSON.stringify({ n, edges: src.length, source_edges: s0.length }));
