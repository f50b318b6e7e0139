/**
 * Maximum-likelihood (α_1..α_K, β) for the GCRF (SEEDS-SPEC §2.2) with the correct gradients
 * (the authors' code returns a wrong α-gradient; see §2.7), over log-parameters so that every
 * iterate stays feasible (α_k > 0, β > 0: Q ≻ 0), by L-BFGS.
 *
 * Exact eigenbasis form (UmGCRF): L = U·diag(λ)·Uᵀ once (O(n³)), then with ỹ = Uᵀy,
 * c⁽ʲ⁾ = UᵀR_j, Ca = Σ_j α_j c⁽ʲ⁾, A = Σ_j α_j and Λ_k = A + βλ_k, every likelihood and gradient
 * costs O(nK):
 *   ll = Σ_k −Λ_k ỹ_k² + 2 ỹ_k Ca_k − Ca_k²/Λ_k + ½ log Λ_k            (+ constants)
 *   ∂ll/∂α_j = Σ_k −ỹ_k² + 2 ỹ_k c⁽ʲ⁾_k − 2 Ca_k c⁽ʲ⁾_k/Λ_k + Ca_k²/Λ_k² + ½/Λ_k
 *   ∂ll/∂β   = Σ_k λ_k (−ỹ_k² + Ca_k²/Λ_k² + ½/Λ_k)
 */
import type { AttributedGraph } from '../../graph/attributed.js';
import { symEig } from '../../solvers/dense/sym-eig.js';
import { lbfgs } from '../../solvers/lbfgs.js';
import { ConfigError } from '../../util/errors.js';

export interface GcrfTraining {
  method: string;
  alpha: Float64Array;
  beta: number;
  /** the log-likelihood at the optimum (constants dropped), per node */
  logLikelihood: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  stoppedBy: string;
  /** ‖∇ll‖∞ per node at the end, in the log-parameters */
  gradient: number;
}

/** Nodes up to which the exact eigenbasis form trains (an O(n³) eigendecomposition). */
export const GCRF_EXACT_TRAIN_LIMIT = 3000;

/** The eigenbasis quantities training needs: λ, ỹ = Uᵀy, c⁽ʲ⁾ = UᵀR_j. */
export interface Eigenbasis {
  lambda: Float64Array;
  yt: Float64Array;
  c: Float64Array[];
}

export function eigenbasis(data: AttributedGraph): Eigenbasis {
  const { graph } = data;
  const n = graph.n;
  if (!data.y) throw new ConfigError(`gcrf: training fits (α, β) to the targets, and the node table ${data.nodesSource} has no 'y' column`);
  const csr = graph.csr;
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = csr.rowPtr[i]!; p < csr.rowPtr[i + 1]!; p++) {
      const j = csr.colIdx[p]!;
      if (j === i) continue;
      L[i * n + j]! -= csr.values[p]!;
      L[i * n + i]! += csr.values[p]!;
    }
  }
  const eig = symEig(L, n, { vectors: true });
  const project = (v: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = 0;
      const off = k * n;
      for (let i = 0; i < n; i++) s += eig.vectors[off + i]! * v[i]!;
      out[k] = s;
    }
    return out;
  };
  return { lambda: eig.values, yt: project(data.y), c: data.R.map(project) };
}

/** ll and its gradient in (α_1..α_K, β) from the eigenbasis (constants dropped). */
export function eigenLikelihood(e: Eigenbasis, alpha: Float64Array, beta: number): { ll: number; dAlpha: Float64Array; dBeta: number } {
  const n = e.lambda.length;
  const K = alpha.length;
  const A = alpha.reduce((s, a) => s + a, 0);
  let ll = 0;
  const dAlpha = new Float64Array(K);
  let dBeta = 0;
  for (let k = 0; k < n; k++) {
    const lam = Math.max(e.lambda[k]!, 0);
    const L = A + beta * lam;
    let ca = 0;
    for (let j = 0; j < K; j++) ca += alpha[j]! * e.c[j]![k]!;
    const y2 = e.yt[k]! * e.yt[k]!;
    ll += -L * y2 + 2 * e.yt[k]! * ca - (ca * ca) / L + 0.5 * Math.log(L);
    const common = -y2 + (ca * ca) / (L * L) + 0.5 / L;
    for (let j = 0; j < K; j++) dAlpha[j]! += common + 2 * e.yt[k]! * e.c[j]![k]! - (2 * ca * e.c[j]![k]!) / L;
    dBeta += lam * common;
  }
  return { ll, dAlpha, dBeta };
}

/** Maximise ll over log α_k, log β from α_k = 1, β = 1 (the eigendecomposition once, then O(nK) per step). */
export function trainExact(data: AttributedGraph, options: { maxIter?: number; log?: (m: string) => void } = {}): GcrfTraining {
  const n = data.graph.n;
  if (n > GCRF_EXACT_TRAIN_LIMIT) throw new ConfigError(`gcrf: the exact eigenbasis training decomposes L (O(n³)); ${n} nodes is above its limit ${GCRF_EXACT_TRAIN_LIMIT}`);
  const t0 = performance.now();
  const e = eigenbasis(data);
  options.log?.(`gcrf: eigendecomposition of L (${n} nodes) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  const K = data.R.length;
  const r = lbfgs(
    (theta) => {
      const alpha = Float64Array.from(theta.subarray(0, K), Math.exp);
      const beta = Math.exp(theta[K]!);
      const { ll, dAlpha, dBeta } = eigenLikelihood(e, alpha, beta);
      // minimise −ll/n over log-parameters: ∂/∂log p = p·∂/∂p
      const gradient = new Float64Array(K + 1);
      for (let j = 0; j < K; j++) gradient[j] = (-alpha[j]! * dAlpha[j]!) / n;
      gradient[K] = (-beta * dBeta) / n;
      return { value: -ll / n, gradient };
    },
    new Float64Array(K + 1),
    { maxIter: options.maxIter ?? 200, gtol: 1e-8 },
  );
  return {
    method: 'exact eigenbasis (UmGCRF), L-BFGS over log α, log β',
    alpha: Float64Array.from(r.x.subarray(0, K), Math.exp),
    beta: Math.exp(r.x[K]!),
    logLikelihood: -r.value,
    iterations: r.iterations,
    evaluations: r.evaluations,
    converged: r.converged,
    stoppedBy: r.stoppedBy,
    gradient: Math.max(...Array.from(r.gradient, Math.abs)),
  };
}
