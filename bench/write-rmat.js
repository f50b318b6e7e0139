// Write an R-MAT edge list (SNAP style) for the derive benchmark.
import { createWriteStream } from 'node:fs';
import { rmatEdges } from '../dist/graph/generators/rmat.js';

const [scale, ef, file] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const { src, dst } = rmatEdges({ scale, edgeFactor: ef, seed: 1 });
const out = createWriteStream(file);
let buf = `# Directed graph: R-MAT scale ${scale}, edge factor ${ef}, seed 1\n`;
for (let e = 0; e < src.length; e++) {
  buf += `${src[e]}\t${dst[e]}\n`;
  if (buf.length > 1 << 20) {
    if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
    buf = '';
  }
}
out.end(buf);
await new Promise((r) => out.on('finish', r));
console.log(JSON.stringify({ edges: src.length }));
