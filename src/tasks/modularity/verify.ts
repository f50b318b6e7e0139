/**
 * verify --task modularity: the closed form ∂Q/∂A (partition held fixed) checked against
 *  1. float64 central differences of Q on sampled edges and non-edges, Q recomputed from the
 *     edge list each time (per-edge sums of r_iᵀr_j and the degrees, a perturbing edge
 *     added): nothing of the closed form or of its CSR sums is used;
 *  2. for a hard partition, graphology-metrics' modularity of the same communities (an
 *     independent implementation), and Louvain's own reported value where Louvain made it.
 */
import modularityModule from 'graphology-metrics/graph/modularity.js';
import type { Graph } from '../../graph/graph.js';
import { toGraphology } from '../../graph/graphology.js';
import { Rng } from '../../util/rng.js';
import { maxAbs, relError, sampleEdges, type CheckResult, type VerifyReport, type VerifyRun } from '../../verify/check.js';
import { overlap, type Partition } from './partition.js';
import { pairDerivative } from './modularity.js';
import type { ModularityFit } from './fit.js';

// a CommonJS module whose typings declare an ES default export: Node hands over module.exports
const graphologyModularity = ((modularityModule as unknown as { default?: unknown }).default ?? modularityModule) as typeof modularityModule.default;

/**
 * Q of partition p on the graph's edge list plus extra weighted pairs (i, j, w): every
 * undirected edge counts as A_ij and A_ji (a self-loop once), summed edge by edge.
 */
export function modularityFromEdges(graph: Graph, p: Partition, extra: readonly [number, number, number][] = []): number {
  const d = new Float64Array(graph.n);
  let trace = 0;
  let M = 0;
  const add = (i: number, j: number, w: number): void => {
    const both = i === j || graph.directed ? 1 : 2;
    trace += both * w * overlap(p, i, j);
    M += both * w;
    d[i]! += w;
    if (both === 2) d[j]! += w;
  };
  const { src, dst, weight } = graph.edges;
  for (let e = 0; e < src.length; e++) add(src[e]!, dst[e]!, weight[e]!);
  for (const [i, j, w] of extra) add(i, j, w);
  const s = new Float64Array(p.k);
  for (let i = 0; i < graph.n; i++) {
    if (p.soft) for (let c = 0; c < p.k; c++) s[c]! += d[i]! * p.soft[i * p.k + c]!;
    else if (p.labels[i]! >= 0) s[p.labels[i]!]! += d[i]!;
  }
  let ss = 0;
  for (let c = 0; c < p.k; c++) ss += s[c]! * s[c]!;
  return trace / M - ss / (M * M);
}

export function verifyModularity(graph: Graph, fit: ModularityFit, run: VerifyRun): Omit<VerifyReport, 'task'> {
  const say = run.progress ?? (() => {});
  const rng = new Rng(run.seed);
  const p = fit.partition;
  const { src, dst, weight } = graph.edges;
  const B = Float64Array.from(src, (i, e) => pairDerivative(fit.parts, p, i, dst[e]!));
  const scale = maxAbs(B);
  const notes = [
    `graph: ${graph.n} nodes, ${src.length} edges; partition: ${p.k} communities (${p.soft ? 'soft' : 'hard'}, ${fit.source}); Q = ${fit.objective.toPrecision(10)}; max|B| = ${scale.toPrecision(4)}`,
    'B is ∂Q/∂A with the partition held fixed (how the method would re-partition the edited graph is not part of it)',
  ];
  const checks: CheckResult[] = [];

  // 1. central differences on sampled edges and non-edges
  say('verify: central differences of Q, recomputed from the edge list');
  const meanW = weight.reduce((a, w) => a + w, 0) / Math.max(1, weight.length);
  const h = 1e-4 * meanW;
  const fd = (i: number, j: number): number => (modularityFromEdges(graph, p, [[i, j, h]]) - modularityFromEdges(graph, p, [[i, j, -h]])) / (2 * h);
  const edges = sampleEdges(B, run.sample, rng);
  const closed: number[] = [];
  const numeric: number[] = [];
  for (const e of edges) {
    closed.push(B[e]!);
    numeric.push(fd(src[e]!, dst[e]!));
  }
  let nonEdges = 0;
  for (let tries = 0; nonEdges < Math.ceil(run.sample / 2) && tries < 100 * run.sample && graph.n > 1; tries++) {
    const i = rng.int(graph.n);
    const j = rng.int(graph.n);
    if (i === j || graph.csr.find(i, j) >= 0) continue;
    closed.push(pairDerivative(fit.parts, p, i, j));
    numeric.push(fd(i, j));
    nonEdges++;
  }
  const err = relError(closed, numeric, scale);
  checks.push({
    name: 'finite difference',
    detail: `central differences of Q (h = ${h.toPrecision(2)}) on ${edges.length} edges and ${nonEdges} non-edges, Q recomputed from the edge list`,
    compared: closed.length,
    worstRelError: err,
    threshold: 1e-6,
    pass: err <= 1e-6,
  });

  // 2. an independent modularity of a hard partition
  const unassigned = p.labels.reduce((c, l) => c + (l < 0 ? 1 : 0), 0);
  if (p.soft) notes.push('graphology-metrics modularity skipped: the partition is soft');
  else if (unassigned > 0) notes.push(`graphology-metrics modularity skipped: ${unassigned} nodes are in no community (it would count them as communities)`);
  else if (graph.stats.selfLoops > graph.stats.selfLoopsDropped) notes.push('graphology-metrics modularity skipped: the graph keeps self-loops (degree conventions differ)');
  else {
    say('verify: graphology-metrics modularity');
    const g = toGraphology(graph);
    const index = new Map(graph.labels.map((l, i) => [l, i]));
    const q = graphologyModularity(g, { getNodeCommunity: (node) => p.labels[index.get(node)!]!, getEdgeWeight: 'weight' });
    const e = Math.abs(q - fit.objective) / Math.max(Math.abs(q), 1e-300);
    checks.push({ name: 'independent Q', detail: 'graphology-metrics modularity of the same communities', compared: 1, worstRelError: e, threshold: 1e-10, pass: e <= 1e-10 });
  }
  if (fit.louvainModularity !== undefined) {
    const e = Math.abs(fit.louvainModularity - fit.objective) / Math.max(Math.abs(fit.objective), 1e-300);
    checks.push({ name: 'Louvain Q', detail: "the modularity Louvain reports for its own communities", compared: 1, worstRelError: e, threshold: 1e-10, pass: e <= 1e-10, informative: true });
  }
  return { input: graph.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
}
