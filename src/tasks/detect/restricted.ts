/**
 * Problem (6) of GBGP: maximise F(x) over x ∈ [0,1]^N with supp(x) ⊆ Ω, by projected gradient
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
}

export function maximiseOn(p: ScanProblem, omega: Int32Array, start: Float64Array, options: { tol?: number; maxIter?: number } = {}): RestrictedResult {
  const tol = options.tol ?? 1e-7;
  const maxIter = options.maxIter ?? 500;
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
    if (r <= tol) return { x, value: f, iterations: it, converged: true };
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
      if (fn >= f + 1e-4 * ascent) {
        [x, next] = [next, x];
        f = fn;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) return { x, value: f, iterations: it, converged: false }; // no step along the arc raises F although the projected gradient is not small: rounding; reported as not converged
    step = Math.min(step * 2, 1e6);
  }
  return { x, value: f, iterations: maxIter, converged: false };
}
