/**
 * The clustering engine against full recomputation from a dense adjacency matrix after every
 * step of random edit sequences (insertions and removals, re-insertions of removed input edges
 * and removals of added ones), its `effect` against the state after applying the edit; harmonic
 * closeness (also after one added edge) and normalised betweenness against brute force over
 * all-pairs distances and shortest-path counts.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { ClusteringState } from '../../src/tasks/lcc/engine.js';
import { betweenness, bfs, closenessAfterEdge, harmonicCloseness } from '../../src/tasks/lcc/centrality.js';
import { undirected } from '../helpers/graphs.js';

function randomAdjacency(rng: Rng, n: number, p: number): { adj: number[][]; src: number[]; dst: number[] } {
  const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng.uniform() < p) {
        adj[i]![j] = adj[j]![i] = 1;
        src.push(i);
        dst.push(j);
      }
    }
  }
  return { adj, src, dst };
}

/** LCC by definition: edges among the neighbours over C(d, 2). */
function lccDense(adj: number[][], v: number): number {
  const nb = adj[v]!.flatMap((a, x) => (a ? [x] : []));
  if (nb.length < 2) return 0;
  let e = 0;
  for (let a = 0; a < nb.length; a++) for (let b = a + 1; b < nb.length; b++) e += adj[nb[a]!]![nb[b]!]!;
  return e / ((nb.length * (nb.length - 1)) / 2);
}

function floyd(adj: number[][]): number[][] {
  const n = adj.length;
  const d = adj.map((row, i) => row.map((a, j) => (i === j ? 0 : a ? 1 : Infinity)));
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i]![j] = Math.min(d[i]![j]!, d[i]![k]! + d[k]![j]!);
  return d;
}

describe('clustering engine', () => {
  it('triangles, degrees and LCC equal full recomputation after every edit of random sequences; effect() predicts each edit', () => {
    const rng = new Rng(21);
    for (const p of [0.1, 0.3]) {
      const n = 30;
      const { adj, src, dst } = randomAdjacency(rng, n, p);
      const state = new ClusteringState(undirected(n, src, dst));
      const removedInput: [number, number][] = [];
      for (let step = 0; step < 80; step++) {
        let u = rng.int(n);
        let w = rng.int(n);
        if (u === w) continue;
        // now and then re-insert a removed input edge (the removed-set path)
        if (removedInput.length && rng.uniform() < 0.15) [u, w] = removedInput.pop()!;
        const sign = adj[u]![w] ? -1 : 1;
        const eff = state.effect(u, w, sign);
        if (sign === -1 && src.some((s, e) => (s === Math.min(u, w) && dst[e] === Math.max(u, w)))) removedInput.push([u, w]);
        adj[u]![w] = adj[w]![u] = sign === 1 ? 1 : 0;
        if (sign === 1) state.insert(u, w);
        else state.remove(u, w);
        for (let v = 0; v < n; v++) {
          expect(state.degree[v]).toBe(adj[v]!.reduce((a, b) => a + b, 0));
          expect(state.lcc(v)).toBeCloseTo(lccDense(adj, v), 12);
          expect(state.has(u, w)).toBe(sign === 1);
        }
        eff.nodes.forEach((v, t) => expect(eff.after[t]).toBeCloseTo(lccDense(adj, v), 12));
        // every node the effect leaves out kept its LCC
        const touched = new Set(eff.nodes);
        expect(eff.common).toBe(eff.nodes.length - 2);
        for (let v = 0; v < n; v++) if (!touched.has(v)) expect(state.lcc(v)).toBeCloseTo(lccDense(adj, v), 12);
      }
      expect(state.log.length).toBeGreaterThan(60);
    }
  });

  it('refuses an insertion of an edge, a removal of a non-edge and a self-loop', () => {
    const s = new ClusteringState(undirected(3, [0], [1]));
    expect(() => s.insert(0, 1)).toThrow(/already an edge/);
    expect(() => s.remove(1, 2)).toThrow(/not an edge/);
    expect(() => s.insert(2, 2)).toThrow(/self-loop/);
  });

  it('harmonic closeness, the closeness after one added edge, and normalised betweenness against brute force', () => {
    const rng = new Rng(5);
    for (const p of [0.08, 0.2]) {
      const n = 24;
      const { adj, src, dst } = randomAdjacency(rng, n, p);
      const state = new ClusteringState(undirected(n, src, dst));
      const d = floyd(adj);
      for (let v = 0; v < n; v++) {
        const h = d[v]!.reduce((s, x, u) => s + (u !== v && Number.isFinite(x) ? 1 / x : 0), 0) / (n - 1);
        expect(harmonicCloseness(state, v)).toBeCloseTo(h, 12);
      }
      // adding (v, u): recompute from scratch
      for (let trial = 0; trial < 10; trial++) {
        const v = rng.int(n);
        const u = rng.int(n);
        if (u === v || adj[v]![u]) continue;
        const after = adj.map((row) => [...row]);
        after[v]![u] = after[u]![v] = 1;
        const d2 = floyd(after);
        const h = d2[v]!.reduce((s, x, t) => s + (t !== v && Number.isFinite(x) ? 1 / x : 0), 0) / (n - 1);
        expect(closenessAfterEdge(bfs(state, v), bfs(state, u), v)).toBeCloseTo(h, 12);
      }
      // betweenness by path counting: σ_st by dynamic programming over the distance matrix
      const sigma = Array.from({ length: n }, (_, s) => {
        const sg = new Array<number>(n).fill(0);
        sg[s] = 1;
        const byDist = [...Array(n).keys()].filter((t) => Number.isFinite(d[s]![t]!)).sort((a, b) => d[s]![a]! - d[s]![b]!);
        for (const t of byDist) if (t !== s) for (let x = 0; x < n; x++) if (adj[x]![t] && d[s]![x] === d[s]![t]! - 1) sg[t]! += sg[x]!;
        return sg;
      });
      const b = betweenness(state);
      for (let v = 0; v < n; v++) {
        let total = 0;
        for (let s = 0; s < n; s++) {
          for (let t = s + 1; t < n; t++) {
            if (s === v || t === v || !Number.isFinite(d[s]![t]!)) continue;
            if (d[s]![v]! + d[v]![t]! === d[s]![t]) total += (sigma[s]![v]! * sigma[v]![t]!) / sigma[s]![t]!;
          }
        }
        expect(b[v]).toBeCloseTo(total / (((n - 1) * (n - 2)) / 2), 12);
      }
    }
  });
});
