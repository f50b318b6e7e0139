/**
 * The lcc task's f and its derivative network (SEEDS-SPEC §3.6). f is the local clustering
 * coefficient of one target, the largest among a target set, or a smooth maximum
 * τ·log Σ_v exp(LCC(v)/τ). With e_v = ½(A³)_vv and d_v = (A·1)_v, for the symmetric pair (p, q):
 *
 *   ∂e_v/∂A_pq = A_vp·A_vq (v ∉ {p, q}),  |N(v) ∩ N(q)| (v = p),   ∂d_v/∂A_pq = [v ∈ {p, q}],
 *   ∂LCC(v)/∂A_pq = 2 ∂e_v / (d_v(d_v − 1)) − 2 e_v (2d_v − 1) ∂d_v / (d_v(d_v − 1))²,
 *
 * nonzero only for pairs in v's one-hop ball, O(min(d_p, d_q)) per pair. e_v and d_v are
 * multilinear in the pair variables, so for a pair not incident to v the derivative is the
 * exact change of LCC(v) when the pair is added (or, negated, removed); at pairs incident to v
 * only the denominator makes it first-order, and with d_v fixed both B and the exact gain are
 * increasing affine in |N(v) ∩ N(q)|: they rank v's candidates alike.
 *
 * Where the derivative does not exist: LCC(v) is 0 by convention for d_v < 2, with a jump at
 * an added edge; a target of degree < 2 (with weight in f) has no derivative at the pairs
 * incident to it (NaN there). For `max`, two targets tied at the maximum make f a kink.
 */
import type { ClusteringState } from './engine.js';

export type Aggregate = 'max' | 'smooth-max';

export interface LccObjective {
  targets: Int32Array;
  aggregate: Aggregate;
  tau: number;
  /** ∂f/∂LCC(v) per target (one-hot for max: the target holding it) */
  weights: Float64Array;
  /** f */
  value: number;
  /** per node: its index in `targets`, or −1 */
  slot: Int32Array;
  /** the LCC of each target at the fit */
  lcc: Float64Array;
  /** targets tied at the maximum (max, 2 or more: f has a kink there) */
  tied: number[];
  /** target slots by LCC, largest first */
  order: Int32Array;
  /** smooth max: Σ_v exp((LCC(v) − top)/τ) and top, the largest LCC */
  sum: number;
  top: number;
}

export function lccObjective(state: ClusteringState, targets: Int32Array, aggregate: Aggregate, tau: number): LccObjective {
  const slot = new Int32Array(state.n).fill(-1);
  targets.forEach((t, i) => (slot[t] = i));
  const lcc = Float64Array.from(targets, (t) => state.lcc(t));
  const weights = new Float64Array(targets.length);
  const top = lcc.reduce((m, x) => Math.max(m, x), -Infinity);
  let value: number;
  let tied: number[] = [];
  let sum = 1;
  if (aggregate === 'max' || targets.length === 1) {
    value = top;
    tied = Array.from(targets).filter((_, i) => lcc[i] === top);
    weights[lcc.indexOf(top)] = 1;
  } else {
    let s = 0;
    for (let i = 0; i < lcc.length; i++) s += (weights[i] = Math.exp((lcc[i]! - top) / tau));
    for (let i = 0; i < lcc.length; i++) weights[i]! /= s;
    value = top + tau * Math.log(s);
    sum = s;
  }
  const order = Int32Array.from(lcc.keys()).sort((a, b) => lcc[b]! - lcc[a]! || a - b);
  return { targets, aggregate, tau, weights, value, slot, lcc, tied: tied.length > 1 ? tied : [], order, sum, top };
}

/** ∂LCC(v)/∂A_pq with v ∈ {p, q} (the other end: q), from the state's triangles and degrees. */
function incident(state: ClusteringState, v: number, q: number): number {
  const d = state.degree[v]!;
  if (d < 2) return Number.NaN;
  const e = state.triangles[v]!;
  const den = d * (d - 1);
  const cn = state.common(v, q).length;
  return (2 * cn) / den - (2 * e * (2 * d - 1)) / (den * den);
}

/** B(p, q) = ∂f/∂A_pq for the symmetric pair. */
export function pairScore(state: ClusteringState, obj: LccObjective, p: number, q: number): number {
  if (p === q) return 0;
  let b = 0;
  const sp = obj.slot[p]!;
  const sq = obj.slot[q]!;
  if (sp >= 0 && obj.weights[sp]! !== 0) b += obj.weights[sp]! * incident(state, p, q);
  if (sq >= 0 && obj.weights[sq]! !== 0) b += obj.weights[sq]! * incident(state, q, p);
  // targets adjacent to both ends: the pair closes a triangle at each
  state.forCommon(p, q, (z) => {
    const sz = obj.slot[z]!;
    if (sz < 0 || obj.weights[sz]! === 0) return;
    const d = state.degree[z]!;
    b += (obj.weights[sz]! * 2) / (d * (d - 1));
  });
  return b;
}

/** The exact change of f if the pair alone were toggled: added when absent, removed when present. */
export function exactDelta(state: ClusteringState, obj: LccObjective, p: number, q: number): number {
  if (p === q) return 0;
  const eff = state.effect(p, q, state.has(p, q) ? -1 : 1);
  const changed = new Map<number, number>();
  eff.nodes.forEach((v, i) => {
    if (obj.slot[v]! >= 0) changed.set(obj.slot[v]!, eff.after[i]!);
  });
  if (changed.size === 0) return 0;
  if (obj.aggregate === 'max' || obj.targets.length === 1) {
    // the largest among the changed targets and the first unchanged one in LCC order
    let best = -Infinity;
    for (const v of changed.values()) best = Math.max(best, v);
    for (const i of obj.order) {
      if (changed.has(i)) continue;
      best = Math.max(best, obj.lcc[i]!);
      break;
    }
    return best - obj.value;
  }
  let s = obj.sum;
  for (const [i, v] of changed) s += Math.exp((v - obj.top) / obj.tau) - Math.exp((obj.lcc[i]! - obj.top) / obj.tau);
  return obj.top + obj.tau * Math.log(s) - obj.value;
}
