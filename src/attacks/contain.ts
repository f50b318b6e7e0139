/**
 * Contain (Chen et al., KDD 2018) with the leading eigenvalue as the connectivity measure:
 * the drop of λ1(S) when an edge is removed, S = A + Aᵀ (A when undirected).
 *
 * S is replaced by its rank-r model K = UΛUᵀ (top-r eigenpairs). Removing edge (i, j) of
 * weight w subtracts E = w(e_i e_jᵀ + e_j e_iᵀ) (c·e_i e_iᵀ for a self-loop), and K − E has
 * its range in span(U, e_i, e_j): in the orthonormal basis Q = [U, q_i, q_j] (e_i, e_j
 * orthogonalised against U) it is the (r+2)×(r+2) matrix M = D − P J Pᵀ, D = diag(Λ, 0, 0),
 * P = the coordinates of e_i and e_j, J = w[[0,1],[1,0]]. That is the Rayleigh–Ritz step in
 * span(U, e_i, e_j), and its top eigenvalue is the estimate of λ1 after removal.
 *
 * The top eigenvalue is found without forming M: by Haynsworth inertia additivity on the
 * bordered matrix [[D − μ, P], [Pᵀ, J⁻¹]], the number of eigenvalues of M above μ is
 * #{d_k > μ} + #pos(J⁻¹ − Pᵀ(D − μ)⁻¹P) − #pos(J⁻¹), an O(r) count with a 2×2 matrix, and
 * bisection on it over Weyl's bracket [λ1 − ‖E‖, λ1 + ‖E‖] gives the top eigenvalue to
 * rounding. O(r) per step, ~50 steps per edge.
 *
 * At r = 1 the estimate reduces to NetMelt's first-order score: as the removed weight w → 0
 * the drop is w·2u(i)u(j) + O(w²) (u(i)·v(j) with left = right eigenvector for symmetric S;
 * the 2 counts both entries S(i,j), S(j,i)).
 */
import { numberOption, type EdgeScorer } from './attack.js';
import { symmetricCsr, symmetricWeight, type EdgeView } from '../graph/edge-view.js';
import { topEigenpairs, type TopEigenpairs } from './spectra.js';

export interface ContainOptions {
  /** eigenpairs in the low-rank model (paper: 80) */
  rank: number;
}

/** #positive eigenvalues of the symmetric 2×2 [[a, b], [b, d]]. */
function positives2(a: number, b: number, d: number): number {
  const det = a * d - b * b;
  const tr = a + d;
  if (det < 0) return 1;
  if (det > 0) return tr > 0 ? 2 : 0;
  return tr > 0 ? 1 : 0;
}

/**
 * λ1 − (top eigenvalue of K − scale·E_e) for every element e, with K = UΛUᵀ from `top`.
 * `scale` shrinks the removed weight (1 = remove the edge); below 1 it gives the
 * first-order limit the tests check.
 */
export function containDrops(view: EdgeView, top: Pick<TopEigenpairs, 'values' | 'vectors'>, scale = 1): Float64Array {
  const r = top.values.length;
  const lam1 = top.values[0]!;
  const lamMax = Math.max(lam1, 0);
  const size = r + 2;
  const d = new Float64Array(size);
  d.set(top.values);
  const U = top.vectors;
  const ui = new Float64Array(r);
  const uj = new Float64Array(r);
  // per edge: coefficients of S_pp, S_pq, S_qq over the diagonal entries
  const cpp = new Float64Array(size);
  const cpq = new Float64Array(size);
  const cqq = new Float64Array(size);
  const out = new Float64Array(view.src.length);
  const tiny = 1e-12;
  for (let e = 0; e < out.length; e++) {
    const i = view.src[e]!;
    const j = view.dst[e]!;
    const c = scale * symmetricWeight(view, e);
    if (c === 0) continue;
    let nii = 0;
    let njj = 0;
    let nij = 0;
    for (let k = 0; k < r; k++) {
      ui[k] = U[k]![i]!;
      uj[k] = U[k]![j]!;
      nii += ui[k]! * ui[k]!;
      njj += uj[k]! * uj[k]!;
      nij += ui[k]! * uj[k]!;
    }
    // coordinates of e_i (p) and e_j (q) in [U, q_i, q_j]
    const a2 = 1 - nii;
    const alpha = a2 > tiny ? Math.sqrt(a2) : 0;
    let jinv11: number;
    let jinv12: number;
    let jinv22: number;
    let posJinv: number;
    for (let k = 0; k < r; k++) {
      cpp[k] = ui[k]! * ui[k]!;
      cpq[k] = ui[k]! * uj[k]!;
      cqq[k] = uj[k]! * uj[k]!;
    }
    if (i === j) {
      // E = c·e_i e_iᵀ: P = [p, 0], J = diag(c, 1)
      cpp[r] = alpha * alpha;
      cpq[r] = cqq[r] = 0;
      cpp[r + 1] = cpq[r + 1] = cqq[r + 1] = 0;
      for (let k = 0; k < r; k++) cpq[k] = cqq[k] = 0;
      jinv11 = 1 / c;
      jinv12 = 0;
      jinv22 = 1;
      posJinv = c > 0 ? 2 : 1;
    } else {
      const beta = alpha > 0 ? -nij / alpha : 0;
      const g2 = 1 - njj - beta * beta;
      const gamma = g2 > tiny ? Math.sqrt(g2) : 0;
      cpp[r] = alpha * alpha;
      cpq[r] = alpha * beta;
      cqq[r] = beta * beta;
      cpp[r + 1] = 0;
      cpq[r + 1] = 0;
      cqq[r + 1] = gamma * gamma;
      jinv11 = 0;
      jinv12 = 1 / c;
      jinv22 = 0;
      posJinv = 1;
    }
    const countAbove = (mu: number): number => {
      let pos = 0;
      let spp = 0;
      let spq = 0;
      let sqq = 0;
      for (let k = 0; k < size; k++) {
        const gap = d[k]! - mu;
        if (gap > 0) pos++;
        const inv = 1 / (gap === 0 ? 1e-300 : gap);
        spp += cpp[k]! * inv;
        spq += cpq[k]! * inv;
        sqq += cqq[k]! * inv;
      }
      return pos + positives2(jinv11 - spp, jinv12 - spq, jinv22 - sqq) - posJinv;
    };
    const pad = 1e-9 * (1 + lamMax);
    let lo = lamMax - Math.abs(c) - pad;
    let hi = lamMax + Math.abs(c) + pad;
    const eps = 1e-14 * Math.max(1, lamMax);
    for (let it = 0; it < 100 && hi - lo > eps; it++) {
      const mid = 0.5 * (lo + hi);
      if (countAbove(mid) >= 1) lo = mid;
      else hi = mid;
    }
    out[e] = lam1 - 0.5 * (lo + hi);
  }
  return out;
}

export const containScorer: EdgeScorer<ContainOptions> = {
  name: 'contain',
  description: 'drop of λ1(A + Aᵀ) on removing the edge, Rayleigh–Ritz in span(top-r eigenvectors, e_i, e_j)',
  dependsOn: 'graph',
  greedy: false,
  optionKeys: ['rank'],
  parseOptions: (raw) => ({ rank: numberOption('contain', raw, 'rank', 80, (v) => Number.isInteger(v) && v >= 1, 'a positive integer') }),
  label: (o) => (o.rank === 80 ? 'contain' : `contain-r${o.rank}`),
  score({ view }, { rank }) {
    const S = symmetricCsr(view);
    const r = Math.min(rank, view.n);
    const top = topEigenpairs(S, r, 1);
    return { scores: containDrops(view, top), solver: { ...top.report, rank: r } };
  },
};
