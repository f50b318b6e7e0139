/**
 * verify --task lcc, against a separate computation from the edge list (adjacency maps built
 * here, nothing of ClusteringState used):
 *  1. the exact deltas: f recomputed by definition (edges among each target's neighbours) on
 *     the graph with the pair toggled, at sampled edges and at non-edges near the targets;
 *  2. B against central differences of the continuous relaxation: the pair's value x in place
 *     of 0 or 1, e_v(x) = Σ_{i<j ∈ N(v)} A_vi A_ij A_jv, d_v(x) = Σ_i A_vi;
 *  3. informative: at pairs not incident to a target, B equals the exact change (e_v and d_v
 *     are multilinear in the pairs), negated for a removal.
 */
import type { Graph } from '../../graph/graph.js';
import { Rng } from '../../util/rng.js';
import { maxAbs, relError, type CheckResult, type VerifyReport, type VerifyRun } from '../../verify/check.js';
import type { LccFit } from './fit.js';
import { exactDelta, pairScore } from './objective.js';

/** Weighted adjacency maps of the graph (0/1), with one pair's value overridden. */
class Adjacency {
  private readonly nb: Map<number, number>[];
  constructor(graph: Graph) {
    this.nb = Array.from({ length: graph.n }, () => new Map<number, number>());
    const { src, dst } = graph.edges;
    for (let e = 0; e < src.length; e++) {
      if (src[e] === dst[e]) continue;
      this.nb[src[e]!]!.set(dst[e]!, 1);
      this.nb[dst[e]!]!.set(src[e]!, 1);
    }
  }
  value(i: number, j: number, over: [number, number, number] | null): number {
    if (over && ((i === over[0] && j === over[1]) || (i === over[1] && j === over[0]))) return over[2];
    return this.nb[i]!.get(j) ?? 0;
  }
  /** LCC(v) = 2 e_v / (d_v(d_v − 1)) with weighted e and d (the relaxation; 0/1 values give the LCC) */
  lcc(v: number, over: [number, number, number] | null): number {
    const ends = new Set(this.nb[v]!.keys());
    if (over && (over[0] === v || over[1] === v)) ends.add(over[0] === v ? over[1] : over[0]);
    const list = [...ends];
    let d = 0;
    for (const i of list) d += this.value(v, i, over);
    let e = 0;
    for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) e += this.value(v, list[a]!, over) * this.value(list[a]!, list[b]!, over) * this.value(v, list[b]!, over);
    // the convention (0 below degree 2) holds for 0/1 graphs; the relaxation uses the formula
    const integral = over === null || over[2] === 0 || over[2] === 1;
    if (integral && d < 2) return 0;
    return (2 * e) / (d * (d - 1));
  }
}

export function verifyLcc(graph: Graph, fit: LccFit, run: VerifyRun): Omit<VerifyReport, 'task'> {
  const say = run.progress ?? (() => {});
  const rng = new Rng(run.seed);
  const { state, f } = fit;
  const adj = new Adjacency(graph);
  const fOf = (over: [number, number, number] | null): number => {
    const l = Array.from(f.targets, (t) => adj.lcc(t, over));
    const top = l.reduce((m, x) => Math.max(m, x), -Infinity);
    if (f.aggregate === 'max' || f.targets.length === 1) return top;
    return top + f.tau * Math.log(l.reduce((s, x) => s + Math.exp((x - top) / f.tau), 0));
  };
  const f0 = fOf(null);
  // pairs: sampled edges, and non-edges from each sampled target to nodes two hops away (and a few random ones)
  const pairs: [number, number][] = [];
  const { src, dst } = graph.edges;
  for (let t = 0; t < run.sample && src.length; t++) {
    const e = rng.int(src.length);
    if (src[e] !== dst[e]) pairs.push([src[e]!, dst[e]!]);
  }
  for (let t = 0; t < run.sample; t++) {
    const v = f.targets[rng.int(f.targets.length)]!;
    const nb = state.neighbours(v);
    if (nb.length === 0) continue;
    const x = nb[rng.int(nb.length)]!;
    const two = state.neighbours(x).filter((y) => y !== v && !state.has(v, y));
    if (two.length) pairs.push([v, two[rng.int(two.length)]!]);
  }
  for (let t = 0; t < Math.ceil(run.sample / 4) && graph.n > 1; t++) {
    const a = rng.int(graph.n);
    const b = rng.int(graph.n);
    if (a !== b) pairs.push([a, b]);
  }
  const B = pairs.map(([p, q]) => pairScore(state, f, p, q));
  const scale = Math.max(maxAbs(B.filter(Number.isFinite)), 1e-300);
  const notes = [`graph: ${graph.n} nodes, ${src.length} edges; ${f.targets.length} target${f.targets.length === 1 ? '' : 's'} (${f.aggregate}); f = ${f.value.toPrecision(10)}; ${pairs.length} pairs checked, max|B| = ${scale.toPrecision(4)}`];
  const checks: CheckResult[] = [];
  const fe = Math.abs(f0 - f.value);
  checks.push({ name: 'f recomputed', detail: 'f from the edge list (edges among each target’s neighbours) against the triangle counts', compared: 1, worstRelError: fe, threshold: 1e-12, pass: fe <= 1e-12 });

  say('verify: exact deltas against f recomputed with the pair toggled');
  const exact = pairs.map(([p, q]) => exactDelta(state, f, p, q));
  const recomputed = pairs.map(([p, q]) => fOf([p, q, state.has(p, q) ? 0 : 1]) - f0);
  const de = relError(exact, recomputed, 1);
  checks.push({ name: 'exact delta', detail: `the exact change of f for toggling each pair against f recomputed from the edge list (absolute)`, compared: pairs.length, worstRelError: de, threshold: 1e-12, pass: de <= 1e-12 });

  say('verify: central differences of the relaxation');
  const h = 1e-6;
  const closed: number[] = [];
  const numeric: number[] = [];
  pairs.forEach(([p, q], i) => {
    if (!Number.isFinite(B[i]!)) return;
    const x0 = state.has(p, q) ? 1 : 0;
    closed.push(B[i]!);
    numeric.push((fOf([p, q, x0 + h]) - fOf([p, q, x0 - h])) / (2 * h));
  });
  const fd = relError(closed, numeric, scale);
  checks.push({ name: 'finite difference', detail: `central differences (h = ${h}) of f with the pair's value made continuous, recomputed from the edge list`, compared: closed.length, worstRelError: fd, threshold: 1e-6, pass: fd <= 1e-6 });

  // multilinearity: exact at pairs away from the targets
  const away = pairs.map((pq, i) => [pq, i] as const).filter(([[p, q]]) => f.slot[p]! < 0 && f.slot[q]! < 0);
  if (away.length) {
    const lin = relError(
      away.map(([[p, q], i]) => (state.has(p, q) ? -B[i]! : B[i]!)),
      away.map(([, i]) => exact[i]!),
      scale,
    );
    checks.push({ name: 'B = exact change', detail: 'at pairs not incident to a target, ±B against the exact change (exact for triangle counts; a max that changes hands breaks it)', compared: away.length, worstRelError: lin, threshold: 1e-12, pass: lin <= 1e-12, informative: true });
  }
  return { input: graph.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
}
