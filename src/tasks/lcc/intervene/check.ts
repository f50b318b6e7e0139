/**
 * The check every intervention passes before it is written: the graph with the edges added is
 * built anew from the edge list, and every constraint recomputed there, by other code than the
 * methods' (LCC by merging sorted neighbour lists, not the incremental engine): the budget,
 * each edge new and with a target at one end, no node's LCC up by more than ε, and the targets'
 * degree, harmonic closeness and betweenness bounds. Also the summary the command writes.
 */
import { buildGraph, type Graph } from '../../../graph/graph.js';
import type { Csr } from '../../../graph/csr.js';
import { betweenness, csrNeighbours, harmonicCloseness } from '../centrality.js';
import type { InterventionProblem } from './problem.js';

/** v's degree in a CSR, self-loops not counted. */
function csrDegree(a: Csr, v: number): number {
  let d = 0;
  for (let p = a.rowPtr[v]!; p < a.rowPtr[v + 1]!; p++) if (a.colIdx[p] !== v) d++;
  return d;
}

/** LCC of v from sorted CSR rows: edges among its neighbours by merging rows (self-loops skipped). */
export function lccByMerge(a: Csr, v: number): number {
  const lo = a.rowPtr[v]!;
  const hi = a.rowPtr[v + 1]!;
  const d = csrDegree(a, v);
  if (d < 2) return 0;
  let twice = 0;
  for (let p = lo; p < hi; p++) {
    const x = a.colIdx[p]!;
    if (x === v) continue;
    // |N(v) ∩ N(x)| by a merge of the two sorted rows
    let i = lo;
    let j = a.rowPtr[x]!;
    const je = a.rowPtr[x + 1]!;
    while (i < hi && j < je) {
      const ci = a.colIdx[i]!;
      const cj = a.colIdx[j]!;
      if (ci === cj) {
        if (ci !== v && ci !== x) twice++;
        i++;
        j++;
      } else if (ci < cj) i++;
      else j++;
    }
  }
  return twice / (d * (d - 1));
}

export interface TargetReport {
  node: string;
  lcc: [number, number];
  degree: [number, number];
  /** null where closeness was not computed (no bound asked and too many targets × edges) */
  closeness: [number, number] | null;
  /** null where betweenness was not computed (no bound asked and the graph too large) */
  betweenness: [number, number] | null;
}

export interface InterventionReport {
  method: string;
  budget: number;
  edges: number;
  epsilon: number;
  /** f before and after: the largest LCC among the targets */
  maxTargetLcc: [number, number];
  targets: TargetReport[];
  /** the largest LCC increase of any node that is not a target, and which */
  largestOtherIncrease: { node: string | null; increase: number };
  violations: string[];
  seconds: number;
  /** every node's LCC change, counted in 40 bins of 0.05 from −1 to 1 (bin i: [−1 + 0.05i, −1 + 0.05(i + 1)); a change of exactly 0 falls in bin 20); unchanged nodes not counted */
  changes: number[];
}

/** Betweenness costs O(nm), the targets' closeness O(|T|(n + m)): each is computed when a bound asks for it, or when its cost is at most this. */
const CENTRALITY_WORK = 2e8;

export function assessIntervention(problem: InterventionProblem, added: readonly [number, number][], method: string, seconds: number): InterventionReport {
  const { graph, targets, budget, epsilon } = problem;
  const violations: string[] = [];
  const label = (v: number): string => graph.labels[v]!;
  if (added.length > budget) violations.push(`${added.length} edges added, the budget is ${budget}`);
  const isTarget = new Uint8Array(graph.n);
  for (const t of targets) isTarget[t] = 1;
  const seen = new Set<number>();
  for (const [a, b] of added) {
    const key = a < b ? a * graph.n + b : b * graph.n + a;
    if (a === b) violations.push(`edge ${label(a)} ${label(b)} is a self-loop`);
    else if (graph.csr.find(a, b) >= 0) violations.push(`edge ${label(a)} ${label(b)} is already in the graph`);
    else if (seen.has(key)) violations.push(`edge ${label(a)} ${label(b)} is added twice`);
    if (!isTarget[a] && !isTarget[b]) violations.push(`edge ${label(a)} ${label(b)} has no target at either end`);
    seen.add(key);
  }
  const after = withEdges(graph, added);
  // only the ends of added edges and their neighbours (after) can change LCC
  const touched = new Set<number>();
  for (const [a, b] of added) {
    for (const v of [a, b]) {
      touched.add(v);
      for (let p = after.csr.rowPtr[v]!; p < after.csr.rowPtr[v + 1]!; p++) touched.add(after.csr.colIdx[p]!);
    }
  }
  let worstNode: number | null = null;
  let worst = -Infinity;
  const tooMuch: string[] = [];
  const changes = new Array<number>(40).fill(0);
  for (const v of touched) {
    const inc = lccByMerge(after.csr, v) - lccByMerge(graph.csr, v);
    if (Math.abs(inc) > 1e-15) changes[Math.min(39, Math.max(0, Math.floor((inc + 1) / 0.05 + 1e-9)))]!++;
    if (inc > epsilon + 1e-12) tooMuch.push(`${label(v)} (+${inc.toPrecision(4)})`);
    if (!isTarget[v] && inc > worst) [worst, worstNode] = [inc, v];
  }
  if (tooMuch.length) violations.push(`LCC rises by more than ε = ${epsilon} at ${tooMuch.length} node${tooMuch.length === 1 ? '' : 's'}: ${tooMuch.slice(0, 5).join(', ')}${tooMuch.length > 5 ? ', …' : ''}`);
  const m = graph.edges.src.length;
  const wantB = problem.minBetweenness !== undefined || graph.n * m <= CENTRALITY_WORK;
  const wantC = problem.minCloseness !== undefined || targets.length * (graph.n + m) <= CENTRALITY_WORK;
  // neighbour sources straight from the CSRs: the check needs no triangle counts beyond lccByMerge's
  const s0 = csrNeighbours(graph.csr);
  const s1 = csrNeighbours(after.csr);
  const b0 = wantB ? betweenness(s0) : null;
  const b1 = wantB ? betweenness(s1) : null;
  const report: TargetReport[] = Array.from(targets, (t) => ({
    node: label(t),
    lcc: [lccByMerge(graph.csr, t), lccByMerge(after.csr, t)],
    degree: [csrDegree(graph.csr, t), csrDegree(after.csr, t)],
    closeness: wantC ? [harmonicCloseness(s0, t), harmonicCloseness(s1, t)] : null,
    betweenness: b0 && b1 ? [b0[t]!, b1[t]!] : null,
  }));
  for (const r of report) {
    if (problem.minDegree !== undefined && r.degree[1] < problem.minDegree) violations.push(`target ${r.node}: degree ${r.degree[1]} < ${problem.minDegree}`);
    if (problem.minCloseness !== undefined && r.closeness![1] < problem.minCloseness - 1e-12) violations.push(`target ${r.node}: closeness ${r.closeness![1].toPrecision(4)} < ${problem.minCloseness}`);
    if (problem.minBetweenness !== undefined && r.betweenness![1] < problem.minBetweenness - 1e-12) violations.push(`target ${r.node}: betweenness ${r.betweenness![1].toPrecision(4)} < ${problem.minBetweenness}`);
  }
  return {
    method,
    budget,
    edges: added.length,
    epsilon,
    maxTargetLcc: [report.reduce((m, r) => Math.max(m, r.lcc[0]), 0), report.reduce((m, r) => Math.max(m, r.lcc[1]), 0)],
    targets: report,
    largestOtherIncrease: { node: worstNode === null ? null : label(worstNode), increase: worstNode === null ? 0 : worst },
    violations,
    seconds,
    changes,
  };
}

/** The graph with the edges added (unweighted, undirected), nodes and labels kept. */
export function withEdges(graph: Graph, added: readonly [number, number][]): Graph {
  const m = graph.edges.src.length;
  const src = new Int32Array(m + added.length);
  const dst = new Int32Array(m + added.length);
  src.set(graph.edges.src);
  dst.set(graph.edges.dst);
  added.forEach(([a, b], i) => {
    src[m + i] = a;
    dst[m + i] = b;
  });
  return buildGraph(graph.labels, { src, dst, weight: new Float64Array(m + added.length).fill(1) }, { directed: false, source: `${graph.source} + ${added.length} edges` });
}
