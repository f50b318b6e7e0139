// An undirected R-MAT graph of a given size (douban's by default: 154,908 nodes, 327,162
// edges): R-MAT draws at the next power of two, ids ≥ n and self-loops rejected, distinct
// unordered pairs kept until m. Usage: node write-rmat-undirected.js FILE [n] [m] [seed]
import { Rng } from '../dist/util/rng.js';
import { drawRmatCell } from '../dist/graph/generators/rmat.js';
import { writeEdgeFile } from './edge-file.js';

const [file, n, m, seed] = [process.argv[2], Number(process.argv[3] ?? 154908), Number(process.argv[4] ?? 327162), Number(process.argv[5] ?? 1)];
const scale = Math.ceil(Math.log2(n));
const rng = new Rng(seed);
const seen = new Set();
const src = new Int32Array(m);
const dst = new Int32Array(m);
const cell = { i: 0, j: 0 };
for (let e = 0; e < m; ) {
  drawRmatCell(rng, scale, 0.57, 0.19, 0.19, cell);
  const { i, j } = cell;
  if (i >= n || j >= n || i === j) continue;
  const key = i < j ? i * n + j : j * n + i;
  if (seen.has(key)) continue;
  seen.add(key);
  src[e] = i;
  dst[e++] = j;
}
await writeEdgeFile(file, `Undirected graph: R-MAT (0.57, 0.19, 0.19) n=${n} m=${m} seed=${seed}`, src, dst);
console.log(JSON.stringify({ n, edges: m }));
