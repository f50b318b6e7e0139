// An undirected R-MAT graph of a given size (douban's by default: 154,908 nodes, 327,162
// edges): R-MAT draws at the next power of two, ids ≥ n and self-loops rejected, distinct
// unordered pairs kept until m. Usage: node write-rmat-undirected.js FILE [n] [m] [seed]
import { createWriteStream } from 'node:fs';
import { Rng } from '../dist/util/rng.js';

const [file, n, m, seed] = [process.argv[2], Number(process.argv[3] ?? 154908), Number(process.argv[4] ?? 327162), Number(process.argv[5] ?? 1)];
const scale = Math.ceil(Math.log2(n));
const rng = new Rng(seed);
const seen = new Set();
const src = new Int32Array(m);
const dst = new Int32Array(m);
let e = 0;
while (e < m) {
  let i = 0;
  let j = 0;
  for (let level = 0; level < scale; level++) {
    const r = rng.uniform();
    i <<= 1;
    j <<= 1;
    if (r < 0.57) continue;
    if (r < 0.76) j |= 1;
    else if (r < 0.95) i |= 1;
    else {
      i |= 1;
      j |= 1;
    }
  }
  if (i >= n || j >= n || i === j) continue;
  const key = i < j ? i * n + j : j * n + i;
  if (seen.has(key)) continue;
  seen.add(key);
  src[e] = i;
  dst[e++] = j;
}
const out = createWriteStream(file);
let buf = `# Undirected graph: R-MAT (0.57, 0.19, 0.19) n=${n} m=${m} seed=${seed}\n`;
for (let k = 0; k < m; k++) {
  buf += `${src[k]}\t${dst[k]}\n`;
  if (buf.length > 1 << 20) {
    if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
    buf = '';
  }
}
out.end(buf);
await new Promise((r) => out.on('finish', r));
console.log(JSON.stringify({ n, edges: m }));
