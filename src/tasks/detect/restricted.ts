/**
 * Problem (6) of GBGP: maximise F(x) over x ∈ [0,1]^N with supp(x) ⊆ Ω. Without coupling
 * (λ = 0) it is solved exactly (`withoutCoupling`); else by projected gradient
 * ascent with a backtracking (Armijo) step along the projection arc: each accepted step raises
 * F by at least 1e-4·gᵀ(x_new − x). Converged when a projected gradient step of length 1 moves
 * no coordinate by more than `tol`; else it stops after `maxIter` steps, or when no step raises F
 * (both reported as not converged). Entries outside Ω stay 0.
 */
import { scanGradient, scanValue, type ScanProblem } from './objective.js';

export interface RestrictedResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  /** max_i |P_box(x_i + g_i) − x_i| over Ω at the end (0 when solved exactly) */
  stationarity: number;
}

export function maximiseOn(p: ScanProblem, omega: Int32Array, start: Float64Array, options: { tol?: number; maxIter?: number } = {}): RestrictedResult {
  const tol = options.tol ?? 1e-7;
  const maxIter = options.maxIter ?? 500;
  if (p.lambda === 0) return withoutCoupling(p, omega, start.length);
  const n = start.length;
  let x = new Float64Array(n);
  for (const i of omega) x[i] = Math.min(1, Math.max(0, start[i]!));
  let f = scanValue(p, x);
  const g = new Float64Array(n);
  let step = 1;
  let next = new Float64Array(n);
  for (let it = 1; it <= maxIter; it++) {
    scanGradient(p, x, g);
    // stationarity: the projected gradient step of length 1 moves no coordinate by more than tol
    let r = 0;
    for (const i of omega) r = Math.max(r, Math.abs(Math.min(1, Math.max(0, x[i]! + g[i]!)) - x[i]!));
    if (r <= tol) return { x, value: f, iterations: it, converged: true, stationarity: r };
    let accepted = false;
    for (let tries = 0; tries < 80; tries++) {
      next.fill(0);
      let ascent = 0;
      for (const i of omega) {
        const v = Math.min(1, Math.max(0, x[i]! + step * g[i]!));
        next[i] = v;
        ascent += g[i]! * (v - x[i]!);
      }
      const fn = scanValue(p, next);
      if (fn >= f + 1e-4 * ascent && fn > f) {
        [x, next] = [next, x];
        f = fn;
        accepted = true;
        break;
      }
      step /= 2;
    }
    // no step along the arc raises F: the gains are below rounding; stationary to rounding when r is small
    if (!accepted) return { x, value: f, iterations: it, converged: r <= Math.max(tol, 1e-6), stationarity: r };
    step = Math.min(step * 2, 1e6);
  }
  scanGradient(p, x, g);
  let r = 0;
  for (const i of omega) r = Math.max(r, Math.abs(Math.min(1, Math.max(0, x[i]! + g[i]!)) - x[i]!));
  return { x, value: f, iterations: maxIter, converged: false, stationarity: r };
}

/**
 * Without coupling (λ = 0) each scan group (all nodes for `ems`, one block for `sum-ems`) is
 * max cᵀx/√(1ᵀx) over a box, solved exactly: for a given 1ᵀx the best x fills the largest c
 * first, and Σ_{top k} c/√k over k picks the best count, so x is 1 on the best prefix of the
 * group's nodes in Ω sorted by c (ties: the smaller index), 0 elsewhere (0 if no prefix is positive).
 */
function withoutCoupling(p: ScanProblem, omega: Int32Array, n: number): RestrictedResult {
  const groups = new Map<number, number[]>();
  for (const i of omega) {
    const k = p.kind === 'ems' ? 0 : p.block[i]!;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(i);
  }
  const x = new Float64Array(n);
  let value = 0;
  for (const list of groups.values()) {
    list.sort((a, b) => p.c[b]! - p.c[a]! || a - b);
    let best = 0;
    let bestK = 0;
    let sum = 0;
    for (let k = 0; k < list.length; k++) {
      sum += p.c[list[k]!]!;
      const v = sum / Math.sqrt(k + 1);
      if (v > best) [best, bestK] = [v, k + 1];
    }
    for (let k = 0; k < bestK; k++) x[list[k]!] = 1;
    value += best;
  }
  return { x, value, iterations: 1, converged: true, stationarity: 0 };
}
