/**
 * Stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017): for a symmetric operator M and a
 * probe v, k Lanczos steps from v/‖v‖ give the tridiagonal T_k = W·diag(θ)·Wᵀ, and
 * vᵀ g(M) v ≈ ‖v‖² Σ_j W(0,j)² g(θ_j), Gauss quadrature that is exact for polynomials of degree
 * < 2k. Averaged over random probes (Rademacher: E[vvᵀ] = I), tr g(M) ≈ (1/p) Σ_v vᵀ g(M) v.
 *
 * The nodes and weights depend on M only: for M = L, every g(L) (log(α + βL), (α + βL)⁻¹, …)
 * is then a closed-form function of the scalars, with exact derivatives, and the Lanczos runs
 * are paid once. No reorthogonalisation: Gauss quadrature stays accurate when Lanczos loses
 * orthogonality (the ghost copies of converged Ritz values share their weight).
 */
import type { SymmetricOperator, VectorSpace } from '../linalg/operators.js';
import { Rng } from '../util/rng.js';
import { symEig } from './dense/sym-eig.js';

export interface Quadrature {
  /** per probe: Ritz values θ_j and weights W(0,j)² (summing to 1) */
  nodes: Float64Array[];
  weights: Float64Array[];
  /** ‖v‖² of each probe (n for Rademacher probes) */
  norms: Float64Array;
  /** Lanczos steps taken per probe (fewer when an invariant subspace was found) */
  steps: Int32Array;
}

export function lanczosQuadrature<V>(op: SymmetricOperator<V>, space: VectorSpace<V>, options: { probes: number; steps: number; seed: number }): Quadrature {
  const n = op.size;
  const rng = new Rng(options.seed);
  const k = Math.min(options.steps, n);
  const out: Quadrature = { nodes: [], weights: [], norms: new Float64Array(options.probes), steps: new Int32Array(options.probes) };
  for (let p = 0; p < options.probes; p++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = rng.uniform() < 0.5 ? -1 : 1;
    out.norms[p] = n;
    const inv = 1 / Math.sqrt(n);
    for (let i = 0; i < n; i++) v[i]! *= inv;
    let q = space.fromFloat64(v);
    let qPrev: V | null = null;
    const a: number[] = [];
    const b: number[] = [];
    for (let j = 0; j < k; j++) {
      const w0 = op.apply(q);
      const aj = space.dot(q, w0);
      let w = space.axpy(w0, -aj, q);
      space.dispose(w0);
      if (qPrev) {
        const w1 = space.axpy(w, -b[j - 1]!, qPrev);
        space.dispose(w);
        w = w1;
      }
      a.push(aj);
      const bj = space.norm(w);
      if (qPrev) space.dispose(qPrev);
      if (j === k - 1 || bj <= 1e-12 * Math.max(1, Math.abs(aj))) {
        space.dispose([w, q]);
        qPrev = null;
        break;
      }
      b.push(bj);
      qPrev = q;
      q = space.scale(w, 1 / bj);
      space.dispose(w);
    }
    const m = a.length;
    const T = new Float64Array(m * m);
    for (let j = 0; j < m; j++) {
      T[j * m + j] = a[j]!;
      if (j + 1 < m) {
        T[j * m + j + 1] = b[j]!;
        T[(j + 1) * m + j] = b[j]!;
      }
    }
    const e = symEig(T, m, { vectors: true });
    const wts = new Float64Array(m);
    for (let j = 0; j < m; j++) wts[j] = e.vectors[j * m]! ** 2;
    out.nodes.push(e.values);
    out.weights.push(wts);
    out.steps[p] = m;
  }
  return out;
}

/** tr g(M) ≈ (1/p) Σ_v ‖v‖² Σ_j w_j g(θ_j). */
export function quadratureTrace(q: Quadrature, g: (theta: number) => number): number {
  let s = 0;
  for (let p = 0; p < q.nodes.length; p++) {
    let t = 0;
    const th = q.nodes[p]!;
    const w = q.weights[p]!;
    for (let j = 0; j < th.length; j++) t += w[j]! * g(th[j]!);
    s += q.norms[p]! * t;
  }
  return s / q.nodes.length;
}
