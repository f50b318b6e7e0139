/**
 * RMSE between Â = UVᵀ and Ã = ŨṼᵀ over the cells not in Ω (the clean matrix's observed
 * cells), exactly and without materialising them:
 *
 *   Σ_all (Â − Ã)²  with  Â − Ã = (U − Ũ)Vᵀ + Ũ(V − Ṽ)ᵀ = W·Zᵀ,  W = [U − Ũ, Ũ],  Z = [V, V − Ṽ],
 *   Σ_all = ‖W Zᵀ‖²_F = Σ (WᵀW) ∘ (ZᵀZ)     (2r × 2r Grams, O((n1 + n2)·r²)),
 *
 * minus the m observed terms (O(m·r)), divided by |Ω^C| = n1·n2 − m. Writing the difference
 * through U − Ũ and V − Ṽ keeps the large ‖UVᵀ‖² terms from cancelling.
 */
import { gram } from './influence.js';

export interface Factors {
  U: Float64Array;
  V: Float64Array;
  rank: number;
}

export function complementRmse(
  observed: { user: Int32Array; item: Int32Array },
  nUsers: number,
  nItems: number,
  clean: Factors,
  perturbed: Factors,
): number {
  const r = clean.rank;
  if (perturbed.rank !== r) throw new RangeError(`complementRmse: ranks differ (${r} vs ${perturbed.rank})`);
  if (clean.U.length !== nUsers * r || perturbed.U.length !== nUsers * r || clean.V.length !== nItems * r || perturbed.V.length !== nItems * r) {
    throw new RangeError('complementRmse: factor sizes do not match the matrix');
  }
  const r2 = 2 * r;
  const W = new Float64Array(nUsers * r2);
  for (let i = 0; i < nUsers; i++) {
    for (let x = 0; x < r; x++) {
      const u = clean.U[i * r + x]!;
      const ut = perturbed.U[i * r + x]!;
      W[i * r2 + x] = u - ut;
      W[i * r2 + r + x] = ut;
    }
  }
  const Z = new Float64Array(nItems * r2);
  for (let j = 0; j < nItems; j++) {
    for (let x = 0; x < r; x++) {
      const v = clean.V[j * r + x]!;
      Z[j * r2 + x] = v;
      Z[j * r2 + r + x] = v - perturbed.V[j * r + x]!;
    }
  }
  const GW = gram(W, r2);
  const GZ = gram(Z, r2);
  let all = 0;
  for (let k = 0; k < r2 * r2; k++) all += GW[k]! * GZ[k]!;
  let obs = 0;
  const m = observed.user.length;
  for (let e = 0; e < m; e++) {
    const u = observed.user[e]! * r;
    const v = observed.item[e]! * r;
    let d = 0;
    for (let x = 0; x < r; x++) d += clean.U[u + x]! * clean.V[v + x]! - perturbed.U[u + x]! * perturbed.V[v + x]!;
    obs += d * d;
  }
  const cells = nUsers * nItems - m;
  if (cells <= 0) return 0;
  return Math.sqrt(Math.max(0, all - obs) / cells);
}
