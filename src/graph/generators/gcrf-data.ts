/**
 * Synthetic GCRF data on one graph, by the seed paper's recipe (SEEDS-SPEC §2.5, here on a
 * single Erdős–Rényi graph rather than a Kronecker product): y ~ N(0, 1) per node; weights
 * S(i,j) = exp(−|ỹ_i − ỹ_j|) on the edges with ỹ = y + N(0, (1/3)²); and the predictor
 * R = Q*(y + ε)/α* with Q* = α*·I + β*·L(S) and ε ~ N(0, noise²), so the GCRF mean at the true
 * parameters (α*, β*) is y + ε.
 */
import { Rng } from '../../util/rng.js';
import { buildGraph } from '../graph.js';
import type { AttributedGraph } from '../attributed.js';
import { erdosRenyiEdges } from './erdos-renyi.js';
import { tabulate } from '../../util/tabulate.js';

export interface GcrfDataOptions {
  n: number;
  degree: number;
  alphaStar: number;
  betaStar: number;
  noise: number;
  seed: number;
}

export function gcrfData(o: GcrfDataOptions): AttributedGraph {
  const e = erdosRenyiEdges({ n: o.n, degree: o.degree, seed: o.seed });
  const rng = new Rng(o.seed + 0x9e3779b9);
  const y = tabulate(o.n, () => rng.normal());
  const yt = tabulate(o.n, (i) => y[i]! + rng.normal() / 3);
  const m = e.src.length;
  const w = tabulate(m, (k) => Math.exp(-Math.abs(yt[e.src[k]!]! - yt[e.dst[k]!]!)));
  const labels = Array.from({ length: o.n }, (_, i) => String(i));
  const description = `gcrf(er n=${o.n}, degree=${o.degree}, α*=${o.alphaStar}, β*=${o.betaStar}, noise=${o.noise}, seed=${o.seed})`;
  const graph = buildGraph(labels, { src: e.src, dst: e.dst, weight: w }, { directed: false, weighted: true, source: description });
  // R = (α*·x + β*·L·x)/α* with x = y + ε
  const x = tabulate(o.n, (i) => y[i]! + o.noise * rng.normal());
  const lx = new Float64Array(o.n);
  for (let k = 0; k < m; k++) {
    const i = e.src[k]!;
    const j = e.dst[k]!;
    const d = w[k]! * (x[i]! - x[j]!);
    lx[i]! += d;
    lx[j]! -= d;
  }
  const R = tabulate(o.n, (i) => x[i]! + (o.betaStar / o.alphaStar) * lx[i]!);
  return { graph, y, R: [R], predictors: ['r1'], nodesSource: description };
}
