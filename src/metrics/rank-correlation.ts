/** Spearman rank correlation (average ranks for ties) and top-k overlap of two score vectors. */
import { selectTopK } from '../attacks/select-top-k.js';

/** Ranks 1..n, ties get the mean of the ranks they span. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  const ranks = new Float64Array(n);
  for (let s = 0; s < n; ) {
    let e = s + 1;
    while (e < n && x[order[e]!] === x[order[s]!]) e++;
    const rank = (s + e + 1) / 2;
    for (let k = s; k < e; k++) ranks[order[k]!] = rank;
    s = e;
  }
  return ranks;
}

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`spearman: lengths differ (${x.length} vs ${y.length})`);
  const n = x.length;
  if (n < 2) return NaN;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = rx[i]! - mean;
    const b = ry[i]! - mean;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** |top-k(x) ∩ top-k(y)| / k (largest values; ties by index). */
export function topKOverlap(x: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  const kk = Math.min(k, x.length);
  if (kk === 0) return NaN;
  const a = new Set(selectTopK(Float64Array.from(x), kk));
  let hit = 0;
  for (const e of selectTopK(Float64Array.from(y), kk)) if (a.has(e)) hit++;
  return hit / kk;
}
