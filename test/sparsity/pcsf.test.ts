/**
 * The prize-collecting Steiner forest against (a) a direct Goemans–Williamson growth that
 * recomputes every edge's tight time at every event (O(n·m) per event, no heaps), which must
 * give the same forest, and (b) exhaustive search over connected node sets on graphs of up to
 * 12 nodes, where c(F) + π(V∖F) must stay within twice the optimum.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { pcsf } from '../../src/sparsity/pcsf.js';
import { MeldableHeaps } from '../../src/sparsity/meldable-heap.js';

function randomCase(rng: Rng, n: number, p: number, zeroPrizeShare = 0.3) {
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) (src.push(i), dst.push(j));
  // a spanning path so the graph is connected, on a random order
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let i = 1; i < n; i++) if (rng.uniform() < 0.7) (src.push(order[i - 1]!), dst.push(order[i]!));
  const prizes = Float64Array.from({ length: n }, () => (rng.uniform() < zeroPrizeShare ? 0 : 3 * rng.uniform()));
  const costs = Float64Array.from(src, () => 0.1 + 2 * rng.uniform());
  return { graph: { n, src: Int32Array.from(src), dst: Int32Array.from(dst) }, prizes, costs };
}

/** GW growth without event queues: every event recomputes all tight times. Returns the final active clusters' merge edges and nodes. */
function directGw(n: number, src: Int32Array, dst: Int32Array, prizes: Float64Array, costs: Float64Array, g: number) {
  const label = Int32Array.from({ length: n }, (_, i) => i);
  const cov = new Float64Array(n);
  const left = new Map<number, number>(); // cluster → prize minus the moats grown inside it
  const active = new Set<number>();
  for (let v = 0; v < n; v++) (left.set(v, prizes[v]!), prizes[v]! > 0 && active.add(v));
  const forest: number[] = [];
  let next = n;
  while (active.size > g) {
    let best = Infinity;
    let kind: 'edge' | 'deact' = 'edge';
    let which = -1;
    for (const c of active) if (left.get(c)! < best) [best, kind, which] = [left.get(c)!, 'deact', c];
    for (let e = 0; e < src.length; e++) {
      const a = label[src[e]!]!;
      const b = label[dst[e]!]!;
      if (a === b) continue;
      const rate = (active.has(a) ? 1 : 0) + (active.has(b) ? 1 : 0);
      if (!rate) continue;
      const t = (costs[e]! - cov[src[e]!]! - cov[dst[e]!]!) / rate;
      if (t < best) [best, kind, which] = [t, 'edge', e];
    }
    if (!Number.isFinite(best)) break;
    const dt = Math.max(0, best);
    for (let v = 0; v < n; v++) if (active.has(label[v]!)) cov[v] += dt;
    for (const c of active) left.set(c, left.get(c)! - dt);
    if (kind === 'deact') {
      active.delete(which);
      continue;
    }
    const a = label[src[which]!]!;
    const b = label[dst[which]!]!;
    const c = next++;
    for (let v = 0; v < n; v++) if (label[v] === a || label[v] === b) label[v] = c;
    left.set(c, left.get(a)! + left.get(b)!);
    active.delete(a);
    active.delete(b);
    if (left.get(c)! > 1e-12) active.add(c);
    forest.push(which);
  }
  const nodes = [...Array(n).keys()].filter((v) => active.has(label[v]!));
  const edges = forest.filter((e) => active.has(label[src[e]!]!)).sort((x, y) => x - y);
  return { nodes, edges };
}

/** min over connected node sets S (and the empty set) of MST(G[S]) + π(V∖S). */
function bruteForceOptimum(n: number, src: Int32Array, dst: Int32Array, prizes: Float64Array, costs: Float64Array): number {
  const total = prizes.reduce((a, b) => a + b, 0);
  let best = total;
  const order = [...costs.keys()].sort((a, b) => costs[a]! - costs[b]!);
  for (let mask = 1; mask < 1 << n; mask++) {
    // Kruskal on G[S]
    const parent = Int32Array.from({ length: n }, (_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
    let cost = 0;
    let joined = 0;
    for (const e of order) {
      const a = src[e]!;
      const b = dst[e]!;
      if (!((mask >> a) & 1) || !((mask >> b) & 1)) continue;
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) ((parent[ra] = rb), (cost += costs[e]!), joined++);
    }
    let size = 0;
    let inside = 0;
    for (let v = 0; v < n; v++) if ((mask >> v) & 1) (size++, (inside += prizes[v]!));
    if (joined !== size - 1) continue; // not connected
    best = Math.min(best, cost + total - inside);
  }
  return best;
}

describe('meldable heaps', () => {
  it('pop in key order after melds and shifts, against a sorted list', () => {
    const rng = new Rng(5);
    const h = new MeldableHeaps();
    let a = -1;
    let b = -1;
    const ref: number[] = [];
    for (let i = 0; i < 300; i++) {
      const k = rng.uniform();
      if (i % 2) a = h.meld(a, h.single(k, i, 0));
      else b = h.meld(b, h.single(k - 0.5, i, 0));
      ref.push(i % 2 ? k - 0.25 : k - 0.5);
    }
    h.shift(a, -0.25);
    let root = h.meld(a, b);
    ref.sort((x, y) => x - y);
    for (const want of ref) {
      expect(h.minKey(root)).toBeCloseTo(want, 14);
      root = h.pop(root);
    }
    expect(root).toBe(-1);
  });
});

describe('prize-collecting Steiner forest (GW growth, event queues)', () => {
  it('grows the same forest as a direct GW that recomputes every tight time (random graphs, 1 and 3 trees)', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 40; trial++) {
      const { graph, prizes, costs } = randomCase(rng, 8 + (trial % 25), 0.15 + 0.2 * rng.uniform());
      const g = trial % 3 === 0 ? 3 : 1;
      const ours = pcsf(graph, prizes, costs, g, 'none');
      const ref = directGw(graph.n, graph.src, graph.dst, prizes, costs, g);
      expect(Array.from(ours.nodes)).toEqual(ref.nodes);
      expect(Array.from(ours.edges)).toEqual(ref.edges);
    }
  });

  it('c(F) + π(V∖F) ≤ 2·optimum against exhaustive search (up to 12 nodes); F is one tree', () => {
    const rng = new Rng(3);
    let cases = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = 5 + (trial % 8);
      const { graph, prizes, costs } = randomCase(rng, n, 0.3);
      const r = pcsf(graph, prizes, costs, 1, 'strong');
      const total = prizes.reduce((a, b) => a + b, 0);
      const objective = r.cost + total - r.prize;
      const opt = bruteForceOptimum(n, graph.src, graph.dst, prizes, costs);
      expect(objective).toBeLessThanOrEqual(2 * opt + 1e-9);
      expect(objective).toBeGreaterThanOrEqual(opt - 1e-9);
      // one tree: |E| = |V| − 1 and every edge inside the node set
      if (r.nodes.length) expect(r.edges.length).toBe(r.nodes.length - 1);
      const inF = new Set(r.nodes);
      for (const e of r.edges) expect(inF.has(graph.src[e]!) && inF.has(graph.dst[e]!)).toBe(true);
      // strong pruning never does worse than the unpruned tree
      const raw = pcsf(graph, prizes, costs, 1, 'none');
      expect(objective).toBeLessThanOrEqual(raw.cost + total - raw.prize + 1e-12);
      cases++;
    }
    expect(cases).toBe(60);
  });

  it('strong pruning keeps the subtree of largest net worth π(T) − c(T) of the grown tree (exhaustive over its subtrees)', () => {
    const rng = new Rng(21);
    let checked = 0;
    for (let trial = 0; trial < 40; trial++) {
      const { graph, prizes, costs } = randomCase(rng, 14, 0.2, 0.5);
      const raw = pcsf(graph, prizes, costs, 1, 'none');
      const pruned = pcsf(graph, prizes, costs, 1, 'strong');
      const nodes = Array.from(raw.nodes);
      if (nodes.length > 14 || nodes.length < 2) continue;
      let best = 0;
      for (let mask = 1; mask < 1 << nodes.length; mask++) {
        const inS = new Set(nodes.filter((_, i) => (mask >> i) & 1));
        const edges = Array.from(raw.edges).filter((e) => inS.has(graph.src[e]!) && inS.has(graph.dst[e]!));
        if (edges.length !== inS.size - 1) continue; // a sub-forest of a tree is connected iff |E| = |V| − 1
        const worth = [...inS].reduce((a, v) => a + prizes[v]!, 0) - edges.reduce((a, e) => a + costs[e]!, 0);
        best = Math.max(best, worth);
      }
      expect(pruned.prize - pruned.cost).toBeCloseTo(best, 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('refuses negative or non-finite prizes and costs, and mismatched lengths', () => {
    const graph = { n: 2, src: Int32Array.of(0), dst: Int32Array.of(1) };
    expect(() => pcsf(graph, Float64Array.of(1, -1), Float64Array.of(1))).toThrow(/prize -1 at node 1/);
    expect(() => pcsf(graph, Float64Array.of(1, 1), Float64Array.of(Number.NaN))).toThrow(/cost NaN at edge 0/);
    expect(() => pcsf(graph, Float64Array.of(1), Float64Array.of(1))).toThrow(/1 prizes for 2 nodes/);
  });
});
