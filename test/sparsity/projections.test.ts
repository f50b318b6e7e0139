/**
 * Head and tail projections onto connected supports: connected, within the model's cost
 * bounds, and within the constant factors of Hegde, Indyk and Schmidt against the best
 * connected support of at most s nodes found by exhaustive enumeration (grids of 5×5, s ≤ 6).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { headProjection } from '../../src/sparsity/head.js';
import { tailProjection } from '../../src/sparsity/tail.js';
import { modelCosts } from '../../src/sparsity/connected-model.js';
import { pruneTree } from '../../src/sparsity/prune-tree.js';

function grid(side: number) {
  const src: number[] = [];
  const dst: number[] = [];
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      if (c + 1 < side) (src.push(r * side + c), dst.push(r * side + c + 1));
      if (r + 1 < side) (src.push(r * side + c), dst.push((r + 1) * side + c));
    }
  return { n: side * side, src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

/** Every connected node set of at most s nodes (each once). */
function connectedSets(graph: ReturnType<typeof grid>, s: number): number[][] {
  const nbr: number[][] = Array.from({ length: graph.n }, () => []);
  for (let e = 0; e < graph.src.length; e++) (nbr[graph.src[e]!]!.push(graph.dst[e]!), nbr[graph.dst[e]!]!.push(graph.src[e]!));
  const seen = new Set<string>();
  const out: number[][] = [];
  let frontier: number[][] = Array.from({ length: graph.n }, (_, v) => [v]);
  for (const f of frontier) (seen.add(String(f)), out.push(f));
  for (let size = 2; size <= s; size++) {
    const next: number[][] = [];
    for (const set of frontier) {
      for (const v of set)
        for (const w of nbr[v]!) {
          if (set.includes(w)) continue;
          const grown = [...set, w].sort((a, b) => a - b);
          const key = String(grown);
          if (!seen.has(key)) (seen.add(key), next.push(grown), out.push(grown));
        }
    }
    frontier = next;
  }
  return out;
}

function isConnectedForest(graph: ReturnType<typeof grid>, nodes: Int32Array, edges: Int32Array, g: number): boolean {
  const inS = new Set(nodes);
  for (const e of edges) if (!inS.has(graph.src[e]!) || !inS.has(graph.dst[e]!)) return false;
  const parent = new Map<number, number>(Array.from(nodes, (v) => [v, v]));
  const find = (x: number): number => (parent.get(x) === x ? x : find(parent.get(x)!));
  for (const e of edges) parent.set(find(graph.src[e]!), find(graph.dst[e]!));
  return new Set(Array.from(nodes, find)).size <= g && edges.length === nodes.length - new Set(Array.from(nodes, find)).size;
}

/** A sparse signal: a random connected blob raised, noise elsewhere. */
function signal(rng: Rng, graph: ReturnType<typeof grid>, blob: number): Float64Array {
  const x = Float64Array.from({ length: graph.n }, () => 0.3 * rng.normal());
  const sets = connectedSets(graph, blob).filter((s) => s.length === blob);
  for (const v of sets[rng.int(sets.length)]!) x[v] = 2 + rng.normal();
  return x;
}

describe('head and tail projections (connected model)', () => {
  const graph = grid(5);
  const setsBySize = new Map<number, number[][]>();
  for (const s of [3, 4, 5, 6]) setsBySize.set(s, connectedSets(graph, s));

  it('head: a connected support costing ≤ 2C whose ‖x_S‖² is at least 1/14 of the best connected s-support (exhaustive), usually more', () => {
    const rng = new Rng(7);
    const ratios: number[] = [];
    for (let trial = 0; trial < 24; trial++) {
      const s = 3 + (trial % 4);
      const x = signal(rng, graph, s);
      const h = headProjection({ graph, s }, x);
      const { C } = modelCosts({ graph, s });
      expect(isConnectedForest(graph, h.support, h.edges, 1)).toBe(true);
      expect(h.cost).toBeLessThanOrEqual(2 * C + 1e-9);
      let best = 0;
      for (const set of setsBySize.get(s)!) best = Math.max(best, set.reduce((a, v) => a + x[v]! * x[v]!, 0));
      const ours = Array.from(h.support).reduce((a, v) => a + x[v]! * x[v]!, 0);
      expect(ours).toBeCloseTo(h.prize, 10);
      expect(ours).toBeGreaterThanOrEqual(best / 14);
      ratios.push(ours / best);
    }
    ratios.sort((a, b) => a - b);
    expect(ratios[Math.floor(ratios.length / 2)]!).toBeGreaterThan(0.9);
  });

  it('tail: a connected support costing < νC with ‖x − x_S‖² within 7× the best connected s-support’s (exhaustive)', () => {
    const rng = new Rng(8);
    for (let trial = 0; trial < 24; trial++) {
      const s = 3 + (trial % 4);
      const x = signal(rng, graph, s);
      const t = tailProjection({ graph, s }, x);
      const { C } = modelCosts({ graph, s });
      expect(isConnectedForest(graph, t.support, t.edges, 1)).toBe(true);
      expect(t.cost).toBeLessThanOrEqual(2.5 * C + 1e-9);
      const total = x.reduce((a, v) => a + v * v, 0);
      let bestResidual = total;
      for (const set of setsBySize.get(s)!) bestResidual = Math.min(bestResidual, total - set.reduce((a, v) => a + x[v]! * x[v]!, 0));
      const residual = total - Array.from(t.support).reduce((a, v) => a + x[v]! * x[v]!, 0);
      expect(residual).toBeLessThanOrEqual(7 * bestResidual + 1e-9);
    }
  });

  it('g trees: at most g connected pieces; s = g gives the g largest entries', () => {
    const rng = new Rng(9);
    const x = Float64Array.from({ length: 25 }, () => rng.normal());
    const h = headProjection({ graph, s: 8, g: 2 }, x);
    expect(isConnectedForest(graph, h.support, h.edges, 2)).toBe(true);
    const one = tailProjection({ graph, s: 2, g: 2 }, x);
    const top = Array.from(x.keys()).sort((a, b) => Math.abs(x[b]!) - Math.abs(x[a]!)).slice(0, 2).sort((a, b) => a - b);
    expect(Array.from(one.support)).toEqual(top);
  });

  it('pruning a tree to a budget: the best stretch of its Euler tour, never over budget (against every subtree of a small tree)', () => {
    const rng = new Rng(10);
    for (let trial = 0; trial < 30; trial++) {
      // a random tree on 9 nodes
      const n = 9;
      const src = new Int32Array(n - 1);
      const dst = new Int32Array(n - 1);
      for (let v = 1; v < n; v++) (src[v - 1] = rng.int(v), dst[v - 1] = v);
      const prizes = Float64Array.from({ length: n }, () => rng.uniform());
      const costs = Float64Array.from({ length: n - 1 }, () => 0.2 + rng.uniform());
      const budget = 0.5 + 2 * rng.uniform();
      const cut = pruneTree(src, dst, { nodes: [...Array(n).keys()], edges: [...Array(n - 1).keys()] }, prizes, costs, budget);
      const cost = cut.edges.reduce((a, e) => a + costs[e]!, 0);
      expect(cost).toBeLessThanOrEqual(budget + 1e-12);
      expect(cut.edges.length).toBe(cut.nodes.length - 1);
      // Hegde et al.'s lemma: prize ≥ budget·π(T)/(6·c(T)) (when the tree costs more than the budget)
      const piT = prizes.reduce((a, b) => a + b, 0);
      const cT = costs.reduce((a, b) => a + b, 0);
      const prize = cut.nodes.reduce((a, v) => a + prizes[v]!, 0);
      expect(prize).toBeGreaterThanOrEqual(Math.min(piT, (budget * piT) / (6 * cT)) - 1e-12);
    }
  });
});
