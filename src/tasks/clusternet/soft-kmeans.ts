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

/** One soft k-means update g(μ, X), with the responsibilities it used. */
export function kmeansStep(d: SoftKMeansData, mu: Float64Array): KMeansStep {
  const { X, n, p, k, beta } = d;
  const r = new Float64Array(n * k);
  const R = new Float64Array(k);
  const C = new Float64Array(k * p);
  const s = new Float64Array(k);
  for (let j = 0; j < n; j++) {
    let max = -Infinity;
    for (let i = 0; i < k; i++) {
      let dot = 0;
      for (let t = 0; t < p; t++) dot += X[j * p + t]! * mu[i * p + t]!;
      s[i] = beta * dot;
      if (s[i]! > max) max = s[i]!;
    }
    let z = 0;
    for (let i = 0; i < k; i++) z += (s[i] = Math.exp(s[i]! - max));
    for (let i = 0; i < k; i++) {
      const rji = s[i]! / z;
      r[j * k + i] = rji;
      R[i]! += rji;
      for (let t = 0; t < p; t++) C[i * p + t]! += rji * X[j * p + t]!;
    }
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
export function softKMeans(d: SoftKMeansData, mu0: Float64Array, options: { tol?: number; maxIter?: number } = {}): SoftKMeansResult {
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

/** a_ji = r_ji (x_j − g_i)ᵀv_i / R_i (n × K) and A_j = Σ_i a_ji. */
function adjointWeights(d: SoftKMeansData, s: KMeansStep, v: Float64Array): { a: Float64Array; A: Float64Array } {
  const { X, n, p, k } = d;
  const a = new Float64Array(n * k);
  const A = new Float64Array(n);
  // (x_j − g_i)ᵀv_i = x_jᵀv_i − g_iᵀv_i: one dot per (j, i)
  const gv = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let t = 0; t < p; t++) gv[i]! += s.g[i * p + t]! * v[i * p + t]!;
  for (let j = 0; j < n; j++) {
    const xo = j * p;
    let sum = 0;
    for (let i = 0; i < k; i++) {
      if (s.R[i]! === 0) continue;
      const vo = i * p;
      let dot = 0;
      for (let t = 0; t < p; t++) dot += X[xo + t]! * v[vo + t]!;
      const w = (s.r[j * k + i]! * (dot - gv[i]!)) / s.R[i]!;
      a[j * k + i] = w;
      sum += w;
    }
    A[j] = sum;
  }
  return { a, A };
}

/** (∂g/∂μ)ᵀ v, matrix-free: (Jᵀv)_k = β Σ_j x_j (a_jk − r_jk A_j). */
export function jacobianMuT(d: SoftKMeansData, s: KMeansStep, v: Float64Array): Float64Array {
  const { X, n, p, k, beta } = d;
  const { a, A } = adjointWeights(d, s, v);
  const out = new Float64Array(k * p);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < k; i++) {
      const w = beta * (a[j * k + i]! - s.r[j * k + i]! * A[j]!);
      if (w === 0) continue;
      for (let t = 0; t < p; t++) out[i * p + t]! += w * X[j * p + t]!;
    }
  }
  return out;
}

/** (∂g/∂X)ᵀ λ at centres mu (the step's input): n × p. */
export function jacobianXT(d: SoftKMeansData, mu: Float64Array, s: KMeansStep, lambda: Float64Array): Float64Array {
  const { n, p, k, beta } = d;
  const { a, A } = adjointWeights(d, s, lambda);
  const out = new Float64Array(n * p);
  const muBar = new Float64Array(p);
  for (let j = 0; j < n; j++) {
    muBar.fill(0);
    for (let i = 0; i < k; i++) for (let t = 0; t < p; t++) muBar[t]! += s.r[j * k + i]! * mu[i * p + t]!;
    for (let i = 0; i < k; i++) {
      const direct = s.R[i]! > 0 ? s.r[j * k + i]! / s.R[i]! : 0;
      const via = beta * a[j * k + i]!;
      for (let t = 0; t < p; t++) out[j * p + t]! += direct * lambda[i * p + t]! + via * mu[i * p + t]!;
    }
    for (let t = 0; t < p; t++) out[j * p + t]! -= beta * A[j]! * muBar[t]!;
  }
  return out;
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
  d: SoftKMeansData,
  fwd: SoftKMeansResult,
  muBar: Float64Array,
  mode: KMeansGradient,
  options: { tol?: number; maxSteps?: number; inexact?: boolean } = {},
): SoftKMeansBackward {
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
