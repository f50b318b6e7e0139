/**
 * The shortest-path centralities network intervention constrains (SEEDS-SPEC §3.2), on any
 * undirected neighbour source (a ClusteringState's current graph, or a CSR via `csrNeighbours`):
 * - harmonic closeness c(v) = Σ_{u≠v} 1/dist(v, u) / (n − 1) (networkx's harmonic_centrality
 *   divided by n − 1; unreachable nodes add 0), and its exact value after adding one edge (v, u):
 *   dist'(v, x) = min(dist(v, x), 1 + dist(u, x)), so one BFS from u per candidate;
 * - normalised betweenness b(v): the share of the pairs {s, t} ∌ v whose shortest paths pass
 *   through v, each pair weighted by the fraction of its shortest paths that do (Brandes 2001;
 *   networkx's betweenness_centrality(normalized=True)), O(nm).
 */
import type { Csr } from '../../graph/csr.js';

/** What the centralities read: the node count and each node's neighbours. */
export interface Neighbours {
  readonly n: number;
  forNeighbours(v: number, f: (x: number) => void): void;
}

/** A graph's stored adjacency as a neighbour source (self-loops skipped), with no triangle count. */
export function csrNeighbours(a: Csr): Neighbours {
  return {
    n: a.nRows,
    forNeighbours(v, f) {
      for (let p = a.rowPtr[v]!; p < a.rowPtr[v + 1]!; p++) if (a.colIdx[p] !== v) f(a.colIdx[p]!);
    },
  };
}

/** The current graph as rows of neighbours (a snapshot for the methods that sweep the graph many times a step). */
export interface Adjacency {
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
}

export function snapshot(g: Neighbours): Adjacency {
  const n = g.n;
  const rowPtr = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    let d = 0;
    g.forNeighbours(v, () => d++);
    rowPtr[v + 1] = rowPtr[v]! + d;
  }
  const colIdx = new Int32Array(rowPtr[n]!);
  for (let v = 0, p = 0; v < n; v++) g.forNeighbours(v, (x) => (colIdx[p++] = x));
  return { n, rowPtr, colIdx };
}

/** Hop distances from s (−1: unreachable). */
export function bfs(state: Neighbours, s: number): Int32Array {
  const dist = new Int32Array(state.n).fill(-1);
  const queue = new Int32Array(state.n);
  let head = 0;
  let tail = 0;
  dist[s] = 0;
  queue[tail++] = s;
  while (head < tail) {
    const u = queue[head++]!;
    const du = dist[u]!;
    state.forNeighbours(u, (x) => {
      if (dist[x] === -1) {
        dist[x] = du + 1;
        queue[tail++] = x;
      }
    });
  }
  return dist;
}

/** Harmonic closeness of v from its distances (n − 1 normalisation; 0 for a graph of one node). */
export function harmonicFromDistances(dist: Int32Array, v: number): number {
  const n = dist.length;
  if (n < 2) return 0;
  let s = 0;
  for (let x = 0; x < n; x++) if (x !== v && dist[x]! > 0) s += 1 / dist[x]!;
  return s / (n - 1);
}

export function harmonicCloseness(state: Neighbours, v: number): number {
  return harmonicFromDistances(bfs(state, v), v);
}

/** v's harmonic closeness if the edge (v, u) were added, from v's distances now and u's. */
export function closenessAfterEdge(distV: Int32Array, distU: Int32Array, v: number): number {
  const n = distV.length;
  if (n < 2) return 0;
  let s = 0;
  for (let x = 0; x < n; x++) {
    if (x === v) continue;
    const a = distV[x]!;
    const b = distU[x]! < 0 ? -1 : distU[x]! + 1;
    const d = a < 0 ? b : b < 0 ? a : Math.min(a, b);
    if (d > 0) s += 1 / d;
  }
  return s / (n - 1);
}

/** Normalised betweenness of every node (Brandes): Σ over pairs {s, t} of σ_st(v)/σ_st, divided by C(n − 1, 2). */
export function betweenness(state: Neighbours): Float64Array {
  const n = state.n;
  const cb = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  // predecessors as a flat list per BFS: pred edges (v ← u) in visit order
  for (let s = 0; s < n; s++) {
    sigma.fill(0);
    dist.fill(-1);
    delta.fill(0);
    sigma[s] = 1;
    dist[s] = 0;
    let head = 0;
    let tail = 0;
    order[tail++] = s;
    while (head < tail) {
      const u = order[head++]!;
      const du = dist[u]!;
      state.forNeighbours(u, (x) => {
        if (dist[x] === -1) {
          dist[x] = du + 1;
          order[tail++] = x;
        }
        if (dist[x] === du + 1) sigma[x]! += sigma[u]!;
      });
    }
    // dependencies in reverse BFS order: δ(u) = Σ_{x: u ∈ pred(x)} σ_u/σ_x (1 + δ(x))
    for (let t = tail - 1; t > 0; t--) {
      const x = order[t]!;
      const dx = dist[x]!;
      const coeff = (1 + delta[x]!) / sigma[x]!;
      state.forNeighbours(x, (u) => {
        if (dist[u] === dx - 1) delta[u]! += sigma[u]! * coeff;
      });
      cb[x]! += delta[x]!;
    }
  }
  // every unordered pair was counted from both ends
  const scale = n > 2 ? 1 / ((n - 1) * (n - 2)) : 0;
  for (let v = 0; v < n; v++) cb[v]! *= scale;
  return cb;
}
