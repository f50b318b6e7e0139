/**
 * The GBGP objectives (maximised; SEEDS-SPEC §1.4), over x ∈ [0,1]^N, a relaxed indicator of
 * the detected nodes, with c the node feature:
 * - `ems` (anomalous evolving subgraphs: one block per time stamp): the elevated-mean scan
 *   statistic of all blocks together, cᵀx/√(1ᵀx), minus λ·Σ_{(i,j)∈E₀} w_ij(x_i − x_j)²; with
 *   E₀ the same node at consecutive stamps the penalty is λ·Σ_t ‖x_t − x_{t−1}‖²;
 * - `sum-ems` (a network of networks): Σ_k c_kᵀx_k/√(1ᵀx_k) minus the same coupling penalty.
 * A scan term is 0 where its 1ᵀx is 0; its gradient there is not defined (it is unbounded
 * along every c_i > 0), and `gradient` returns c for that part: the direction of steepest
 * ascent from 0, which is all the head projection uses.
 */
export type ScanKind = 'ems' | 'sum-ems';

export interface ScanProblem {
  kind: ScanKind;
  /** node feature c (global order) */
  c: Float64Array;
  /** each node's block, and the number of blocks */
  block: Int32Array;
  blocks: number;
  /** E₀ (global indices) with weights */
  coupling: { src: Int32Array; dst: Int32Array; weight: Float64Array };
  lambda: number;
}

/** Per scan group (all nodes, or one block): Σ c_i x_i and Σ x_i. */
function sums(p: ScanProblem, x: Float64Array): { T: Float64Array; S: Float64Array } {
  const groups = p.kind === 'ems' ? 1 : p.blocks;
  const T = new Float64Array(groups);
  const S = new Float64Array(groups);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const k = p.kind === 'ems' ? 0 : p.block[i]!;
    T[k] += p.c[i]! * xi;
    S[k] += xi;
  }
  return { T, S };
}

export function scanValue(p: ScanProblem, x: Float64Array): number {
  const { T, S } = sums(p, x);
  let f = 0;
  for (let k = 0; k < T.length; k++) if (S[k]! > 0) f += T[k]! / Math.sqrt(S[k]!);
  return f - p.lambda * couplingPenalty(p, x);
}

/** Σ_{E₀} w(x_i − x_j)². */
export function couplingPenalty(p: ScanProblem, x: Float64Array): number {
  const { src, dst, weight } = p.coupling;
  let s = 0;
  for (let e = 0; e < src.length; e++) {
    const d = x[src[e]!]! - x[dst[e]!]!;
    s += weight[e]! * d * d;
  }
  return s;
}

export function scanGradient(p: ScanProblem, x: Float64Array, out = new Float64Array(x.length)): Float64Array {
  const { T, S } = sums(p, x);
  for (let i = 0; i < x.length; i++) {
    const k = p.kind === 'ems' ? 0 : p.block[i]!;
    const s = S[k]!;
    out[i] = s > 0 ? p.c[i]! / Math.sqrt(s) - T[k]! / (2 * s * Math.sqrt(s)) : p.c[i]!;
  }
  if (p.lambda !== 0) {
    const { src, dst, weight } = p.coupling;
    for (let e = 0; e < src.length; e++) {
      const a = src[e]!;
      const b = dst[e]!;
      const g = 2 * p.lambda * weight[e]! * (x[a]! - x[b]!);
      out[a] -= g;
      out[b] += g;
    }
  }
  return out;
}
