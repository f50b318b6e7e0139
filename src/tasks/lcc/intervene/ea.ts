/**
 * EA as a network-intervention baseline (Papagelis, TKDD 2015, "Refining social graph
 * connectivity via shortcut edge addition"; SEEDS-SPEC §3.4): each step adds the shortcut
 * with the largest gain in the graph's closeness, found by Papagelis's path screening.
 *
 * Path screening: take shortest paths between sampled pairs; a shortcut between two nodes of a
 * path shortens that pair. Papagelis's objective is the average shortest-path length; it is read
 * here harmonically, Σ over pairs of 1/dist, so that a disconnected graph counts too. NILD adds
 * edges at the targets only, so the shortcuts screened are (t, p) for the target t with the
 * largest LCC now and p on a path: for a path x → y of length L with p at hop j from x,
 * dist(p, y) = L − j and dist(x, p) = j exactly (sub-paths of shortest paths are shortest), so
 * after adding (t, p) the pair's distance is exactly
 *   min(L, dist(x, t) + 1 + L − j, j + 1 + dist(t, y)),
 * and (t, p) is credited 1/new − 1/L. The pairs are every node y reached from `sources`
 * seeded source nodes x (re-drawn each step), along the BFS tree from x (the first node to
 * reach y is its parent). Pairs in different components are never on a path, so they are
 * never credited. Ties: the smaller node index; a partner with no credit is taken only when
 * no credited partner is admissible.
 */
import { Rng } from '../../../util/rng.js';
import { snapshot, type Adjacency } from '../centrality.js';
import { stepwise, bestPartner } from './stepwise.js';
import type { InterventionProblem, InterventionResult } from './problem.js';

export interface EaOptions {
  /** BFS sources sampled each step (default 32; every node when the graph has fewer) */
  sources?: number;
}

/**
 * The path-screening credit of every shortcut (t, p): the sum, over the pairs (x, y) with x in
 * `sources` and y reached from x, with p on the BFS-tree path x → y, of 1/dist' − 1/dist.
 */
export function pathScreeningCredit(g: Adjacency, t: number, sources: ArrayLike<number>): Float64Array {
  const n = g.n;
  const credit = new Float64Array(n);
  const dist = new Int32Array(n);
  const parent = new Int32Array(n);
  const queue = new Int32Array(n);
  treeBfs(g, t, dist, parent, queue);
  const dt = Int32Array.from(dist);
  for (let i = 0; i < sources.length; i++) {
    const x = sources[i]!;
    const reached = treeBfs(g, x, dist, parent, queue);
    const dtx = dt[x]!;
    for (let k = 1; k < reached; k++) {
      const y = queue[k]!;
      const L = dist[y]!;
      if (L < 2) continue;
      const dty = dt[y]!;
      // walk p from y back to x: p at hop j from x
      for (let p = y; p !== -1; p = parent[p]!) {
        if (p === t) continue;
        const j = dist[p]!;
        let d = L;
        if (dtx >= 0) d = Math.min(d, dtx + 1 + L - j);
        if (dty >= 0) d = Math.min(d, j + 1 + dty);
        if (d < L) credit[p] += 1 / d - 1 / L;
      }
    }
  }
  return credit;
}

/** BFS from x: hops (−1 unreached), the first node to reach each node, the visit order; returns how many were reached. */
function treeBfs(g: Adjacency, x: number, dist: Int32Array, parent: Int32Array, queue: Int32Array): number {
  const { rowPtr, colIdx } = g;
  dist.fill(-1);
  let head = 0;
  let tail = 0;
  dist[x] = 0;
  parent[x] = -1;
  queue[tail++] = x;
  while (head < tail) {
    const u = queue[head++]!;
    for (let q = rowPtr[u]!; q < rowPtr[u + 1]!; q++) {
      const w = colIdx[q]!;
      if (dist[w] === -1) {
        dist[w] = dist[u]! + 1;
        parent[w] = u;
        queue[tail++] = w;
      }
    }
  }
  return tail;
}

export function ea(problem: InterventionProblem, options: EaOptions = {}): InterventionResult {
  const count = options.sources ?? 32;
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`ea: sources must be a whole number ≥ 1, got ${count}`);
  const rng = new Rng(problem.seed ?? 1);
  const n = problem.graph.n;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const result = stepwise('ea', problem, (iv, t) => {
    let sources: Int32Array = all;
    if (count < n) {
      // a partial Fisher–Yates shuffle: `count` distinct sources
      for (let i = 0; i < count; i++) {
        const j = i + rng.int(n - i);
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      sources = all.slice(0, count);
    }
    const credit = pathScreeningCredit(snapshot(iv.state), t, sources);
    return bestPartner(iv, t, (u) => [-credit[u]!, u]);
  });
  result.notes.push(`path screening from ${Math.min(count, n)} sampled sources a step (seed ${problem.seed ?? 1})`);
  return result;
}
