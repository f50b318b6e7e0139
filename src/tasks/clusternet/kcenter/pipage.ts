/**
 * Pipage rounding for the uniform matroid (Ageev & Sviridenko; the authors' `rounding`): walk
 * two fractional coordinates at a time, moving mass between them so that one becomes 0 or 1,
 * with probabilities that keep every coordinate's expectation. The sum is preserved, so x
 * with Σx = K (integral) rounds to exactly K ones. Seeded.
 */
import { Rng } from '../../../util/rng.js';

export function pipageRound(x: Float64Array, rng: Rng): Float64Array {
  const y = Float64Array.from(x);
  const frac = (v: number): boolean => v > 1e-12 && v < 1 - 1e-12;
  let i = -1;
  for (let t = 0; t < y.length; t++) {
    if (!frac(y[t]!)) continue;
    if (i < 0) {
      i = t;
      continue;
    }
    const j = t;
    const [a, b] = [y[i]!, y[j]!];
    if (a + b <= 1) {
      // one of them takes both masses, the other goes to 0
      if (rng.uniform() < a / (a + b)) [y[i], y[j]] = [a + b, 0];
      else [y[i], y[j]] = [0, a + b];
    } else if (rng.uniform() < (1 - b) / (2 - a - b)) [y[i], y[j]] = [1, a + b - 1];
    else [y[i], y[j]] = [a + b - 1, 1];
    // keep walking with whichever of the two is still fractional
    i = frac(y[i]!) ? i : frac(y[j]!) ? j : -1;
  }
  for (let t = 0; t < y.length; t++) y[t] = y[t]! >= 0.5 ? 1 : 0; // a leftover within 1e-12 of 0 or 1
  return y;
}

/**
 * Scale a fractional selection (clamped to [0, 1]) to sum K: down proportionally when it sums to
 * more, up by water-filling when less (coordinates that would pass 1 are set to 1 and the rest
 * scaled again), so that pipage rounding gives exactly K facilities.
 */
export function fillToK(x: Float64Array, k: number): Float64Array {
  const y = Float64Array.from(x, (v) => Math.min(1, Math.max(0, v)));
  if (y.length < k) throw new RangeError(`fillToK: ${k} facilities asked of ${y.length} locations`);
  const total = y.reduce((a, b) => a + b, 0);
  if (total > k) return y.map((v) => (v * k) / total); // too much mass: scale down (no coordinate passes 1)
  for (let round = 0; round < y.length; round++) {
    let fixed = 0;
    let free = 0;
    for (const v of y) {
      if (v >= 1) fixed++;
      else free += v;
    }
    const want = k - fixed;
    if (want <= 0 || free <= 0) {
      if (free <= 0 && want > 0) for (let t = 0, left = want; t < y.length && left > 0; t++) if (y[t]! < 1) (y[t] = 1), left--;
      break;
    }
    const scale = want / free;
    if (Math.abs(scale - 1) < 1e-15) break;
    let capped = false;
    for (let t = 0; t < y.length; t++) {
      if (y[t]! >= 1) continue;
      y[t] = y[t]! * scale;
      if (y[t]! > 1) {
        y[t] = 1;
        capped = true;
      }
    }
    if (!capped) break;
  }
  return y;
}
