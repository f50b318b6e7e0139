/**
 * HITS ranking (Lemmas 1–3). Hubs u and authorities v are the leading left and right
 * singular vectors of A; f = λ1 − λ2 = σ1² − σ2² (eigenvalues of AAᵀ); and
 *
 *     B(i,j) = 2σ1·u1(i)·v1(j) − 2σ2·u2(i)·v2(j)     for every stored edge, O(m + n).
 *
 * (The paper's Eq. 14 drops a bracket; see SPEC.md.) The derivative of λ2 needs σ2 > σ3:
 * when the gap is within what the solver can resolve, the fit says the task is ill-posed.
 *
 * Precision `auto` solves in float64 on the host, with the products and the vector work
 * spread over every core (src/parallel), unless the backend has a GPU (backend/placement.ts):
 * there the float32 solve runs on the device first. B is formed on the host
 * from the four vectors either way (O(m), no device gather of m values).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from '../../graph/csr.js';
import type { Graph } from '../../graph/graph.js';
import { sparseFromCsr, disposeSparse, type SparseMatrix } from '../../sparse/sparse-matrix.js';
import { lanczosSvd, lanczosSvdSteps, type LanczosSvdResult } from '../../solvers/lanczos-svd.js';
import { completeTriplets, completeTripletsSteps, type SvdRepeatCheck } from '../../solvers/svd-repeat-check.js';
import type { ReadbackSpace } from '../../linalg/operators.js';
import { read, runEither, runSync, type Steps } from '../../linalg/steps.js';
import { solvesOnDevice } from '../../backend/placement.js';
import { asyncReadback, deviceSpace, sparseOperator, tensorSpace } from '../../solvers/tensor-space.js';
import { sharedSpace } from '../../solvers/shared-space.js';
import { packShared, sharedCsrOperator } from '../../parallel/shared-csr.js';
import { getPool } from '../../parallel/pool.js';
import type { TaskFit } from '../task.js';
import { ConfigError } from '../../util/errors.js';

export type HitsPrecision = 'auto' | 'float32' | 'float64';

export interface HitsOptions {
  seed?: number;
  precision?: HitsPrecision;
  /** relative residual tolerance of the SVD (default 1e-5·σ1 in float32, 1e-10·σ1 in float64) */
  tol?: number;
  /** σ1 − σ2 or σ2 − σ3 below gapTol · σ1 is ill-posed (below 10× the residual: unresolved); default 1e-6 */
  gapTol?: number;
  /** progress and warnings */
  log?: (message: string) => void;
  /**
   * Lanczos start vector (length = columns of A), e.g. v1 + v2 of the fit before an edit
   * (`warmStartVector`); default seeded Gaussian. The acceptance tests are the same.
   */
  start?: Float64Array;
}

/**
 * The start of a refit after an edit: v1 + v2 of an earlier HITS fit of a matrix with the same
 * columns (undefined when `warm` is not one).
 */
export function warmStartVector(warm: TaskFit | undefined, cols: number): Float64Array | undefined {
  if (!warm || !('v' in warm) || !('sigma' in warm)) return undefined;
  const v = (warm as HitsFit).v;
  if (!Array.isArray(v) || v.length < 2 || v[0]!.length !== cols || v[1]!.length !== cols) return undefined;
  const x = new Float64Array(cols);
  let sq = 0;
  for (let j = 0; j < cols; j++) {
    x[j] = v[0]![j]! + v[1]![j]!;
    sq += x[j]! * x[j]!;
  }
  return sq > 0 ? x : undefined;
}

/** Residual tolerance of the float64 solve, relative to σ1. */
export const HITS_FLOAT64_TOL = 1e-10;
/** Krylov basis of the float64 solve: small, because each basis vector costs a sweep per step. */
const HITS_FLOAT64_BASIS = 12;

export interface HitsFit extends TaskFit {
  sigma: Float64Array;
  /** hub and authority vectors u1, v1 and the second pair u2, v2 (float64 on the host) */
  u: Float64Array[];
  v: Float64Array[];
  svd: Omit<LanczosSvdResult<Float64Array>, 'u' | 'v'>;
  /** σ2 − σ3 */
  gap23: number;
  /** σ1 − σ2 */
  gap12: number;
}

/** σ1² − σ2² */
export function hitsObjective(sigma: ArrayLike<number>): number {
  return sigma[0]! * sigma[0]! - sigma[1]! * sigma[1]!;
}

export interface HitsWellPosedness {
  illPosed: boolean;
  unresolved: boolean;
  detail: string;
  /** σ2 − σ3 */
  gap: number;
  /** σ1 − σ2 */
  gap12: number;
}

/**
 * Decide whether f = σ1² − σ2² is differentiable at the computed answer. It needs σ1 > σ2
 * (f has a kink where two leading values cross: one-sided derivatives differ) and σ2 > σ3
 * (λ2's derivative needs a simple λ2). A gap is shown to be zero only when it lies below
 * gapTol·σ1 and the answer is accurate to better than that (10 × the residual); a gap below
 * 10 × the residual that the solver has not resolved is `unresolved` (did not converge far
 * enough to tell), never ill-posed.
 */
export function hitsWellPosed(sigma: ArrayLike<number>, residual: number, gapTol = 1e-6, precision: 'float32' | 'float64' = 'float64'): HitsWellPosedness {
  const s1 = sigma[0]!;
  const gap12 = s1 - sigma[1]!;
  const gap = sigma[1]! - sigma[2]!;
  const shown = gapTol * s1;
  const noise = 10 * residual;
  const floor = Math.max(shown, noise);
  const v = (i: number): string => sigma[i - 1]!.toPrecision(10);
  const kinds: { name: string; gap: number; what: string }[] = [
    { name: 'σ1 − σ2', gap: gap12, what: `σ1 = ${v(1)} and σ2 = ${v(2)} coincide` },
    { name: 'σ2 − σ3', gap, what: `σ2 = ${v(2)} and σ3 = ${v(3)} coincide` },
  ];
  const closed = kinds.filter((g) => !(g.gap > floor));
  const why = (g: (typeof kinds)[number]): string =>
    g.name === 'σ1 − σ2'
      ? `${g.what} within ${floor.toExponential(2)}: f = σ1² − σ2² has a kink there (one-sided derivatives differ), B is not defined`
      : `${g.what} within ${floor.toExponential(2)}: λ2 is repeated, its derivative (and B) is not defined`;
  if (closed.length === 0) {
    return { illPosed: false, unresolved: false, gap, gap12, detail: `σ1 − σ2 = ${gap12.toPrecision(4)}, σ2 − σ3 = ${gap.toPrecision(4)} (resolvable above ${floor.toExponential(2)})` };
  }
  if (noise <= shown) return { illPosed: true, unresolved: false, gap, gap12, detail: closed.map(why).join('; ') };
  return {
    illPosed: false,
    unresolved: true,
    gap,
    gap12,
    detail:
      `${closed.map((g) => `${g.name} = ${g.gap.toExponential(2)}`).join(' and ')} is within 10 × the residual (${noise.toExponential(2)}): ` +
      `the ${precision} solve did not converge far enough to tell whether ${closed.length > 1 ? 'they are' : 'it is'} zero` +
      (precision === 'float32' ? ' (float32 cannot resolve it: use --precision float64 or auto)' : ''),
  };
}

function checkSize(nRows: number, nCols: number): void {
  if (Math.min(nRows, nCols) < 3) throw new ConfigError(`hits: needs at least 3 nodes (σ3 decides whether λ2 is simple), got ${Math.min(nRows, nCols)}`);
}

function assembleFit(svd: LanczosSvdResult<Float64Array>, check: SvdRepeatCheck, gapTol: number | undefined, extra: Record<string, unknown>): HitsFit {
  const { u, v, ...info } = svd;
  const residual = Math.max(...info.residualAv, ...info.residualATu);
  const wp = hitsWellPosed(info.sigma, residual, gapTol, info.precision);
  const searched = check.conclusive
    ? ''
    : `; the search for singular values a single Krylov sequence misses stopped at its budget (complement's largest Ritz value ${check.complementSigma.toPrecision(8)} < σ3)`;
  return {
    objective: hitsObjective(info.sigma),
    sigma: info.sigma,
    u: [u[0]!, u[1]!],
    v: [v[0]!, v[1]!],
    svd: info,
    gap23: wp.gap,
    gap12: wp.gap12,
    wellPosed: { illPosed: wp.illPosed, unresolved: wp.unresolved, detail: wp.detail + searched },
    solver: {
      solver: 'lanczos-bidiagonalisation',
      precision: info.precision,
      iterations: info.iterations,
      restarts: info.restarts,
      converged: info.converged,
      residual: residual / Math.max(info.sigma[0]!, 1e-300),
      residualScale: 'max(‖Av − σu‖, ‖Aᵀu − σv‖) / σ1',
      repeatCheck: check,
      ...extra,
    },
  };
}

/** Basis of the complement searches: small, so a search that finds nothing stops after a few products (R-MAT scale 20: 6, against 20 for the solve) */
const REPEAT_BASIS = 6;

/** Float32 fit on a device matrix (the device-first path). */
export function fitHitsSparse(a: SparseMatrix, options: HitsOptions = {}): HitsFit {
  return runSync(fitHitsSparseSteps(a, tensorSpace, options));
}

function* fitHitsSparseSteps(a: SparseMatrix, space: ReadbackSpace<tf.Tensor2D>, options: HitsOptions): Steps<HitsFit> {
  checkSize(a.nRows, a.nCols);
  const op = sparseOperator(a);
  const seed = options.seed ?? 1;
  const first = yield* lanczosSvdSteps(op, space, { k: 3, seed, tol: options.tol, start: options.start });
  const { svd, check } = yield* completeTripletsSteps(op, space, first, { k: 3, seed, tol: first.tol, basisSize: REPEAT_BASIS });
  const u: Float64Array[] = [];
  const v: Float64Array[] = [];
  for (const t of svd.u) u.push(yield* read(space.toFloat64(t)));
  for (const t of svd.v) v.push(yield* read(space.toFloat64(t)));
  tf.dispose([...svd.u, ...svd.v]);
  return assembleFit({ ...svd, u, v }, check, options.gapTol, {});
}

/** Below this size the solve runs on A as it is (packing saves nothing worth a copy). */
const PACK_MIN = 64;

/**
 * Float64 fit on the host, products and vector sweeps on every core. Empty rows and columns
 * are dropped first (u and v are exactly 0 there), and the singular vectors scattered back.
 */
export function fitHitsHost(a: Csr, options: HitsOptions = {}): HitsFit {
  checkSize(a.nRows, a.nCols);
  const pool = getPool();
  const space = sharedSpace(pool);
  const t0 = performance.now();
  const packed = packShared(a);
  const usePacked = packed.csr.nRows >= PACK_MIN && packed.csr.nCols >= PACK_MIN;
  const op = sharedCsrOperator(usePacked ? packed.csr : a, pool, space.alloc);
  const setupSeconds = (performance.now() - t0) / 1000;
  const seed = options.seed ?? 1;
  const start = options.start && usePacked ? Float64Array.from(packed.cols, (j) => options.start![j]!) : options.start;
  const first = lanczosSvd(op, space, { k: 3, seed, tol: options.tol ?? HITS_FLOAT64_TOL, basisSize: HITS_FLOAT64_BASIS, start: start && start.some((x) => x !== 0) ? start : undefined });
  const { svd, check } = completeTriplets(op, space, first, { k: 3, seed, tol: first.tol, basisSize: REPEAT_BASIS });
  const unpack = (x: Float64Array, index: Int32Array, n: number): Float64Array => {
    const full = new Float64Array(n);
    for (let i = 0; i < index.length; i++) full[index[i]!] = x[i]!;
    return full;
  };
  const full = usePacked
    ? { ...svd, u: svd.u.map((x) => unpack(x, packed.rows, a.nRows)), v: svd.v.map((x) => unpack(x, packed.cols, a.nCols)) }
    : svd;
  return assembleFit(full, check, options.gapTol, {
    threads: pool.size,
    // seconds copying A to shared memory (packed) and transposing it; the shape solved on
    setupSeconds,
    packed: usePacked ? { rows: op.rows, cols: op.cols } : false,
  });
}

/**
 * Fit with the precision asked for. `auto` solves on the device in float32 first when the
 * backend has a GPU (see backend/placement.ts) and refines on the host in float64 when float32
 * could not resolve the gaps; otherwise it goes straight to float64 on the host.
 */
export function fitHits(a: Csr, options: HitsOptions = {}): HitsFit {
  return runSync(fitHitsSteps(a, options));
}

/** fitHits, awaiting the device's read-backs where the backend can only read back asynchronously (webgpu). */
export function fitHitsAnywhere(a: Csr, options: HitsOptions = {}): HitsFit | Promise<HitsFit> {
  return runEither(fitHitsSteps(a, options), solvesOnDevice(options.precision) && asyncReadback());
}

function* fitHitsSteps(a: Csr, options: HitsOptions): Steps<HitsFit> {
  const precision = options.precision ?? 'auto';
  if (!solvesOnDevice(precision)) return fitHitsHost(a, options);
  const matrix = sparseFromCsr(a);
  let fit: HitsFit;
  try {
    fit = yield* fitHitsSparseSteps(matrix, deviceSpace(), options);
  } finally {
    disposeSparse(matrix);
  }
  if (precision === 'auto' && (fit.wellPosed.unresolved || !fit.solver.converged)) {
    options.log?.(`hits: the float32 device solve ${fit.solver.converged ? 'could not resolve the gaps' : 'did not converge'} (${fit.wellPosed.detail}); refining in float64 on the host`);
    const refined = fitHitsHost(a, options);
    refined.solver.stages = [{ precision: 'float32', products: fit.solver.iterations, converged: fit.solver.converged }];
    return refined;
  }
  return fit;
}

/**
 * B for every edge of `graph` (Eq. 5): ∂f/∂A(i,j) = 2σ1·u1(i)v1(j) − 2σ2·u2(i)v2(j), and for
 * an undirected edge i ≠ j the sum of ∂f/∂A(i,j) and ∂f/∂A(j,i).
 */
export function hitsDerivative(graph: Graph, fit: HitsFit): Float64Array {
  return hitsDerivativeAt(graph, fit, graph.edges);
}

/** ∂f/∂A at any pairs (i, j), edge or not; undirected graphs sum both orientations (Eq. 5). */
export function hitsDerivativeAt(graph: Pick<Graph, 'directed'>, fit: HitsFit, pairs: { src: Int32Array; dst: Int32Array }): Float64Array {
  // (u1, u2) and (v1, v2) interleaved: one cache line per endpoint instead of two
  const uu = interleave(fit.u[0]!, fit.u[1]!);
  const vv = interleave(fit.v[0]!, fit.v[1]!);
  const a = 2 * fit.sigma[0]!;
  const b = 2 * fit.sigma[1]!;
  const { src, dst } = pairs;
  const m = src.length;
  const out = new Float64Array(m);
  if (graph.directed) {
    for (let e = 0; e < m; e++) {
      const i = 2 * src[e]!;
      const j = 2 * dst[e]!;
      out[e] = a * uu[i]! * vv[j]! - b * uu[i + 1]! * vv[j + 1]!;
    }
  } else {
    for (let e = 0; e < m; e++) {
      const i = 2 * src[e]!;
      const j = 2 * dst[e]!;
      const d = a * uu[i]! * vv[j]! - b * uu[i + 1]! * vv[j + 1]!;
      out[e] = i === j ? d : d + a * uu[j]! * vv[i]! - b * uu[j + 1]! * vv[i + 1]!;
    }
  }
  return out;
}

function interleave(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    out[2 * i] = x[i]!;
    out[2 * i + 1] = y[i]!;
  }
  return out;
}
