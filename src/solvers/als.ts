/**
 * Alternating least squares for  min ‖P_Ω(A − UVᵀ)‖² + λu‖U‖² + λv‖V‖²  on the host in
 * float64 (the cpu path: one fused pass per half-sweep, no m × r × r intermediates).
 *
 * A sweep updates every row of U with V fixed, then every row of V with U fixed:
 *   U(i,:) = C_i⁻¹ Σ_{k∈Ωi} A(i,k) V(k,:)ᵀ,   C_i = λu·I + Σ_{k∈Ωi} V(k,:)ᵀV(k,:)
 * (and likewise V(j,:) with D_j). Each r × r system is solved by Cholesky in float64. The
 * row loops (als-rows.ts) run on the thread pool; rows are independent, so the factors do
 * not depend on the thread count.
 * U is n1 × r and V is n2 × r, row-major.
 */
import type { RatingIndex, Ratings } from '../ratings/ratings.js';
import { alsResiduals, alsRows } from './als-rows.js';
import { sharedFloat64 } from '../parallel/pool.js';
import { Rng } from '../util/rng.js';
import { runSync, type Steps } from '../linalg/steps.js';

export interface AlsOptions {
  rank: number;
  lambdaU: number;
  lambdaV: number;
  /** sweeps to run (the paper: 10); fewer when `tol` is met first */
  iters: number;
  /** stop once the relative stationarity residual is at most this (0: run all sweeps) */
  tol?: number;
  seed: number;
  /** start from these factors instead of the seeded initialisation (V is what the first half-sweep uses) */
  start?: { U: Float64Array; V: Float64Array };
  /** after each sweep; stationarity is computed only when `tol` > 0 and after the last sweep (NaN otherwise) */
  onSweep?: (sweep: number, objective: number, stationarity: number) => void;
}

export interface AlsResult {
  U: Float64Array;
  V: Float64Array;
  rank: number;
  /** objective after each sweep */
  objective: number[];
  sweeps: number;
  /** ‖∇L‖_F / (‖2·P_Ω(A)·V‖_F + ‖2·P_Ω(A)ᵀ·U‖_F) at the returned factors */
  stationarity: number;
  /** the stationarity tolerance `tol` (> 0) was met; running the sweeps asked for is not convergence */
  converged: boolean;
  /** what ended the loop: the tolerance, or the sweep count */
  stoppedBy: 'tolerance' | 'sweeps';
}

/**
 * The seeded start: V with N(0, s²) entries, s² = |mean rating| / r, so that UVᵀ starts at
 * the ratings' scale; U = 0 (the first half-sweep overwrites it).
 */
export function alsStart(ratings: Ratings, rank: number, seed: number): { U: Float64Array; V: Float64Array } {
  const rng = new Rng(seed);
  let mean = 0;
  for (let e = 0; e < ratings.value.length; e++) mean += ratings.value[e]!;
  mean = ratings.value.length ? Math.abs(mean / ratings.value.length) : 1;
  const s = Math.sqrt((mean || 1) / rank);
  const V = new Float64Array(ratings.nItems * rank);
  for (let k = 0; k < V.length; k++) V[k] = s * rng.normal();
  return { U: new Float64Array(ratings.nUsers * rank), V };
}

/**
 * One half-sweep: out(i,:) = the ALS update of row i given the partner factor `other` (0 for
 * a row without ratings). Runs on the thread pool when the index, `other` and `out` are shared.
 */
export function alsHalfSweep(index: RatingIndex, nRows: number, other: Float64Array, r: number, lambda: number, out: Float64Array): void {
  alsRows('solve', index, nRows, other, r, lambda, out);
}

/** ‖P_Ω(A − UVᵀ)‖² + λu‖U‖² + λv‖V‖² (the data term summed by user, chunk by chunk). */
export function alsObjective(ratings: Ratings, U: Float64Array, V: Float64Array, r: number, lambdaU: number, lambdaV: number): number {
  const s = alsResiduals(ratings.byUser, ratings.nUsers, U, V, r);
  const nu = norm(U);
  const nv = norm(V);
  return s + lambdaU * nu * nu + lambdaV * nv * nv;
}

/**
 * ∇L at (U, V): ∇_U = −2·R·V + 2λu·U, ∇_V = −2·Rᵀ·U + 2λv·V with R = P_Ω(A − UVᵀ); from the
 * same passes (one by user, one by item), the objective L and the data part's scale
 * ‖2·P_Ω(A)·V‖_F + ‖2·P_Ω(A)ᵀ·U‖_F.
 */
export function alsGradient(
  ratings: Ratings,
  U: Float64Array,
  V: Float64Array,
  r: number,
  lambdaU: number,
  lambdaV: number,
): { gU: Float64Array; gV: Float64Array; scale: number; objective: number } {
  const gU = sharedFloat64(U.length);
  const gV = sharedFloat64(V.length);
  const aV = sharedFloat64(U.length);
  const aU = sharedFloat64(V.length);
  const squares = alsResiduals(ratings.byUser, ratings.nUsers, U, V, r, { g: gU, t: aV });
  alsResiduals(ratings.byItem, ratings.nItems, V, U, r, { g: gV, t: aU });
  for (let k = 0; k < U.length; k++) gU[k]! += 2 * lambdaU * U[k]!;
  for (let k = 0; k < V.length; k++) gV[k]! += 2 * lambdaV * V[k]!;
  const nu = norm(U);
  const nv = norm(V);
  return { gU, gV, scale: norm(aV) + norm(aU), objective: squares + lambdaU * nu * nu + lambdaV * nv * nv };
}

export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
  return Math.sqrt(s);
}

/** The objective and the relative stationarity ‖∇L‖_F / scale, from one pass over the ratings. */
export function alsState(ratings: Ratings, U: Float64Array, V: Float64Array, r: number, lambdaU: number, lambdaV: number): { objective: number; stationarity: number } {
  const g = alsGradient(ratings, U, V, r, lambdaU, lambdaV);
  const n = Math.hypot(norm(g.gU), norm(g.gV));
  return { objective: g.objective, stationarity: g.scale > 0 ? n / g.scale : n };
}

/**
 * The ALS loop every engine shares: validation, the seeded start, the objective after each
 * sweep, stationarity where it is needed (every sweep when `tol` > 0, else after the last),
 * early stopping and the convergence facts. `sweep` leaves the new factors in U and V.
 */
export function runAlsSweeps(ratings: Ratings, options: AlsOptions, sweep: (U: Float64Array, V: Float64Array) => void): AlsResult {
  return runSync(
    runAlsSweepsSteps(ratings, options, function* (U, V) {
      sweep(U, V);
    }),
  );
}

/** The sweep loop as a read-back generator (linalg/steps.ts): a device sweep may read its factors back asynchronously. */
export function* runAlsSweepsSteps(ratings: Ratings, options: AlsOptions, sweep: (U: Float64Array, V: Float64Array) => Steps<void>): Steps<AlsResult> {
  const r = options.rank;
  if (!Number.isInteger(r) || r < 1) throw new RangeError(`als: rank must be a positive integer, got ${r}`);
  if (!(options.lambdaU > 0) || !(options.lambdaV > 0)) throw new RangeError(`als: λu and λv must be positive, got ${options.lambdaU}, ${options.lambdaV}`);
  const start = options.start ?? alsStart(ratings, r, options.seed);
  // on shared memory, so the row loops can run on the thread pool
  const U = sharedFloat64(start.U.length);
  U.set(start.U);
  const V = sharedFloat64(start.V.length);
  V.set(start.V);
  const tol = options.tol ?? 0;
  const objective: number[] = [];
  let stationarity = NaN;
  let sweeps = 0;
  for (let s = 1; s <= options.iters; s++) {
    yield* sweep(U, V);
    sweeps = s;
    if (tol > 0 || s === options.iters) {
      const state = alsState(ratings, U, V, r, options.lambdaU, options.lambdaV);
      objective.push(state.objective);
      stationarity = state.stationarity;
    } else {
      objective.push(alsObjective(ratings, U, V, r, options.lambdaU, options.lambdaV));
      stationarity = NaN;
    }
    options.onSweep?.(s, objective[s - 1]!, stationarity);
    if (tol > 0 && stationarity <= tol) break;
  }
  if (sweeps === 0) stationarity = alsState(ratings, U, V, r, options.lambdaU, options.lambdaV).stationarity;
  // A sweep count is a setting, not convergence: only a stationarity tolerance that was met is.
  const converged = tol > 0 && stationarity <= tol;
  return { U, V, rank: r, objective, sweeps, stationarity, converged, stoppedBy: converged ? 'tolerance' : 'sweeps' };
}

export function als(ratings: Ratings, options: AlsOptions): AlsResult {
  return runAlsSweeps(ratings, options, (U, V) => {
    alsHalfSweep(ratings.byUser, ratings.nUsers, V, options.rank, options.lambdaU, U);
    alsHalfSweep(ratings.byItem, ratings.nItems, U, options.rank, options.lambdaV, V);
  });
}
