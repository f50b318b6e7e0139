/**
 * The derivative network of a detection (SEEDS-SPEC §1.7). With the detected supports Ψ fixed,
 * the detection's value is F*(A) = max F_A(x) over x ∈ [0,1]^N with supp(x) ⊆ Ψ (`polish`
 * solves it: exactly without coupling; with coupling, the local maximum reached from GBGP's x,
 * and every derivative below is that local maximum's).
 * - Coupling pairs (i, j) in different blocks, existing or not: F depends on them only through
 *   −λ·Σ_{E₀} A_ij (x_i − x_j)², so by the envelope theorem dF* / dA_ij = −λ(x*_i − x*_j)²,
 *   exact while the support and the active bounds of x* stay as they are.
 * - Edges inside a block matter only through connectivity: F* is piecewise constant in them.
 *   Removing an edge that is not a bridge of the detected subgraph G_k[Ψ_k] changes nothing;
 *   removing a bridge splits Ψ_k in two, and the detection must keep one side: the exact change
 *   is max over the sides of F* on (Ψ without the other side) minus F*, each side re-solved
 *   from x*.
 */
import type { Interdependent } from '../../graph/interdependent.js';
import { maximiseOn, type RestrictedResult } from './restricted.js';
import type { ScanProblem } from './objective.js';

/** F* with the supports fixed: problem (6) on Ψ from x. */
export function polish(problem: ScanProblem, support: Uint8Array, x: Float64Array, tol = 1e-9): RestrictedResult {
  const psi = Int32Array.from({ length: support.length }, (_, i) => i).filter((i) => support[i]);
  return maximiseOn(problem, psi, x, { tol, maxIter: 5000 });
}

/** dF* / dA_ij = −λ(x_i − x_j)² for each pair. */
export function couplingScores(problem: ScanProblem, x: Float64Array, src: ArrayLike<number>, dst: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: src.length }, (_, k) => {
    const d = x[src[k]!]! - x[dst[k]!]!;
    return -problem.lambda * d * d;
  });
}

export interface BridgeChange {
  /** the edge's index in the whole graph's edge list */
  edge: number;
  block: number;
  /** F* without the edge, minus F* */
  delta: number;
  /** the side kept (its size) */
  kept: number;
  converged: boolean;
}

/** The bridges of every block's detected subgraph with the exact change of F* when each is removed. */
export function bridgeChanges(problem: ScanProblem, net: Interdependent, support: Uint8Array, xStar: Float64Array, fStar: number): BridgeChange[] {
  const out: BridgeChange[] = [];
  net.blocks.forEach((blk, k) => {
    const inside = new Uint8Array(blk.graph.n);
    for (let l = 0; l < blk.graph.n; l++) if (support[blk.nodes[l]!]) inside[l] = 1;
    for (const local of bridgesOf(blk.graph.n, blk.graph.src, blk.graph.dst, inside)) {
      const side = sideOf(blk.graph.n, blk.graph.src, blk.graph.dst, inside, local);
      let best = -Infinity;
      let kept = 0;
      let converged = true;
      for (const keepSide of [1, 0]) {
        const psi = Uint8Array.from(support);
        let size = 0;
        for (let l = 0; l < blk.graph.n; l++) {
          if (!inside[l]) continue;
          if (side[l] === keepSide) size++;
          else psi[blk.nodes[l]!] = 0;
        }
        const r = polish(problem, psi, xStar);
        converged &&= r.converged;
        if (r.value > best) [best, kept] = [r.value, size];
      }
      out.push({ edge: blk.edgeIds[local]!, block: k, delta: best - fStar, kept, converged });
    }
  });
  return out;
}

/** Bridges (local edge indices) of the subgraph induced by `inside`, by Tarjan's low-link (iterative). */
export function bridgesOf(n: number, src: Int32Array, dst: Int32Array, inside: Uint8Array): number[] {
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < src.length; e++) if (inside[src[e]!] && inside[dst[e]!] && src[e] !== dst[e]) (deg[src[e]! + 1]!++, deg[dst[e]! + 1]!++);
  for (let v = 0; v < n; v++) deg[v + 1] += deg[v]!;
  const adj = new Int32Array(deg[n]!);
  const fill = deg.slice(0, n);
  for (let e = 0; e < src.length; e++) if (inside[src[e]!] && inside[dst[e]!] && src[e] !== dst[e]) (adj[fill[src[e]!]!++] = e, adj[fill[dst[e]!]!++] = e);
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const next = new Int32Array(n);
  const viaEdge = new Int32Array(n).fill(-1);
  const out: number[] = [];
  let time = 0;
  for (let r = 0; r < n; r++) {
    if (!inside[r] || disc[r] !== -1) continue;
    const stack = [r];
    disc[r] = low[r] = time++;
    next[r] = deg[r]!;
    while (stack.length) {
      const v = stack[stack.length - 1]!;
      if (next[v]! < deg[v + 1]!) {
        const e = adj[next[v]!++]!;
        if (e === viaEdge[v]) continue; // the tree edge back up (parallel edges have their own index)
        const w = src[e] === v ? dst[e]! : src[e]!;
        if (disc[w] === -1) {
          disc[w] = low[w] = time++;
          next[w] = deg[w]!;
          viaEdge[w] = e;
          stack.push(w);
        } else low[v] = Math.min(low[v]!, disc[w]!);
      } else {
        stack.pop();
        const e = viaEdge[v]!;
        if (e >= 0) {
          const p = src[e] === v ? dst[e]! : src[e]!;
          low[p] = Math.min(low[p]!, low[v]!);
          if (low[v]! > disc[p]!) out.push(e);
        }
      }
    }
  }
  return out.sort((a, b) => a - b);
}

/** 1 on the nodes of `inside` still reachable from the bridge's `src` end once the bridge is gone, 0 on the others. */
function sideOf(n: number, src: Int32Array, dst: Int32Array, inside: Uint8Array, bridge: number): Uint8Array {
  const nbr: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < src.length; e++) if (e !== bridge && inside[src[e]!] && inside[dst[e]!]) (nbr[src[e]!]!.push(dst[e]!), nbr[dst[e]!]!.push(src[e]!));
  const side = new Uint8Array(n);
  const stack = [src[bridge]!];
  side[src[bridge]!] = 1;
  while (stack.length) for (const w of nbr[stack.pop()!]!) if (!side[w]) ((side[w] = 1), stack.push(w));
  return side;
}
