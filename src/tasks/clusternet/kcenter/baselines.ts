/**
 * The k-center baselines of the ClusterNet paper's Table 2, on hop distances:
 * - Gonzalez's farthest-first traversal (a 2-approximation): a seeded first facility, then
 *   always the node farthest from the chosen ones (ties: the smallest node index);
 * - greedy: start empty and add, K times, the facility that makes the k-center value smallest
 *   (ties: the smallest node index).
 */
import { Rng } from '../../../util/rng.js';
import type { HopDistances } from './distances.js';

export function gonzalez(dist: HopDistances, k: number, seed: number): Int32Array {
  const { n, d } = dist;
  const centers = new Int32Array(Math.min(k, n));
  centers[0] = new Rng(seed).int(n);
  const near = new Float64Array(n);
  for (let j = 0; j < n; j++) near[j] = d[centers[0]! * n + j]!;
  for (let c = 1; c < centers.length; c++) {
    let far = 0;
    for (let j = 1; j < n; j++) if (near[j]! > near[far]!) far = j;
    centers[c] = far;
    for (let j = 0; j < n; j++) near[j] = Math.min(near[j]!, d[far * n + j]!);
  }
  return centers;
}

export function greedyKCenter(dist: HopDistances, k: number): Int32Array {
  const { n, d } = dist;
  const centers = new Int32Array(Math.min(k, n));
  const near = new Float64Array(n).fill(Infinity);
  for (let c = 0; c < centers.length; c++) {
    let best = -1;
    let bestValue = Infinity;
    for (let f = 0; f < n; f++) {
      let worst = 0;
      for (let j = 0; j < n && worst < bestValue; j++) worst = Math.max(worst, Math.min(near[j]!, d[f * n + j]!));
      if (worst < bestValue) {
        bestValue = worst;
        best = f;
      }
    }
    centers[c] = best;
    for (let j = 0; j < n; j++) near[j] = Math.min(near[j]!, d[best * n + j]!);
  }
  return centers;
}
