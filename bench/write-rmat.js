// Write an R-MAT edge list (SNAP style) for the derive benchmark.
import { rmatEdges } from '../dist/graph/generators/rmat.js';
import { writeEdgeFile } from './edge-file.js';

const [scale, ef, file] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const { src, dst } = rmatEdges({ scale, edgeFactor: ef, seed: 1 });
await writeEdgeFile(file, `Directed graph: R-MAT scale ${scale}, edge factor ${ef}, seed 1`, src, dst);
console.log(JSON.stringify({ edges: src.length }));
