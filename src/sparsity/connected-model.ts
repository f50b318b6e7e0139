/**
 * The connected-subgraph sparsity model M(G, s) = {S : |S| ≤ s, G[S] connected} as the head and
 * tail projections see it (Hegde, Indyk, Schmidt, ICML 2015; the parametrisation of the
 * authors' code, SEEDS-SPEC §1.2): node prizes π_i = x_i², edge costs c_e = w_e + B/s with the
 * budget B = s − g (g trees; unit weights w_e = 1 unless given) and the cost budget C = 2B.
 * Supports come out in the relaxed model: a head support costs at most 2C, a tail support
 * between 2C and νC when the search finds one, so with unit weights they hold up to about
 * 2–2.5·s nodes, as in the authors' runs.
 */
import type { PcsfGraph } from './pcsf.js';

export interface ConnectedModel {
  graph: PcsfGraph;
  /** the sparsity s (≥ 1) */
  s: number;
  /** the number of trees g (default 1) */
  g?: number;
  /** edge weights w_e (default 1 each) */
  weights?: Float64Array;
}

export interface Projection {
  /** the support's nodes, ascending */
  support: Int32Array;
  /** the forest's edges (indices into the graph's edge list) */
  edges: Int32Array;
  /** c(F) with the model's edge costs, against the cost budget C */
  cost: number;
  budgetC: number;
  /** Σ π over the support, against Σ π over all nodes */
  prize: number;
  totalPrize: number;
  /** PCSF runs made; whether the search ended by its tolerance (false: by the iteration cap) */
  pcsfCalls: number;
  converged: boolean;
}

export function modelCosts(model: ConnectedModel): { costs: Float64Array; C: number; g: number } {
  const { graph, s } = model;
  const g = model.g ?? 1;
  if (!(Number.isInteger(s) && s >= 1)) throw new RangeError(`sparsity: s must be a whole number ≥ 1, got ${s}`);
  if (!(Number.isInteger(g) && g >= 1 && g <= s)) throw new RangeError(`sparsity: the number of trees g must be a whole number in 1..s, got ${g}`);
  const B = s - g;
  const m = graph.src.length;
  const costs = new Float64Array(m);
  for (let e = 0; e < m; e++) costs[e] = (model.weights ? model.weights[e]! : 1) + B / s;
  return { costs, C: 2 * B, g };
}

/** π_i = x_i², their sum, and the smallest prize that counts (≥ errTol·max π, so tiny prizes cannot stall the search). */
export function prizesOf(x: Float64Array, errTol: number): { prizes: Float64Array; total: number; min: number } {
  const prizes = new Float64Array(x.length);
  let total = 0;
  let max = 0;
  for (let i = 0; i < x.length; i++) {
    const p = x[i]! * x[i]!;
    if (!Number.isFinite(p)) throw new RangeError(`sparsity: x[${i}] = ${x[i]} is not finite`);
    prizes[i] = p;
    total += p;
    max = Math.max(max, p);
  }
  let min = Infinity;
  for (let i = 0; i < x.length; i++) if (prizes[i]! > 0) min = Math.min(min, prizes[i]!);
  return { prizes, total, min: Math.max(min, errTol * max) };
}

/** With s = g (no edges allowed) a support is g single nodes: the g largest prizes (ties: the smaller index). */
export function heaviest(prizes: Float64Array, g: number): Int32Array {
  const order = Array.from(prizes.keys()).filter((i) => prizes[i]! > 0).sort((a, b) => prizes[b]! - prizes[a]! || a - b);
  return Int32Array.from(order.slice(0, g)).sort();
}
