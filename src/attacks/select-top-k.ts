/**
 * Algorithm 2's selection: the k highest-scored existing edges, ties broken by edge order.
 * The budget is explicit, the perturbation is returned, and the postcondition is checked.
 */
import { ConfigError } from '../util/errors.js';

export function selectTopK(scores: ArrayLike<number>, budget: number): Int32Array {
  if (!Number.isInteger(budget) || budget < 0) throw new ConfigError(`budget must be a non-negative integer, got ${budget}`);
  const m = scores.length;
  const k = Math.min(budget, m);
  for (let e = 0; e < m; e++) {
    if (Number.isNaN(scores[e]!)) throw new ConfigError(`edge score ${e} is NaN; the scorer failed`);
  }
  const idx = Array.from({ length: m }, (_, e) => e);
  idx.sort((x, y) => scores[y]! - scores[x]! || x - y);
  const out = Int32Array.from(idx.slice(0, k));
  // postcondition: at most `budget` distinct existing edges
  const seen = new Set<number>(out);
  if (out.length > budget || seen.size !== out.length || out.some((e) => e < 0 || e >= m)) {
    throw new Error(`selectTopK: postcondition failed (${out.length} edges for budget ${budget})`);
  }
  return out;
}
