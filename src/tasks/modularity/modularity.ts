/**
 * Soft modularity of a partition r (n × K, hard or soft) of an undirected graph,
 *
 *   Q(r) = T/M − ‖s‖²/M²,   T = Tr(rᵀAr) = Σ_ij A_ij r_iᵀr_j,   s = rᵀd,   M = 1ᵀA1 = 2m,
 *
 * (for a hard r, Newman's modularity), and its derivative with respect to A with r held fixed
 * (SEEDS-SPEC §4.6): for the symmetric pair (i, j), i ≠ j (A_ij and A_ji move together),
 *
 *   ∂Q/∂A_ij = 2 r_iᵀr_j/M − 2T/M² − 2 sᵀ(r_i + r_j)/M² + 4‖s‖²/M³,
 *
 * and for a self-loop (one stored entry A_ii) r_iᵀr_i/M − T/M² − 2 sᵀr_i/M² + 2‖s‖²/M³.
 * O(mK) to prepare, O(K) per pair, defined at non-edges too; never the n × n modularity matrix.
 */
import type { Csr } from '../../graph/csr.js';
import type { Pairs } from '../../graph/edit.js';
import { dotRow, overlap, type Partition } from './partition.js';

export interface ModularityParts {
  /** 1ᵀA1 (twice the edge weight of an undirected graph) */
  M: number;
  /** Tr(rᵀAr) */
  T: number;
  /** s = rᵀd, one entry per community */
  s: Float64Array;
  /** ‖s‖² */
  ss: number;
  /** sᵀr_i per node */
  sr: Float64Array;
  Q: number;
}

export function modularityParts(a: Csr, p: Partition): ModularityParts {
  const n = a.nRows;
  const s = new Float64Array(p.k);
  let M = 0;
  let T = 0;
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let e = a.rowPtr[i]!; e < a.rowPtr[i + 1]!; e++) {
      const w = a.values[e]!;
      d += w;
      T += w * overlap(p, i, a.colIdx[e]!);
    }
    M += d;
    if (p.soft) for (let c = 0; c < p.k; c++) s[c]! += d * p.soft[i * p.k + c]!;
    else if (p.labels[i]! >= 0) s[p.labels[i]!]! += d;
  }
  let ss = 0;
  for (let c = 0; c < p.k; c++) ss += s[c]! * s[c]!;
  const sr = new Float64Array(n);
  for (let i = 0; i < n; i++) sr[i] = dotRow(p, s, i);
  return { M, T, s, ss, sr, Q: M > 0 ? T / M - ss / (M * M) : 0 };
}

/** ∂Q/∂A at the symmetric pair (i, j), or at the self-loop (i, i). */
export function pairDerivative(q: ModularityParts, p: Partition, i: number, j: number): number {
  const { M, T, ss, sr } = q;
  if (i === j) return overlap(p, i, i) / M - T / (M * M) - (2 * sr[i]!) / (M * M) + (2 * ss) / (M * M * M);
  return (2 * overlap(p, i, j)) / M - (2 * T) / (M * M) - (2 * (sr[i]! + sr[j]!)) / (M * M) + (4 * ss) / (M * M * M);
}

/** ∂Q/∂A at every listed pair (edges in input order, or candidate pairs). */
export function pairDerivatives(q: ModularityParts, p: Partition, pairs: Pairs): Float64Array {
  const out = new Float64Array(pairs.src.length);
  for (let e = 0; e < out.length; e++) out[e] = pairDerivative(q, p, pairs.src[e]!, pairs.dst[e]!);
  return out;
}
