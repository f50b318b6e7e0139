/**
 * Newman's leading-eigenvector method (PNAS 103, 8577, 2006): split a community g in two by the
 * signs of the leading eigenvector of its generalised modularity matrix
 *   B⁽ᵍ⁾_ij = A_ij − d_i d_j/M − δ_ij (k_i⁽ᵍ⁾ − d_i D_g/M),  k_i⁽ᵍ⁾ = Σ_{j∈g} A_ij,  D_g = Σ_{j∈g} d_j,
 * applied matrix-free on g's nodes (Lanczos, float64), when its eigenvalue is positive and the
 * split raises Q by ΔQ = sᵀB⁽ᵍ⁾s / (2M) > 0. Best split first, until K communities or none
 * raises Q (no fine-tuning pass).
 */
import type { Csr } from '../../../graph/csr.js';
import { lanczosEigs } from '../../../solvers/lanczos-eigs.js';
import { hostSpace } from '../../../solvers/host-space.js';
import { degrees } from '../../../sparse/laplacian.js';
import { hardPartition, type Partition } from '../partition.js';

export interface LeadingEigenvectorResult {
  partition: Partition;
  splits: number;
  products: number;
}

interface Split {
  gain: number;
  members: Int32Array;
  /** +1 / −1 per member */
  side: Int8Array;
}

export function leadingEigenvectorPartition(a: Csr, options: { maxCommunities: number; seed: number }): LeadingEigenvectorResult {
  const n = a.nRows;
  const d = degrees(a);
  const M = d.reduce((s, x) => s + x, 0);
  const where = new Int32Array(n); // community of each node
  const local = new Int32Array(n).fill(-1); // position inside the community being split
  let products = 0;
  const trySplit = (members: Int32Array, label: number): Split | null => {
    const size = members.length;
    if (size < 2) return null;
    members.forEach((i, t) => (local[i] = t));
    let D = 0;
    for (const i of members) D += d[i]!;
    const kIn = new Float64Array(size);
    members.forEach((i, t) => {
      for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) if (where[a.colIdx[p]!] === label) kIn[t]! += a.values[p]!;
    });
    const apply = (x: Float64Array): Float64Array => {
      const y = new Float64Array(size);
      let dx = 0;
      members.forEach((i, t) => (dx += d[i]! * x[t]!));
      members.forEach((i, t) => {
        let s = 0;
        for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) {
          const j = a.colIdx[p]!;
          if (where[j] === label) s += a.values[p]! * x[local[j]!]!;
        }
        y[t] = s - (d[i]! * dx) / M - x[t]! * (kIn[t]! - (d[i]! * D) / M);
      });
      return y;
    };
    const eig = lanczosEigs({ size, apply }, hostSpace, { k: 1, which: 'largest', seed: options.seed, tol: 1e-10 });
    products += eig.iterations;
    members.forEach((i) => (local[i] = -1));
    if (!(eig.values[0]! > 1e-10 * Math.max(1, eig.normEstimate))) return null;
    const v = eig.vectors[0]!;
    const side = Int8Array.from(v, (x) => (x > 0 ? 1 : -1));
    if (side.every((s) => s === side[0])) return null;
    members.forEach((i, t) => (local[i] = t));
    const Bs = apply(Float64Array.from(side));
    members.forEach((i) => (local[i] = -1));
    let gain = 0;
    for (let t = 0; t < size; t++) gain += side[t]! * Bs[t]!;
    gain /= 2 * M;
    return gain > 1e-12 ? { gain, members, side } : null;
  };
  const candidates = new Map<number, Split>();
  const consider = (label: number): void => {
    const members = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => where[i] === label));
    const s = trySplit(members, label);
    if (s) candidates.set(label, s);
  };
  let count = 1;
  let splits = 0;
  consider(0);
  while (count < options.maxCommunities && candidates.size > 0) {
    // the split that raises Q most (ties: the smaller community label)
    const [label, best] = [...candidates].sort((x, y) => y[1].gain - x[1].gain || x[0] - y[0])[0]!;
    candidates.delete(label);
    const fresh = count++;
    best.members.forEach((i, t) => {
      if (best.side[t]! < 0) where[i] = fresh;
    });
    splits++;
    consider(label);
    consider(fresh);
  }
  return { partition: hardPartition(where), splits, products };
}
