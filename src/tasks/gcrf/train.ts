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
import { lbfgs, type LbfgsResult } from '../../solvers/lbfgs.js';
import { ConfigError } from '../../util/errors.js';
import { tabulate } from '../../util/tabulate.js';
import { sharedSpace } from '../../solvers/shared-space.js';
import { degrees, denseLaplacian, sharedLaplacian } from '../../sparse/laplacian.js';
import { lanczosQuadrature, quadratureTrace, type Quadrature } from '../../solvers/slq.js';
import type { SymmetricOperator } from '../../linalg/operators.js';
import { gcrfSystem } from './model.js';

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
/** Nodes up to which `training: auto` takes the exact form (1,000 nodes: about 8 s; 2,000: 61 s on 2 cores). */
export const GCRF_EXACT_TRAIN_AUTO = 1000;

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
  // (self-loops cancel in D − S: denseLaplacian counts them in both)
  const L = denseLaplacian(csr);
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
  return maximizeEigen(e, 'exact eigenbasis (UmGCRF), L-BFGS over log α, log β', options.maxIter);
}

/**
 * Maximise the eigenbasis likelihood over log α_k, log β from α_k = 1, β = 1: the exact form
 * (e from L's eigendecomposition) or any approximation that supplies a basis and eigenvalue
 * estimates (the Kronecker models).
 */
export function maximizeEigen(e: Eigenbasis, method: string, maxIter = 200): GcrfTraining {
  const n = e.lambda.length;
  const K = e.c.length;
  const r = lbfgs(
    (theta) => {
      const alpha = tabulate(K, (j) => Math.exp(theta[j]!));
      const beta = Math.exp(theta[K]!);
      const { ll, dAlpha, dBeta } = eigenLikelihood(e, alpha, beta);
      // minimise −ll/n over log-parameters: ∂/∂log p = p·∂/∂p
      const gradient = new Float64Array(K + 1);
      for (let j = 0; j < K; j++) gradient[j] = (-alpha[j]! * dAlpha[j]!) / n;
      gradient[K] = (-beta * dBeta) / n;
      return { value: -ll / n, gradient };
    },
    new Float64Array(K + 1),
    { maxIter, gtol: 1e-7 },
  );
  return trainingResult(method, r, K);
}

/**
 * The same maximum likelihood without an eigendecomposition: the quadratic term through one
 * CG solve per evaluation (μ = Q⁻¹b, warm-started from the last μ), and log|Q| by stochastic
 * Lanczos quadrature on L (solvers/slq.ts). Since Q = αI + βL shares L's Krylov spaces, the
 * Lanczos runs on L are made once; then
 *   log|Q| ≈ tr_SLQ log(α + βθ),  ∂/∂α = tr_SLQ 1/(α + βθ),  ∂/∂β = tr_SLQ θ/(α + βθ)
 * are closed forms with exact derivatives, consistent with the value L-BFGS sees. And
 *   F = (y − μ)ᵀQ(y − μ) = α·yᵀy + β·yᵀLy − 2yᵀb + bᵀμ,
 *   ∂F/∂α_j = yᵀy − 2yᵀR_j + 2R_jᵀμ − μᵀμ,  ∂F/∂β = yᵀLy − μᵀLμ.
 * Cost: probes × steps products with L once, then one CG solve and one product per evaluation.
 */
export function trainStochastic(
  data: AttributedGraph,
  options: { probes: number; steps: number; seed: number; maxIter?: number; log?: (m: string) => void },
): GcrfTraining & { quadrature: { probes: number; steps: number } } {
  const { graph } = data;
  const y = data.y;
  if (!y) throw new ConfigError(`gcrf: training fits (α, β) to the targets, and the node table ${data.nodesSource} has no 'y' column`);
  const t0 = performance.now();
  // L on the thread pool (shared vectors, one fused pass per product): the Lanczos runs, and yᵀLy, μᵀLμ
  const space = sharedSpace();
  const shared = sharedLaplacian(graph.csr, degrees(graph.csr), undefined, space.alloc);
  const quadrature = lanczosQuadrature(shared, space, { probes: options.probes, steps: options.steps, seed: options.seed });
  const L: SymmetricOperator<Float64Array> = {
    size: graph.n,
    apply(x) {
      const xs = space.fromFloat64(x);
      const y = shared.apply(xs);
      const out = space.toFloat64(y);
      space.dispose([xs, y]);
      return out;
    },
  };
  options.log?.(`gcrf: stochastic Lanczos quadrature on L, ${options.probes} probes × ${options.steps} steps (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  const solve = (A: number, beta: number, b: Float64Array, x0?: Float64Array): Float64Array =>
    gcrfSystem(graph, A, beta, { solver: 'cg', precision: 'float64', tol: 1e-11, maxIter: 100_000, deviceFirst: false }).solve(b, x0).x;
  return {
    ...trainByQuadrature({ y, R: data.R, L, quadrature, solve }, options.maxIter),
    method: `stochastic Lanczos quadrature (${options.probes} Rademacher probes × ${options.steps} steps on L) + CG, L-BFGS over log α, log β`,
    quadrature: { probes: options.probes, steps: options.steps },
  };
}

/** What the quadrature training needs of a problem: targets, predictors, L, its quadrature, and Q⁻¹b for any (α, β). */
export interface QuadratureProblem {
  y: Float64Array;
  R: Float64Array[];
  L: SymmetricOperator<Float64Array>;
  quadrature: Quadrature;
  /** x = (A·I + β·L)⁻¹·b, warm-started from x0 */
  solve(A: number, beta: number, b: Float64Array, x0?: Float64Array): Float64Array;
}

export function trainByQuadrature(p: QuadratureProblem, maxIter = 200): GcrfTraining {
  const { y, quadrature: quad } = p;
  const n = y.length;
  const K = p.R.length;
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
    return s;
  };
  const yy = dot(y, y);
  const yLy = dot(y, p.L.apply(y));
  const yR = p.R.map((r) => dot(y, r));
  let mu: Float64Array | undefined;
  const r = lbfgs(
    (theta) => {
      const alpha = tabulate(K, (j) => Math.exp(theta[j]!));
      const beta = Math.exp(theta[K]!);
      const A = alpha.reduce((s, a) => s + a, 0);
      const b = new Float64Array(n);
      p.R.forEach((rj, j) => {
        for (let i = 0; i < n; i++) b[i]! += alpha[j]! * rj[i]!;
      });
      mu = p.solve(A, beta, b, mu);
      const muMu = dot(mu, mu);
      const muLmu = dot(mu, p.L.apply(mu));
      const yb = alpha.reduce((s, a, j) => s + a * yR[j]!, 0);
      const F = A * yy + beta * yLy - 2 * yb + dot(b, mu);
      const logDet = quadratureTrace(quad, (t) => Math.log(A + beta * Math.max(t, 0)));
      const trInv = quadratureTrace(quad, (t) => 1 / (A + beta * Math.max(t, 0)));
      const trInvL = quadratureTrace(quad, (t) => Math.max(t, 0) / (A + beta * Math.max(t, 0)));
      const ll = -F + 0.5 * logDet;
      const gradient = new Float64Array(K + 1);
      for (let j = 0; j < K; j++) {
        const dF = yy - 2 * yR[j]! + 2 * dot(p.R[j]!, mu) - muMu;
        gradient[j] = (-alpha[j]! * (-dF + 0.5 * trInv)) / n;
      }
      gradient[K] = (-beta * (-(yLy - muLmu) + 0.5 * trInvL)) / n;
      return { value: -ll / n, gradient };
    },
    new Float64Array(K + 1),
    { maxIter, gtol: 1e-6 },
  );
  return trainingResult('stochastic Lanczos quadrature + CG, L-BFGS over log α, log β', r, K);
}

/** (α_1..α_K, β) and the optimiser's facts from an L-BFGS run over log-parameters. */
function trainingResult(method: string, r: LbfgsResult, K: number): GcrfTraining {
  return {
    method,
    alpha: tabulate(K, (j) => Math.exp(r.x[j]!)),
    beta: Math.exp(r.x[K]!),
    logLikelihood: -r.value,
    iterations: r.iterations,
    evaluations: r.evaluations,
    converged: r.converged,
    stoppedBy: r.stoppedBy,
    gradient: Math.max(...Array.from(r.gradient, Math.abs)),
  };
}
