/**
 * Leading eigenpairs and singular vectors for the spectral baselines, in float64 on the host:
 * a dense eigendecomposition for small graphs, thick-restart Lanczos (full
 * reorthogonalisation) otherwise. Every result carries its solver report.
 */
import type { Csr } from '../graph/csr.js';
import { symEig } from '../solvers/dense/sym-eig.js';
import { lanczosEigs } from '../solvers/lanczos-eigs.js';
import { lanczosSvd } from '../solvers/lanczos-svd.js';
import { csrOperator, hostSpace } from '../solvers/host-space.js';
import type { SolverReport } from '../tasks/task.js';

/** At or below this many nodes the dense eigendecomposition is used. */
export const DENSE_LIMIT = 400;

export interface TopEigenpairs {
  /** the k largest eigenvalues, descending */
  values: Float64Array;
  /** unit eigenvectors, paired with values; each with Σx ≥ 0 */
  vectors: Float64Array[];
  report: SolverReport;
}

function signFixed(x: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  if (s < 0) for (let i = 0; i < x.length; i++) x[i] = -x[i]!;
  return x;
}

/** The k largest (algebraic) eigenpairs of a symmetric matrix. */
export function topEigenpairs(S: Csr, k: number, seed: number, tol = 1e-10): TopEigenpairs {
  const n = S.nRows;
  if (k < 1 || k > n) throw new RangeError(`topEigenpairs: k = ${k} for a ${n}-node graph`);
  if (n <= DENSE_LIMIT) {
    const eig = symEig(S.toDense(), n);
    const values = new Float64Array(k);
    const vectors: Float64Array[] = [];
    for (let t = 0; t < k; t++) {
      const j = n - 1 - t;
      values[t] = eig.values[j]!;
      vectors.push(signFixed(eig.vectors.slice(j * n, j * n + n)));
    }
    return { values, vectors, report: { solver: 'dense symmetric QL', precision: 'float64', iterations: eig.iterations, converged: true, residual: 0 } };
  }
  const res = lanczosEigs({ size: n, apply: (x: Float64Array) => S.matvec(x) }, hostSpace, { k, which: 'largest', seed, tol });
  const scale = Math.max(res.normEstimate, 1e-300);
  return {
    values: res.values,
    vectors: res.vectors.map(signFixed),
    report: {
      solver: 'thick-restart Lanczos',
      precision: 'float64',
      iterations: res.iterations,
      converged: res.converged,
      residual: Math.max(0, ...res.residuals) / scale,
    },
  };
}

/** Leading left (hub) and right (authority) singular vectors of A, Σ ≥ 0 each. */
export function leadingSingularVectors(A: Csr, seed: number): { hub: Float64Array; authority: Float64Array; sigma: number; report: SolverReport } {
  const res = lanczosSvd(csrOperator(A), hostSpace, { k: 1, seed });
  const sigma = res.sigma[0]!;
  return {
    hub: signFixed(res.u[0]!),
    authority: signFixed(res.v[0]!),
    sigma,
    report: {
      solver: 'Golub–Kahan–Lanczos',
      precision: 'float64',
      iterations: res.iterations,
      converged: res.converged,
      residual: Math.max(res.residualAv[0]!, res.residualATu[0]!) / Math.max(sigma, 1e-300),
    },
  };
}
