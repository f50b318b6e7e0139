/**
 * Top-k singular triplets by restarted Golub–Kahan–Lanczos bidiagonalisation with full
 * reorthogonalisation (thick restart in the style of Baglama & Reichel's IRLBA).
 *
 * One cycle builds orthonormal P (right, n_cols × p) and Q (left, n_rows × p) with
 * A·P = Q·Bp and Aᵀ·Q = P·Bpᵀ + r·e_pᵀ; Bp = QᵀAP is measured from the reorthogonalisation
 * coefficients (upper triangular; bidiagonal except after a restart). The small problem
 * Bp = X·Σ·Yᵀ is solved on the host in float64 (one-sided Jacobi). Ritz triplets
 * (σ_i, Q·X_i, P·Y_i) satisfy A·v = σ·u exactly and ‖Aᵀu − σv‖ = ‖r‖·|X[p−1, i]|. The
 * restart keeps the best `keep` Ritz vectors plus r/‖r‖.
 *
 * Vectors are whatever the VectorSpace holds (float32 tensors or float64 arrays); the
 * result reports the true residuals ‖Av − σu‖ and ‖Aᵀu − σv‖ recomputed at the end.
 */
import { Rng } from '../util/rng.js';
import { jacobiSvd, type DenseSvd } from './dense/jacobi-svd.js';
import { freshOrthogonalSteps, type LinearOperator, type VectorSpace } from './vector-space.js';
import type { ReadbackSpace } from '../linalg/operators.js';
import { read, runAsync, runSync, type Steps } from '../linalg/steps.js';

export interface LanczosSvdOptions<V = unknown> {
  /** number of singular triplets wanted */
  k: number;
  seed?: number;
  /** Krylov basis size per cycle (default max(2k + 10, 24), capped by the matrix size) */
  basisSize?: number;
  /**
   * relative tolerance on residuals, as a fraction of σ1. Default 1e-5 in float32 (backends
   * that reduce in float32, like wasm, leave true residuals near 1e-6·σ1; the cpu kernels
   * accumulate in float64 and reach ~2e-7) and 1e-11 in float64.
   */
  tol?: number;
  maxRestarts?: number;
  /** start vector (length cols); default: seeded Gaussian */
  start?: Float64Array;
  /**
   * known singular pairs to keep out of the Krylov spaces: left vectors (length rows) and
   * right vectors (length cols), orthonormal, in matching order. The solver then finds the
   * largest triplets of the complement (a search for copies a first run missed).
   */
  deflate?: { u: readonly V[]; v: readonly V[] };
  /**
   * acceptance in place of (or before) the residual test, called after every cycle with the
   * k Ritz values and their residual estimates ‖Aᵀu − σv‖
   */
  accept?: (state: { sigma: Float64Array; residuals: Float64Array }) => boolean;
}

export interface LanczosSvdResult<V> {
  /** σ_1 ≥ … ≥ σ_k */
  sigma: Float64Array;
  /** left singular vectors (length rows), unit, sign fixed so that Σu ≥ 0 */
  u: V[];
  /** right singular vectors (length cols) */
  v: V[];
  /** ‖A v_i − σ_i u_i‖ */
  residualAv: Float64Array;
  /** ‖Aᵀ u_i − σ_i v_i‖ */
  residualATu: Float64Array;
  /** matrix–vector products with A (Aᵀ products are as many) */
  iterations: number;
  restarts: number;
  converged: boolean;
  /** tolerance used: residuals ≤ tol · σ1 */
  tol: number;
  precision: 'float32' | 'float64';
}

export function lanczosSvd<V>(op: LinearOperator<V>, space: VectorSpace<V>, options: LanczosSvdOptions<V>): LanczosSvdResult<V> {
  return runSync(lanczosSvdSteps(op, space, options));
}

/** The same on a device that reads back asynchronously (linalg/steps.ts). */
export function lanczosSvdAsync<V>(op: LinearOperator<V>, space: ReadbackSpace<V>, options: LanczosSvdOptions<V>): Promise<LanczosSvdResult<V>> {
  return runAsync(lanczosSvdSteps(op, space, options));
}

export function* lanczosSvdSteps<V>(op: LinearOperator<V>, space: ReadbackSpace<V>, options: LanczosSvdOptions<V>): Steps<LanczosSvdResult<V>> {
  const { k } = options;
  const deflateU = options.deflate?.u ?? [];
  const deflateV = options.deflate?.v ?? [];
  if (deflateU.length !== deflateV.length) throw new RangeError(`lanczosSvd: ${deflateU.length} left and ${deflateV.length} right vectors to deflate`);
  const nDeflate = deflateU.length;
  const minDim = Math.min(op.rows, op.cols) - nDeflate;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`lanczosSvd: k must be a positive integer, got ${k}`);
  if (k > minDim) throw new RangeError(`lanczosSvd: k = ${k} exceeds min(rows, cols) = ${minDim}`);
  const p = Math.min(minDim, options.basisSize ?? Math.max(2 * k + 10, 24));
  if (p < k) throw new RangeError(`lanczosSvd: basis size ${p} < k = ${k}`);
  const tol = options.tol ?? (space.precision === 'float32' ? 1e-5 : 1e-11);
  const maxRestarts = options.maxRestarts ?? 200;
  const rng = new Rng(options.seed ?? 1);
  const keep = Math.min(p - 1, k + Math.ceil((p - k) / 2));
  // A new Krylov vector that keeps less than this fraction of its norm through
  // reorthogonalisation is rounding noise (a DGKS-style breakdown test).
  const breakdown = 100 * (space.precision === 'float32' ? 5.96e-8 : 1.11e-16);

  const P: V[] = [];
  const Q: V[] = [];
  const bp = new Float64Array(p * p); // row-major p × p
  {
    const x0 = options.start ? space.fromFloat64(options.start) : space.random(op.cols, rng);
    const { x: x1 } = yield* read(space.orthogonalize(x0, deflateV));
    space.dispose(x0);
    const nrm = yield* read(space.norm(x1));
    if (!(nrm > 0)) throw new RangeError('lanczosSvd: the start vector lies in the deflated space');
    P.push(space.scale(x1, 1 / nrm));
    space.dispose(x1);
  }
  let kk = 0;
  let iterations = 0;
  let restarts = 0;
  let sigma1 = 0;
  let beta = 0;
  let svd: DenseSvd;
  for (;;) {
    for (let j = kk; j < p; j++) {
      // Left step: w = A p_j − Σ_i q_i (q_iᵀ A p_j); the coefficients are column j of Bp.
      const w0 = op.matvec(P[j]!);
      iterations++;
      const w0norm = yield* read(space.norm(w0));
      const { x: w, coeffs } = yield* read(space.orthogonalize(w0, nDeflate > 0 ? [...deflateU, ...Q] : Q));
      space.dispose(w0);
      for (let i = 0; i < j; i++) bp[i * p + j] = coeffs[nDeflate + i]!;
      let alpha = yield* read(space.norm(w));
      if (alpha <= breakdown * w0norm || alpha === 0) {
        // A p_j lies in span(Q) to working precision: what is left is rounding noise that
        // Gram–Schmidt cannot orthogonalise, so continue with a fresh orthogonal direction.
        alpha = 0;
        Q.push((yield* freshOrthogonalSteps(space, [...deflateU, ...Q], op.rows, rng)) ?? space.scale(w, 0));
      } else {
        Q.push(space.scale(w, 1 / alpha));
      }
      space.dispose(w);
      bp[j * p + j] = alpha;
      sigma1 = Math.max(sigma1, alpha);
      // Right step: r = Aᵀ q_j − α p_j, orthogonalised against all of P.
      const r0 = op.rmatvec(Q[j]!);
      const r1 = space.axpy(r0, -alpha, P[j]!);
      space.dispose(r0);
      const r1norm = yield* read(space.norm(r1));
      const { x: r } = yield* read(space.orthogonalize(r1, nDeflate > 0 ? [...deflateV, ...P] : P));
      space.dispose(r1);
      beta = yield* read(space.norm(r));
      if (beta <= breakdown * r1norm || beta === 0) {
        // invariant subspace: the residual is rounding noise
        beta = 0;
        if (j < p - 1) {
          const fresh = yield* freshOrthogonalSteps(space, [...deflateV, ...P], op.cols, rng);
          if (!fresh) throw new Error('lanczosSvd: right basis is complete before the cycle ends');
          P.push(fresh);
        }
      } else {
        P.push(space.scale(r, 1 / beta));
      }
      if (j < p - 1) bp[j * p + j + 1] = beta;
      space.dispose(r);
    }
    svd = jacobiSvd(bp, p, p);
    sigma1 = Math.max(sigma1, svd.s[0]!);
    // ‖Aᵀ u_i − σ_i v_i‖ = β |X[p−1, i]|
    let worst = 0;
    const estimates = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      estimates[i] = beta * Math.abs(svd.u[i * p + p - 1]!);
      worst = Math.max(worst, estimates[i]!);
    }
    const accepted = worst <= 0.1 * tol * sigma1 || (options.accept?.({ sigma: svd.s.slice(0, k), residuals: estimates }) ?? false);
    const done = accepted || p === minDim || restarts >= maxRestarts;
    if (done) break;
    // Thick restart: P ← [P·Y_1..keep, r/β], Q ← Q·X_1..keep, Bp ← diag(σ_1..keep).
    restarts++;
    const newP = space.combine(P.slice(0, p), svd.v, p, keep);
    const newQ = space.combine(Q, svd.u, p, keep);
    const last = P[p];
    if (!last) throw new Error('lanczosSvd: restart without a residual direction');
    space.dispose(P.slice(0, p));
    space.dispose(Q);
    P.length = 0;
    Q.length = 0;
    P.push(...newP, last);
    Q.push(...newQ);
    bp.fill(0);
    for (let i = 0; i < keep; i++) bp[i * p + i] = svd.s[i]!;
    kk = keep;
  }

  // Ritz vectors and their true residuals.
  const u = space.combine(Q, svd.u, p, k);
  const v = space.combine(P.slice(0, p), svd.v, p, k);
  space.dispose(P);
  space.dispose(Q);
  const sigma = svd.s.slice(0, k);
  const residualAv = new Float64Array(k);
  const residualATu = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    if ((yield* read(space.sum(u[i]!))) < 0) {
      const ui = space.scale(u[i]!, -1);
      const vi = space.scale(v[i]!, -1);
      space.dispose([u[i]!, v[i]!]);
      u[i] = ui;
      v[i] = vi;
    }
    const av = op.matvec(v[i]!);
    const d1 = space.axpy(av, -sigma[i]!, u[i]!);
    residualAv[i] = yield* read(space.norm(d1));
    const atu = op.rmatvec(u[i]!);
    const d2 = space.axpy(atu, -sigma[i]!, v[i]!);
    residualATu[i] = yield* read(space.norm(d2));
    space.dispose([av, d1, atu, d2]);
  }
  let converged = true;
  for (let i = 0; i < k; i++) {
    if (Math.max(residualAv[i]!, residualATu[i]!) > tol * Math.max(sigma[0]!, 1e-300)) converged = false;
  }
  if (sigma[0] === 0) converged = true; // the zero matrix: any unit vectors are singular vectors
  return { sigma, u, v, residualAv, residualATu, iterations, restarts, converged, tol, precision: space.precision };
}
