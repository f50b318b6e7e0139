/**
 * Near-Kronecker graphs (the seed paper's §5, SEEDS-SPEC §2.5): S̃ = S_G⊗S_H + E. The nearest
 * Kronecker product B⊗C (Van Loan & Pitsianis 1993) comes from the rearrangement 𝓡(S̃), whose
 * row (a, b) is block (a, b) of S̃ read row by row: 𝓡(S_G⊗S_H) = vec(S_G)·vec(S_H)ᵀ, and each
 * added entry is one entry of 𝓡. Its top singular triplet (Lanczos SVD on the operator, never
 * the n_G² × n_H² matrix) gives B = |unvec(u₁)|, C = |σ₁·unvec(v₁)|; then each factor keeps
 * only its entries above the `keep` quantile (the paper: 0.88, "thresholds from the known
 * densities") with a zero diagonal. Table 2's two norms: ‖S̃ − S_G⊗S_H‖_F = ‖E‖_F and
 * ‖S̃ − B⊗C‖_F = √(‖S̃‖²_F − σ₁²) (Eckart–Young on 𝓡), each pair of E counted twice (S̃ is symmetric).
 */
import { lanczosSvd } from '../../../solvers/lanczos-svd.js';
import { hostSpace } from '../../../solvers/host-space.js';
import type { LinearOperator } from '../../../linalg/operators.js';
import { tabulate } from '../../../util/tabulate.js';
import { factorFromSimilarity, type Factor, type KronInstance } from './kron.js';

export interface NearestKronecker {
  B: Factor;
  C: Factor;
  sigma: number;
  /** ‖S̃ − S_G⊗S_H‖_F */
  normTrue: number;
  /** ‖S̃ − B⊗C‖_F */
  normNearest: number;
}

export function nearestKronecker(inst: KronInstance): NearestKronecker {
  const { G, H } = inst;
  const nG = G.n;
  const nH = H.n;
  const E = inst.E ?? { src: new Int32Array(0), dst: new Int32Array(0), w: new Float64Array(0) };
  // the entries of E in 𝓡 coordinates: S̃[(a,c),(b,d)] → 𝓡[a·nG + b][c·nH + d], both orientations
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let e = 0; e < E.src.length; e++) {
    for (const [i, j] of [
      [E.src[e]!, E.dst[e]!],
      [E.dst[e]!, E.src[e]!],
    ] as const) {
      const [a, c, b, d] = [Math.floor(i / nH), i % nH, Math.floor(j / nH), j % nH];
      rows.push(a * nG + b);
      cols.push(c * nH + d);
      vals.push(E.w[e]!);
    }
  }
  const g = G.S; // vec(S_G), row-major
  const h = H.S;
  const op: LinearOperator<Float64Array> = {
    rows: nG * nG,
    cols: nH * nH,
    matvec(x) {
      let hx = 0;
      for (let k = 0; k < h.length; k++) hx += h[k]! * x[k]!;
      const y = tabulate(nG * nG, (k) => g[k]! * hx);
      for (let t = 0; t < rows.length; t++) y[rows[t]!]! += vals[t]! * x[cols[t]!]!;
      return y;
    },
    rmatvec(y) {
      let gy = 0;
      for (let k = 0; k < g.length; k++) gy += g[k]! * y[k]!;
      const x = tabulate(nH * nH, (k) => h[k]! * gy);
      for (let t = 0; t < rows.length; t++) x[cols[t]!]! += vals[t]! * y[rows[t]!]!;
      return x;
    },
  };
  const svd = lanczosSvd(op, hostSpace, { k: 1, seed: 1, basisSize: 20, tol: 1e-12 });
  const sigma = svd.sigma[0]!;
  const u = svd.u[0]!;
  const v = svd.v[0]!;
  const sq = (a: Float64Array): number => a.reduce((s, x) => s + x * x, 0);
  const e2 = 2 * sq(E.w);
  const total2 = sq(g) * sq(h) + e2; // E sits where S_G⊗S_H is zero
  return {
    B: factorFromSimilarity(nG, tabulate(nG * nG, (k) => Math.abs(u[k]!))),
    C: factorFromSimilarity(nH, tabulate(nH * nH, (k) => Math.abs(sigma * v[k]!))),
    sigma,
    normTrue: Math.sqrt(e2),
    normNearest: Math.sqrt(Math.max(total2 - sigma * sigma, 0)),
  };
}

/** Keep a factor's entries above the `keep` quantile of all its entries (diagonal zeroed, symmetric kept). */
export function thresholdFactor(F: Factor, keep: number): Factor {
  const n = F.n;
  const sorted = Float64Array.from(F.S).sort();
  const h = (sorted.length - 1) * keep;
  const lo = Math.floor(h);
  const cut = sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
  const S = tabulate(n * n, (k) => {
    const i = Math.floor(k / n);
    const j = k % n;
    if (i === j) return 0;
    const v = Math.max(F.S[i * n + j]!, F.S[j * n + i]!);
    return v > cut ? v : 0;
  });
  return factorFromSimilarity(n, S);
}
