/**
 * The exact derivative of f = ‖UVᵀ‖² at an ALS fixed point, by the implicit function theorem
 * on the joint stationarity conditions ∇_X L(X; A) = 0, X = (U, V):
 *
 *   df/dA(i,j) = −∇_X fᵀ H⁻¹ ∂_A(i,j) ∇_X L = 2·(z_U(i,:)·V(j,:) + U(i,:)·z_V(j,:)),   H z = ∇_X f,
 *
 * with ∇_U f = 2·U(VᵀV), ∇_V f = 2·V(UᵀU) and H the Hessian of L. One adjoint solve gives every
 * rating. H is singular along the rotations (U, V) → (UQ, VQ), Q orthogonal, under which both L
 * and f are invariant, so ∇_X f lies in H's range; a Krylov solve from 0 stays there. H need
 * not be definite (ALS may stop near a saddle), so the solve is preconditioned MINRES, not CG.
 * Hessian-vector products are closed-form in float64 (O(m·r)); the preconditioner is
 * block-Jacobi with H's exact diagonal blocks 2·C_i and 2·D_j (positive definite).
 */
import type { Ratings } from '../../ratings/ratings.js';
import { choleskySolve } from '../../solvers/dense/cholesky.js';
import { norm } from '../../solvers/als.js';
import { alsRows } from '../../solvers/als-rows.js';
import { objectiveGradient } from './influence.js';

export interface FactorPoint {
  U: Float64Array;
  V: Float64Array;
  rank: number;
  lambdaU: number;
  lambdaV: number;
}

/** H·(dU, dV) for L = ‖P_Ω(A − UVᵀ)‖² + λu‖U‖² + λv‖V‖², float64. */
export function alsHessianVector(ratings: Ratings, x: FactorPoint, dU: Float64Array, dV: Float64Array): { hU: Float64Array; hV: Float64Array } {
  const { U, V, rank: r } = x;
  const hU = new Float64Array(U.length);
  const hV = new Float64Array(V.length);
  const { user, item, value } = ratings;
  for (let e = 0; e < value.length; e++) {
    const u = user[e]! * r;
    const v = item[e]! * r;
    let pred = 0;
    let dPred = 0;
    for (let k = 0; k < r; k++) {
      pred += U[u + k]! * V[v + k]!;
      dPred += dU[u + k]! * V[v + k]! + U[u + k]! * dV[v + k]!;
    }
    const res = value[e]! - pred;
    // ∇_U L row i = −2·res·V_j, so its differential is 2·dPred·V_j − 2·res·dV_j
    for (let k = 0; k < r; k++) {
      hU[u + k]! += 2 * (dPred * V[v + k]! - res * dV[v + k]!);
      hV[v + k]! += 2 * (dPred * U[u + k]! - res * dU[u + k]!);
    }
  }
  for (let k = 0; k < U.length; k++) hU[k]! += 2 * x.lambdaU * dU[k]!;
  for (let k = 0; k < V.length; k++) hV[k]! += 2 * x.lambdaV * dV[k]!;
  return { hU, hV };
}

export interface ExactDerivative {
  /** df/dA for every rating, rating order */
  values: Float64Array;
  iterations: number;
  /** ‖H z − ∇f‖ / ‖∇f‖ at the end (recomputed, not the recurrence's) */
  residual: number;
  converged: boolean;
  /** set when the solve met a direction of non-positive curvature: H is indefinite, the point is not a local minimum */
  indefinite: boolean;
}

export function exactCompletionDerivative(
  ratings: Ratings,
  x: FactorPoint,
  options: { tol?: number; maxIter?: number; onIteration?: (iteration: number, relResidual: number) => void } = {},
): ExactDerivative {
  const { U, V, rank: r } = x;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 2000;
  const n1 = ratings.nUsers;
  const n2 = ratings.nItems;
  const nU = U.length;
  const N = nU + V.length;
  // b = ∇f, stacked [U; V]
  const grad = objectiveGradient(U, V, r);
  const b = new Float64Array(N);
  b.set(grad.gU, 0);
  b.set(grad.gV, nU);
  // block-Jacobi: Cholesky factors of C_i and D_j (H's diagonal blocks are 2·C_i, 2·D_j)
  const facU = new Float64Array(n1 * r * r);
  const facV = new Float64Array(n2 * r * r);
  alsRows('factor', ratings.byUser, n1, V, r, x.lambdaU, facU);
  alsRows('factor', ratings.byItem, n2, U, r, x.lambdaV, facV);
  const applyM = (v: Float64Array): Float64Array => {
    const z = v.map((t) => t / 2);
    for (let i = 0; i < n1; i++) choleskySolve(facU, r, z, i * r * r, i * r);
    for (let j = 0; j < n2; j++) choleskySolve(facV, r, z, j * r * r, nU + j * r);
    return z;
  };
  // Preconditioned MINRES (Paige–Saunders, as in scipy.sparse.linalg.minres) on [U; V]:
  // H is symmetric but need not be definite away from a strict minimum.
  const applyH = (v: Float64Array): Float64Array => {
    const { hU, hV } = alsHessianVector(ratings, x, v.subarray(0, nU), v.subarray(nU));
    const out = new Float64Array(N);
    out.set(hU, 0);
    out.set(hV, nU);
    return out;
  };
  const dot = (a: Float64Array, c: Float64Array): number => {
    let t = 0;
    for (let k = 0; k < a.length; k++) t += a[k]! * c[k]!;
    return t;
  };
  const bNorm = norm(b);
  const z = new Float64Array(N);
  let r1: Float64Array = Float64Array.from(b);
  let r2: Float64Array = Float64Array.from(b);
  let y: Float64Array = applyM(r1);
  const beta1 = Math.sqrt(dot(r1, y));
  let beta = beta1;
  let oldb = 0;
  let dbar = 0;
  let epsln = 0;
  let phibar = beta1;
  let cs = -1;
  let sn = 0;
  let w = new Float64Array(N);
  let w2 = new Float64Array(N);
  let it = 0;
  let indefinite = false;
  while (it < maxIter && beta1 > 0 && phibar > tol * beta1) {
    options.onIteration?.(it, phibar / beta1);
    it++;
    const v = y.map((t) => t / beta);
    y = applyH(v);
    const curvature = dot(v, y);
    if (curvature <= 0) indefinite = true;
    if (it >= 2) for (let k = 0; k < N; k++) y[k]! -= (beta / oldb) * r1[k]!;
    const alfa = dot(v, y);
    for (let k = 0; k < N; k++) y[k]! -= (alfa / beta) * r2[k]!;
    r1 = r2;
    r2 = y;
    y = applyM(r2);
    oldb = beta;
    beta = Math.sqrt(Math.max(dot(r2, y), 0));
    const oldeps = epsln;
    const delta = cs * dbar + sn * alfa;
    const gbar = sn * dbar - cs * alfa;
    epsln = sn * beta;
    dbar = -cs * beta;
    const gamma = Math.max(Math.hypot(gbar, beta), Number.EPSILON);
    cs = gbar / gamma;
    sn = beta / gamma;
    const phi = cs * phibar;
    phibar = sn * phibar;
    const w1 = w2;
    w2 = w;
    w = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      w[k] = (v[k]! - oldeps * w1[k]! - delta * w2[k]!) / gamma;
      z[k]! += phi * w[k]!;
    }
    if (beta === 0) break;
  }
  const zU = z.subarray(0, nU);
  const zV = z.subarray(nU);
  // true residual, not the recurrence's
  const Hz = applyH(z);
  for (let k = 0; k < N; k++) Hz[k] = b[k]! - Hz[k]!;
  const residual = norm(Hz) / (bNorm || 1);
  const m = ratings.user.length;
  const values = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const u = ratings.user[e]! * r;
    const v = ratings.item[e]! * r;
    let s = 0;
    for (let k = 0; k < r; k++) s += zU[u + k]! * V[v + k]! + U[u + k]! * zV[v + k]!;
    values[e] = 2 * s;
  }
  return { values, iterations: it, residual, converged: residual <= Math.max(tol * 10, 1e-8), indefinite };
}
