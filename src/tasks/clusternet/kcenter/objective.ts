/**
 * ClusterNet's facility-location objective (SEEDS-SPEC §4.2; the authors' CenterObjective):
 * every node i is a facility independently with probability x_i, and customer j pays the
 * distance to its nearest facility, or dmax when there is none. Over j's distance row sorted
 * ascending, d_(1) ≤ … ≤ d_(n), with d_(n+1) = dmax,
 *
 *   E_j = dmax + Σ_l (d_(l) − d_(l+1)) · (1 − Π_{l'≤l} (1 − x_(l'))),
 *
 * and the objective is the softmax-weighted mean Σ_j w_j E_j, w = softmax(temp · E): temp = 0
 * is the plain mean (the authors' training default), a large temp approaches the worst customer.
 * The hard k-center value of a chosen set is `maxMinDistance` (distances.ts).
 */
import type { HopDistances } from './distances.js';

/** Each customer's distance row sorted ascending: the facility order and the steps d_(l) − d_(l+1) (n × n). */
export interface SortedRows {
  n: number;
  dmax: number;
  /** order[j·n + l]: the l-th nearest location of customer j */
  order: Int32Array;
  /** steps[j·n + l] = d_(l) − d_(l+1) ≤ 0, with d_(n+1) = dmax */
  steps: Float64Array;
}

export function sortRows(dist: HopDistances, dmax = dist.diameter): SortedRows {
  const { n, d } = dist;
  const order = new Int32Array(n * n);
  const steps = new Float64Array(n * n);
  // hop distances are small integers up to the diameter: a counting sort per row, ties in location order
  const maxD = dist.diameter;
  const start = new Int32Array(maxD + 2);
  for (let j = 0; j < n; j++) {
    const row = j * n;
    start.fill(0);
    for (let i = 0; i < n; i++) start[d[row + i]! + 1]!++;
    for (let v = 0; v <= maxD; v++) start[v + 1]! += start[v]!;
    for (let i = 0; i < n; i++) order[row + start[d[row + i]!]!++] = i;
    for (let l = 0; l < n; l++) steps[row + l] = d[row + order[row + l]!]! - (l + 1 < n ? d[row + order[row + l + 1]!]! : dmax);
  }
  return { n, dmax, order, steps };
}

/** E_j for every customer j: the expected distance to the nearest facility. */
export function expectedDistances(rows: SortedRows, x: Float64Array): Float64Array {
  const { n, dmax, order, steps } = rows;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const row = j * n;
    let none = 1; // Π_{l'≤l} (1 − x_(l'))
    let v = dmax;
    for (let l = 0; l < n; l++) {
      none *= 1 - x[order[row + l]!]!;
      v += steps[row + l]! * (1 - none);
    }
    out[j] = v;
  }
  return out;
}

/** The softmax weights w = softmax(temp · E) over customers and Σ_j w_j E_j (temp = 0: the mean). */
function softmaxMean(E: Float64Array, temp: number): { w: Float64Array; value: number } {
  let max = -Infinity;
  for (const e of E) max = Math.max(max, temp * e);
  const w = new Float64Array(E.length);
  let z = 0;
  for (let j = 0; j < E.length; j++) z += (w[j] = Math.exp(temp * E[j]! - max));
  let value = 0;
  for (let j = 0; j < E.length; j++) value += (w[j]! /= z) * E[j]!;
  return { w, value };
}

/** Σ_j softmax(temp · E)_j E_j (temp = 0: the mean). */
export function centerObjective(rows: SortedRows, x: Float64Array, temp: number): number {
  return softmaxMean(expectedDistances(rows, x), temp).value;
}

/** Probabilities are clipped below 1 by this much, as in the training objective (log(1 − x) stays finite). */
export const X_CLIP = 1e-6;

/**
 * The objective and its gradient with respect to x, in O(n²): with P_l = Π_{l'≤l}(1 − x_(l')),
 * ∂E_j/∂x_(q) = Σ_{l≥q} m_l P_l / (1 − x_(q)) (suffix sums along j's row), and for the softmax
 * over customers ∂f/∂E_j = w_j (1 + temp (E_j − f)). x is clipped to [0, 1 − X_CLIP] (zero
 * gradient where the clip is active).
 */
export function centerObjectiveGradient(rows: SortedRows, x: Float64Array, temp: number): { value: number; grad: Float64Array } {
  const { n, order, steps } = rows;
  const xc = Float64Array.from(x, (v) => Math.min(Math.max(v, 0), 1 - X_CLIP));
  const E = expectedDistances(rows, xc);
  const { w, value } = softmaxMean(E, temp);
  const grad = new Float64Array(n);
  const P = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const dE = w[j]! * (1 + temp * (E[j]! - value));
    if (dE === 0) continue;
    const row = j * n;
    let prod = 1;
    for (let l = 0; l < n; l++) P[l] = prod *= 1 - xc[order[row + l]!]!;
    let suffix = 0;
    for (let l = n - 1; l >= 0; l--) {
      suffix += steps[row + l]! * P[l]!;
      const i = order[row + l]!;
      grad[i]! += (dE * suffix) / (1 - xc[i]!);
    }
  }
  for (let i = 0; i < n; i++) if (x[i]! < 0 || x[i]! > 1 - X_CLIP) grad[i] = 0;
  return { value, grad };
}
