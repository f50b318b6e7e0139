/**
 * Soft k-means as a differentiable layer (ClusterNet; SEEDS-SPEC §4.2–4.3), in float64 on the
 * host. With embeddings x_j (rows of X, n × p, unit rows in ClusterNet), centres μ_i (K × p) and
 * inverse temperature β:
 *
 *   s_ji = β x_jᵀμ_i,  r_ji = softmax_i(s_j·),  R_i = Σ_j r_ji,  C_i = Σ_j r_ji x_j,  g_i(μ, X) = C_i/R_i.
 *
 * Forward: iterate μ ← g(μ, X) to a fixed point μ* = g(μ*, X). Backward, exact, by the implicit
 * function theorem: for a cotangent μ̄ solve (I − ∂g/∂μ)ᵀλ = μ̄ (Kp unknowns: GMRES with
 * matrix-free products, O(nKp) each), then X̄ = (∂g/∂X)ᵀλ. The paper's one-step approximation
 * takes λ = μ̄ (the gradient of one more k-means step with μ held fixed). Closed forms:
 *
 *   ∂g_i/∂μ_k = (β/R_i) Σ_j r_ji (δ_ik − r_jk)(x_j − g_i) x_jᵀ,
 *   λᵀ∂g/∂x_j = Σ_i (r_ji/R_i) λ_i + β Σ_i a_ji (μ_i − μ̄_j),  a_ji = r_ji (x_j − g_i)ᵀλ_i / R_i,
 *   μ̄_j = Σ_k r_jk μ_k.
 *
 * Where I − ∂g/∂μ is singular (a bifurcation of the fixed point) the derivative does not
 * exist: the solve says so instead of returning a number. Training may cap the adjoint
 * solve (`maxSteps`, `inexact`): a descent direction need not be exact.
 */
import { gmres } from '../../solvers/gmres.js';
import { getPool, isShared, sharedFloat64 } from '../../parallel/pool.js';
import { adjointRowsKernel, kmeansChunks, kmeansRowsKernel } from './kmeans-kernels.js';
import { IllPosedError } from '../../util/errors.js';

export interface SoftKMeansData {
  /** n × p, row-major */
  X: Float64Array;
  n: number;
  p: number;
  k: number;
  beta: number;
}

export interface KMeansStep {
  /** g(μ, X): K × p */
  g: Float64Array;
  /** n × K responsibilities */
  r: Float64Array;
  /** R_i = Σ_j r_ji */
  R: Float64Array;
}

/** The array itself when the pool's workers can read it (shared memory), else a shared copy. */
function shared(x: Float64Array): Float64Array {
  if (isShared(x)) return x;
  const copy = sharedFloat64(x.length);
  copy.set(x);
  return copy;
}

/** The same data with X in shared memory (copied once for a loop of passes). */
const withSharedX = (d: SoftKMeansData): SoftKMeansData => (isShared(d.X) ? d : { ...d, X: shared(d.X) });

/** One soft k-means update g(μ, X), with the responsibilities it used (rows on the thread pool). */
export function kmeansStep(d: SoftKMeansData, mu: Float64Array): KMeansStep {
  const { n, p, k, beta } = d;
  const bounds = kmeansChunks(n, k, p);
  const chunks = bounds.length - 1;
  const r = sharedFloat64(n * k);
  const Cpart = sharedFloat64(chunks * k * p);
  const Rpart = sharedFloat64(chunks * k);
  getPool().run(kmeansRowsKernel(), [shared(d.X), shared(mu), r, Cpart, Rpart, p, k, beta], bounds, n * k * p);
  const R = new Float64Array(k);
  const C = new Float64Array(k * p);
  for (let c = 0; c < chunks; c++) {
    for (let i = 0; i < k; i++) R[i]! += Rpart[c * k + i]!;
    for (let t = 0; t < k * p; t++) C[t]! += Cpart[c * k * p + t]!;
  }
  const g = new Float64Array(k * p);
  for (let i = 0; i < k; i++) for (let t = 0; t < p; t++) g[i * p + t] = R[i]! > 0 ? C[i * p + t]! / R[i]! : mu[i * p + t]!;
  return { g, r, R };
}

export interface SoftKMeansResult extends KMeansStep {
  /** the centres μ (the last iterate; g is one more step from it) */
  mu: Float64Array;
  iterations: number;
  converged: boolean;
  /** max |g(μ) − μ| at the end */
  change: number;
}

/** Iterate μ ← g(μ, X) from `mu0` until max |Δμ| ≤ tol (or maxIter updates). */
export function softKMeans(data: SoftKMeansData, mu0: Float64Array, options: { tol?: number; maxIter?: number } = {}): SoftKMeansResult {
  const d = withSharedX(data);
  const tol = options.tol ?? 1e-12;
  const maxIter = options.maxIter ?? 1000;
  let mu: Float64Array = Float64Array.from(mu0);
  let step = kmeansStep(d, mu);
  let change = Infinity;
  let it = 0;
  for (; it < maxIter; it++) {
    change = 0;
    for (let t = 0; t < mu.length; t++) change = Math.max(change, Math.abs(step.g[t]! - mu[t]!));
    mu = step.g;
    step = kmeansStep(d, mu);
    if (change <= tol) {
      it++;
      break;
    }
  }
  return { ...step, mu, iterations: it, converged: change <= tol, change };
}

/** The adjoint pass over the rows (kmeans-kernels.ts): mode 0, (∂g/∂μ)ᵀv summed by chunk; mode 1, (∂g/∂X)ᵀv row by row. */
function adjointPass(d: SoftKMeansData, mu: Float64Array, s: KMeansStep, v: Float64Array, mode: 0 | 1): Float64Array {
  const { n, p, k, beta } = d;
  const bounds = kmeansChunks(n, k, p);
  const chunks = bounds.length - 1;
  // (x_j − g_i)ᵀv_i = x_jᵀv_i − g_iᵀv_i: one dot per (j, i)
  const gv = sharedFloat64(k);
  const Rinv = sharedFloat64(k);
  for (let i = 0; i < k; i++) {
    for (let t = 0; t < p; t++) gv[i]! += s.g[i * p + t]! * v[i * p + t]!;
    Rinv[i] = s.R[i]! > 0 ? 1 / s.R[i]! : 0;
  }
  const out = sharedFloat64(mode === 0 ? chunks * k * p : n * p);
  getPool().run(adjointRowsKernel(), [shared(d.X), shared(s.r), Rinv, gv, shared(v), out, shared(mu), p, k, beta, mode], bounds, n * k * p);
  if (mode === 1) return out;
  const sum = new Float64Array(k * p);
  for (let c = 0; c < chunks; c++) for (let t = 0; t < k * p; t++) sum[t]! += out[c * k * p + t]!;
  return sum;
}

/** (∂g/∂μ)ᵀ v, matrix-free: (Jᵀv)_i = β Σ_j x_j (a_ji − r_ji A_j), a_ji = r_ji (x_j − g_i)ᵀv_i / R_i, A_j = Σ_i a_ji. */
export function jacobianMuT(d: SoftKMeansData, s: KMeansStep, v: Float64Array): Float64Array {
  return adjointPass(d, s.g, s, v, 0);
}

/** (∂g/∂X)ᵀ λ at centres mu (the step's input): n × p. */
export function jacobianXT(d: SoftKMeansData, mu: Float64Array, s: KMeansStep, lambda: Float64Array): Float64Array {
  return adjointPass(d, mu, s, lambda, 1);
}

export type KMeansGradient = 'exact' | 'one-step';

export interface SoftKMeansBackward {
  /** ∂L/∂X, n × p */
  Xbar: Float64Array;
  /** the adjoint solve (exact mode): GMRES steps and its relative residual */
  solve: { iterations: number; residual: number; converged: boolean };
}

/**
 * X̄ for a cotangent μ̄ of the fixed point: exact (IFT) or the one-step approximation. The
 * exact solve refuses, with the reason, where I − ∂g/∂μ is singular or the forward did not
 * reach a fixed point to `tol`.
 */
export function softKMeansBackward(
  data: SoftKMeansData,
  fwd: SoftKMeansResult,
  muBar: Float64Array,
  mode: KMeansGradient,
  options: { tol?: number; maxSteps?: number; inexact?: boolean } = {},
): SoftKMeansBackward {
  const d = withSharedX(data);
  const s: KMeansStep = fwd;
  if (mode === 'one-step') return { Xbar: jacobianXT(d, fwd.mu, s, muBar), solve: { iterations: 0, residual: 0, converged: true } };
  const tol = options.tol ?? 1e-12;
  const res = gmres((v) => {
    const jv = jacobianMuT(d, s, v);
    for (let t = 0; t < v.length; t++) jv[t] = v[t]! - jv[t]!;
    return jv;
  }, muBar, { tol, maxIter: Math.min(options.maxSteps ?? Infinity, d.k * d.p) });
  if (!res.converged && options.inexact) return { Xbar: jacobianXT(d, fwd.mu, s, res.x), solve: { iterations: res.iterations, residual: res.residual, converged: false } };
  if (!res.converged) {
    throw new IllPosedError(
      `soft k-means: (I − ∂g/∂μ)ᵀλ = μ̄ left a relative residual of ${res.residual.toExponential(2)} after ${res.iterations} GMRES steps of ${d.k * d.p}: ` +
        'I − ∂g/∂μ is singular (or nearly) at this fixed point, a bifurcation of soft k-means, so dμ*/dX does not exist here',
    );
  }
  return { Xbar: jacobianXT(d, fwd.mu, s, res.x), solve: { iterations: res.iterations, residual: res.residual, converged: true } };
}
