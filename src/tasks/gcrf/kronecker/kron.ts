/**
 * GCRF on Kronecker product graphs (SEEDS-SPEC §2.3, §2.5): factor graphs G and H with dense
 * similarity matrices (a few hundred nodes each), and everything about S = S_G ⊗ S_H through
 * Kronecker identities, never an n×n matrix (n = n_G·n_H). Vertex (a, c) of G⊗H is index
 * a·n_H + c; a vector x of length n read as the n_G × n_H row-major matrix X gives
 *   (S_G ⊗ S_H)·x = vec(S_G · X · S_Hᵀ),   (V_G ⊗ V_H)ᵀ·x = vec(V_Gᵀ · X · V_H),
 * O(n_G·n_H·(n_G + n_H)) each. L = D_G⊗D_H − S_G⊗S_H.
 */
import type { SymmetricOperator } from '../../../linalg/operators.js';
import { Rng } from '../../../util/rng.js';
import { tabulate } from '../../../util/tabulate.js';
import { ConfigError } from '../../../util/errors.js';
import { connectedGnm } from '../../../graph/generators/gnm.js';
import { barabasiAlbertEdges } from '../../../graph/generators/barabasi-albert.js';
import { wattsStrogatzEdges } from '../../../graph/generators/watts-strogatz.js';
import { matmul, transpose } from '../../../solvers/dense/matmul.js';

/** A factor graph: its 0/1 adjacency and its similarity S (dense, symmetric, zero diagonal). */
export interface Factor {
  n: number;
  A: Float64Array;
  S: Float64Array;
  /** S·1 */
  d: Float64Array;
  edges: number;
  /** the noisy node values the weights came from (near-Kronecker entries use them too) */
  yt?: Float64Array;
}

/** Entries added to S_G⊗S_H (near-Kronecker graphs): symmetric pairs i < j over the product's nodes. */
export interface ExtraEntries {
  src: Int32Array;
  dst: Int32Array;
  w: Float64Array;
}



/** (P ⊗ Q)·x for row-major P (p×p) and Q (q×q): vec(P·X·Qᵀ) = vec((Q·(P·X)ᵀ)ᵀ), zeros of P and Q skipped. */
export function kronApply(P: Float64Array, Q: Float64Array, p: number, q: number, x: Float64Array): Float64Array {
  return transpose(matmul(Q, transpose(matmul(P, x, p, p, q), p, q), q, q, p), q, p);
}

/** L of S = S_G⊗S_H (+ extra symmetric entries E) as an operator: D⊙x − S_G·X·S_Hᵀ − E·x. */
export function kronLaplacian(G: Factor, H: Factor, E?: ExtraEntries): SymmetricOperator<Float64Array> & { degree: Float64Array } {
  const n = G.n * H.n;
  const degree = tabulate(n, (i) => G.d[Math.floor(i / H.n)]! * H.d[i % H.n]!);
  if (E) {
    for (let e = 0; e < E.src.length; e++) {
      degree[E.src[e]!]! += E.w[e]!;
      degree[E.dst[e]!]! += E.w[e]!;
    }
  }
  return {
    size: n,
    degree,
    apply(x) {
      // S_G·X·S_Hᵀ = (S_H·(S_G·X)ᵀ)ᵀ: both sparse factors on the left, where matmul skips their zeros
      const sx = transpose(matmul(H.S, transpose(matmul(G.S, x, G.n, G.n, H.n), G.n, H.n), H.n, H.n, G.n), H.n, G.n);
      if (E) {
        for (let e = 0; e < E.src.length; e++) {
          const i = E.src[e]!;
          const j = E.dst[e]!;
          sx[i]! += E.w[e]! * x[j]!;
          sx[j]! += E.w[e]! * x[i]!;
        }
      }
      for (let i = 0; i < n; i++) sx[i] = degree[i]! * x[i]! - sx[i]!;
      return sx;
    },
  };
}

/** The factor's eigenvectors as a row-major matrix V (column j = vector j) from symEig's column-major layout. */
export function rowMajorVectors(vectors: Float64Array, n: number): Float64Array {
  return transpose(vectors, n, n);
}

/** (V_G ⊗ V_H)ᵀ·x = vec(V_Gᵀ·X·V_H) with V_G, V_H row-major. */
export function kronProjectT(VG: Float64Array, VH: Float64Array, nG: number, nH: number, x: Float64Array): Float64Array {
  return matmul(matmul(transpose(VG, nG, nG), x, nG, nG, nH), VH, nG, nH, nH);
}

export type FactorSpec =
  | { kind: 'er'; n: number; density: number }
  | { kind: 'ba'; n: number; m: number }
  /** rewire: the rewiring probability; the seed paper's code ran p = −1, a ring lattice (rewire 0) */
  | { kind: 'ws'; n: number; k: number; rewire: number };

export function factorGraph(spec: FactorSpec, rng: Rng): { src: Int32Array; dst: Int32Array } {
  switch (spec.kind) {
    case 'er': {
      const m = Math.floor((spec.density * spec.n * (spec.n - 1)) / 2);
      return connectedGnm(spec.n, m, rng);
    }
    case 'ba':
      return barabasiAlbertEdges({ n: spec.n, m: spec.m, seed: rng.int(2 ** 31) });
    case 'ws': {
      // networkx floors an odd k to k − 1, as the seed's runs did
      const k = spec.k % 2 === 0 ? spec.k : spec.k - 1;
      if (k < 2) throw new ConfigError(`ws: k must be at least 2, got ${spec.k}`);
      return wattsStrogatzEdges({ n: spec.n, k, beta: spec.rewire, seed: rng.int(2 ** 31) });
    }
  }
}

/** Factor similarity S(i,j) = A(i,j)·exp(−|ỹ_i − ỹ_j|) with ỹ = y + N(0, yNoise²). */
export function buildFactor(n: number, edges: { src: Int32Array; dst: Int32Array }, y: Float64Array, rng: Rng, yNoise: number): Factor {
  const yt = tabulate(n, (i) => y[i]! + yNoise * rng.normal());
  const A = new Float64Array(n * n);
  const S = new Float64Array(n * n);
  let count = 0;
  for (let e = 0; e < edges.src.length; e++) {
    const i = edges.src[e]!;
    const j = edges.dst[e]!;
    if (i === j || A[i * n + j]) continue;
    const w = Math.exp(-Math.abs(yt[i]! - yt[j]!));
    A[i * n + j] = A[j * n + i] = 1;
    S[i * n + j] = S[j * n + i] = w;
    count++;
  }
  return { ...factorFromSimilarity(n, S), A, edges: count, yt };
}

/** A factor from a similarity matrix (degrees recomputed, 0/1 pattern from its nonzeros). */
export function factorFromSimilarity(n: number, S: Float64Array): Factor {
  const d = tabulate(n, (i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += S[i * n + j]!;
    return s;
  });
  let edges = 0;
  const A = tabulate(n * n, (k) => (S[k] !== 0 ? 1 : 0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (S[i * n + j] !== 0) edges++;
  return { n, A, S, d, edges };
}

/** One GCRF instance on G⊗H: y = y_G⊗y_H, R = Q*(y + ε)/α* with the true (α*, β*). */
export interface KronInstance {
  G: Factor;
  H: Factor;
  /** near-Kronecker graphs: the entries added to S_G⊗S_H */
  E?: ExtraEntries;
  y: Float64Array;
  R: Float64Array;
}

export interface InstanceOptions {
  G: FactorSpec;
  H: FactorSpec;
  /** standard deviation of ε (the seed's code: 0.33) */
  noise: number;
  /** noise on y_G, y_H before the weights (the seed: 1/3) */
  weightNoise: number;
  alphaStar: number;
  betaStar: number;
  /** near-Kronecker (§5): extra entries, as a fraction of the Kronecker graph's edges */
  added?: number;
}

/**
 * Entries added at zero positions of S_G⊗S_H (§5): `count` distinct symmetric pairs
 * ((u₁,v₁),(u₂,v₂)) with weight exp(−|ỹ^G_u₁ − ỹ^G_u₂|)·exp(−|ỹ^H_v₁ − ỹ^H_v₂|).
 */
export function randomEntries(G: Factor, H: Factor, count: number, rng: Rng): ExtraEntries {
  const n = G.n * H.n;
  const taken = new Set<number>();
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  const free = (n * (n - 1)) / 2 - 2 * G.edges * H.edges;
  if (count > free) throw new ConfigError(`near-Kronecker: ${count} added entries, but only ${free} positions are free`);
  while (src.length < count) {
    let i = rng.int(n);
    let j = rng.int(n);
    if (i === j) continue;
    if (i > j) [i, j] = [j, i];
    const [u1, v1, u2, v2] = [Math.floor(i / H.n), i % H.n, Math.floor(j / H.n), j % H.n];
    if (G.S[u1 * G.n + u2]! * H.S[v1 * H.n + v2]! !== 0 || taken.has(i * n + j)) continue;
    taken.add(i * n + j);
    src.push(i);
    dst.push(j);
    w.push(Math.exp(-Math.abs(G.yt![u1]! - G.yt![u2]!)) * Math.exp(-Math.abs(H.yt![v1]! - H.yt![v2]!)));
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), w: Float64Array.from(w) };
}

export function kronInstance(o: InstanceOptions, rng: Rng): KronInstance {
  const yG = tabulate(o.G.n, () => rng.normal());
  const yH = tabulate(o.H.n, () => rng.normal());
  const G = buildFactor(o.G.n, factorGraph(o.G, rng), yG, rng, o.weightNoise);
  const H = buildFactor(o.H.n, factorGraph(o.H, rng), yH, rng, o.weightNoise);
  const E = o.added ? randomEntries(G, H, Math.round(o.added * 2 * G.edges * H.edges), rng) : undefined;
  const n = G.n * H.n;
  const y = tabulate(n, (i) => yG[Math.floor(i / H.n)]! * yH[i % H.n]!);
  const x = tabulate(n, (i) => y[i]! + o.noise * rng.normal());
  const L = kronLaplacian(G, H, E);
  const lx = L.apply(x);
  const R = tabulate(n, (i) => (o.alphaStar * x[i]! + o.betaStar * lx[i]!) / o.alphaStar);
  return { G, H, ...(E ? { E } : {}), y, R };
}
