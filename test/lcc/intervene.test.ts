/**
 * Network intervention: CRPD against exhaustive search on random threshold graphs (the paper's
 * Theorem 5: CRPD is optimal there), every method's plan passing the independent constraint
 * check, the check catching each kind of violation, and n2n's choices being B's argmin.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { crpd } from '../../src/tasks/lcc/intervene/crpd.js';
import { edgesNeeded, oisa } from '../../src/tasks/lcc/intervene/oisa.js';
import { bum, enumerate, n2nGreedy, sim, tea } from '../../src/tasks/lcc/intervene/baselines.js';
import { ea, pathScreeningCredit } from '../../src/tasks/lcc/intervene/ea.js';
import { gd, influenceGains, pagerank, pagerankAdjoint } from '../../src/tasks/lcc/intervene/gd.js';
import { snapshot } from '../../src/tasks/lcc/centrality.js';
import { assessIntervention, withEdges } from '../../src/tasks/lcc/intervene/check.js';
import { lccTask, type LccFit } from '../../src/tasks/lcc/index.js';
import { ClusteringState } from '../../src/tasks/lcc/engine.js';
import { undirected } from '../helpers/graphs.js';

/** Threshold graph: i ~ j iff w_i + w_j ≥ θ. */
function thresholdGraph(rng: Rng, n: number, theta: number) {
  const w = Array.from({ length: n }, () => rng.uniform());
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (w[i]! + w[j]! >= theta) (src.push(i), dst.push(j));
  return undirected(n, src, dst);
}

function randomGraph(rng: Rng, n: number, p: number) {
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) (src.push(i), dst.push(j));
  return undirected(n, src, dst);
}

const lccAfter = (graph: ReturnType<typeof undirected>, added: [number, number][], t: number): number => new ClusteringState(withEdges(graph, added)).lcc(t);

describe('network intervention', () => {
  it('CRPD equals exhaustive search on random threshold graphs (budgets 1–3, with and without the ε rule)', () => {
    const rng = new Rng(17);
    let compared = 0;
    for (let trial = 0; trial < 60; trial++) {
      const graph = thresholdGraph(rng, 11, 0.9 + 0.4 * rng.uniform());
      const s = new ClusteringState(graph);
      const t = [...Array(11).keys()].find((v) => s.lcc(v) > 0 && s.degree[v]! < 10);
      if (t === undefined) continue;
      const budget = 1 + (trial % 3);
      const epsilon = trial % 2 ? 1 : 0.1;
      const problem = { graph, targets: Int32Array.of(t), budget, epsilon };
      const ours = crpd(problem);
      const exact = enumerate(problem);
      expect(lccAfter(graph, ours.added, t)).toBeCloseTo(lccAfter(graph, exact.added, t), 12);
      expect(assessIntervention(problem, ours.added, 'crpd', 0).violations).toEqual([]);
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('every method writes a plan that passes the independent check; none beats exhaustive search', () => {
    const rng = new Rng(4);
    for (let trial = 0; trial < 6; trial++) {
      const graph = randomGraph(rng, 14, 0.3);
      const s = new ClusteringState(graph);
      const targets = Int32Array.from([...Array(14).keys()].filter((v) => s.lcc(v) > 0).slice(0, 2));
      const problem = { graph, targets, budget: 2, epsilon: 0.1 };
      const exact = enumerate(problem);
      const fOf = (added: [number, number][]) => Math.max(...Array.from(targets, (t) => lccAfter(graph, added, t)));
      for (const method of [oisa, bum, sim, tea, ea, gd, n2nGreedy]) {
        const r = method(problem);
        const report = assessIntervention(problem, r.added, r.method, r.seconds);
        expect(report.violations).toEqual([]);
        expect(report.maxTargetLcc[1]).toBeCloseTo(fOf(r.added), 12);
        expect(fOf(r.added)).toBeGreaterThanOrEqual(fOf(exact.added) - 1e-12);
      }
    }
  });

  it("the check names each violation: budget, an existing edge, no target at either end, ε, a degree bound", () => {
    // a triangle 0-1-2 and 2-3, 3-4, 4-5
    const graph = undirected(6, [0, 1, 0, 2, 3, 4], [1, 2, 2, 3, 4, 5]);
    const problem = { graph, targets: Int32Array.of(3), budget: 2, epsilon: 0, minDegree: 5 };
    const r = assessIntervention(problem, [[3, 1], [0, 1], [4, 0]], 'x', 0);
    const all = r.violations.join('\n');
    expect(all).toMatch(/3 edges added, the budget is 2/);
    expect(all).toMatch(/edge n0 n1 is already in the graph/);
    expect(all).toMatch(/edge n4 n0 has no target at either end/);
    expect(all).toMatch(/LCC rises by more than ε = 0 at/);
    expect(all).toMatch(/target n3: degree 3 < 5/);
  });

  it("n2n adds, at each step, the admissible partner with the most negative B(t, u) (the lcc task's closed form)", async () => {
    const rng = new Rng(9);
    const graph = randomGraph(rng, 30, 0.15);
    const s = new ClusteringState(graph);
    const t = [...Array(30).keys()].find((v) => s.lcc(v) > 0.2 && s.degree[v]! >= 3)!;
    const plan = n2nGreedy({ graph, targets: Int32Array.of(t), budget: 1, epsilon: 1 });
    const fit = (await lccTask.fitAsync(graph, { seed: 1, options: { target: graph.labels[t] } })) as LccFit;
    const cand = [...Array(30).keys()].filter((u) => u !== t && !s.has(t, u));
    const B = lccTask.deriveAt!(graph, fit, { src: Int32Array.from(cand, () => t), dst: Int32Array.from(cand) });
    const min = Math.min(...B);
    expect(B[cand.indexOf(plan.added[0]![1])]).toBe(min);
  });
});

describe('CRPD with MISS', () => {
  it('breaks ties among the fewest-gain candidates by the score of either reading, checked by Floyd–Warshall', () => {
    const rng = new Rng(6);
    const n = 24;
    const graph = randomGraph(rng, n, 0.12);
    const s = new ClusteringState(graph);
    const t = [...Array(n).keys()].find((v) => s.lcc(v) > 0 && s.degree[v]! >= 2)!;
    const floyd = (added: [number, number][]): number[][] => {
      const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
      const g2 = withEdges(graph, added);
      for (let e = 0; e < g2.edges.src.length; e++) d[g2.edges.src[e]!]![g2.edges.dst[e]!] = d[g2.edges.dst[e]!]![g2.edges.src[e]!] = 1;
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i]![j] = Math.min(d[i]![j]!, d[i]![k]! + d[k]![j]!);
      return d;
    };
    const harmonic = (d: number[][], v: number): number => d[v]!.reduce((a, x, j) => a + (j !== v && Number.isFinite(x) ? 1 / x : 0), 0) / (n - 1);
    const cand = [...Array(n).keys()].filter((u) => u !== t && !s.has(t, u));
    const gain = (u: number): number => s.common(t, u).length;
    const minGain = Math.min(...cand.map(gain));
    const tied = cand.filter((u) => gain(u) === minGain);
    expect(tied.length).toBeGreaterThan(2);
    const problem = { graph, targets: Int32Array.of(t), budget: 1, epsilon: 1, minCloseness: 0.99 };
    const d0 = floyd([]);
    // 'gain': t's closeness after the edge; 'centrality': u's own closeness (ties in the score: the smaller index)
    const byGain = crpd(problem, { miss: 'gain' });
    const bestGain = Math.max(...tied.map((u) => harmonic(floyd([[t, u]]), t)));
    expect(harmonic(floyd(byGain.added), t)).toBeCloseTo(bestGain, 12);
    const byCentrality = crpd(problem, { miss: 'centrality' });
    const bestOwn = Math.max(...tied.map((u) => harmonic(d0, u)));
    expect(harmonic(d0, byCentrality.added[0]![1])).toBeCloseTo(bestOwn, 12);
    expect(byGain.notes.join(' ')).toMatch(/MISS \(gain\) breaks ties/);
    // without a bound: the lowest degree among the tied
    const plain = crpd({ ...problem, minCloseness: undefined });
    expect(s.degree[plain.added[0]![1]]).toBe(Math.min(...tied.map((u) => s.degree[u]!)));
  });
});

describe('TEA', () => {
  it("adds the admissible partner that raises the target's harmonic closeness most (brute force by Floyd–Warshall)", () => {
    const rng = new Rng(2);
    const graph = randomGraph(rng, 25, 0.1);
    const s = new ClusteringState(graph);
    const t = [...Array(25).keys()].find((v) => s.lcc(v) > 0)!;
    const plan = tea({ graph, targets: Int32Array.of(t), budget: 1, epsilon: 1 });
    const closeness = (added: [number, number][]): number => {
      const n = 25;
      const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
      const g2 = withEdges(graph, added);
      for (let e = 0; e < g2.edges.src.length; e++) d[g2.edges.src[e]!]![g2.edges.dst[e]!] = d[g2.edges.dst[e]!]![g2.edges.src[e]!] = 1;
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i]![j] = Math.min(d[i]![j]!, d[i]![k]! + d[k]![j]!);
      return d[t]!.reduce((a, x, j) => a + (j !== t && Number.isFinite(x) ? 1 / x : 0), 0) / (n - 1);
    };
    const best = Math.max(...[...Array(25).keys()].filter((u) => u !== t && !s.has(t, u)).map((u) => closeness([[t, u]])));
    expect(closeness(plan.added)).toBeCloseTo(best, 12);
  });
});

/** All-pairs hop distances by Floyd–Warshall (Infinity: unreachable). */
function floyd(graph: ReturnType<typeof undirected>, added: [number, number][] = []): number[][] {
  const n = graph.n;
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  const g2 = withEdges(graph, added);
  for (let e = 0; e < g2.edges.src.length; e++) d[g2.edges.src[e]!]![g2.edges.dst[e]!] = d[g2.edges.dst[e]!]![g2.edges.src[e]!] = 1;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i]![j] = Math.min(d[i]![j]!, d[i]![k]! + d[k]![j]!);
  return d;
}

describe('EA (path screening)', () => {
  it('credits each shortcut (t, p) with the exact distance gains of the sampled paths through p (Floyd–Warshall on G + (t, p))', () => {
    const rng = new Rng(31);
    for (let trial = 0; trial < 5; trial++) {
      const n = 13;
      const graph = randomGraph(rng, n, 0.2);
      const s = new ClusteringState(graph);
      const t = trial % n;
      const sources = [0, 3, 5, 8, 12];
      const credit = pathScreeningCredit(snapshot(s), t, sources);
      const d = floyd(graph);
      const expected = new Float64Array(n);
      for (const x of sources) {
        // the BFS tree from x: the first node to reach y is its parent (the engine's neighbour order)
        const parent = new Int32Array(n).fill(-2);
        parent[x] = -1;
        const queue = [x];
        for (let h = 0; h < queue.length; h++) s.forNeighbours(queue[h]!, (w) => (parent[w] === -2 ? ((parent[w] = queue[h]!), queue.push(w)) : 0));
        for (let p = 0; p < n; p++) {
          if (p === t) continue;
          const after = floyd(graph, s.has(t, p) ? [] : [[t, p]]);
          for (const y of queue) {
            if (d[x]![y]! < 2) continue;
            let onPath = false;
            for (let z = y; z !== -1; z = parent[z]!) if (z === p) onPath = true;
            if (onPath) expected[p] += 1 / after[x]![y]! - 1 / d[x]![y]!;
          }
        }
      }
      for (let p = 0; p < n; p++) expect(credit[p]).toBeCloseTo(expected[p]!, 12);
    }
  });

  it('adds the admissible partner with the largest credit; the same seed gives the same plan', () => {
    const rng = new Rng(8);
    const graph = randomGraph(rng, 40, 0.08);
    const s = new ClusteringState(graph);
    const t = [...Array(40).keys()].find((v) => s.lcc(v) > 0)!;
    const all = Array.from({ length: 40 }, (_, i) => i);
    const credit = pathScreeningCredit(snapshot(s), t, all);
    const plan = ea({ graph, targets: Int32Array.of(t), budget: 1, epsilon: 1 }, { sources: 40 });
    const cand = all.filter((u) => u !== t && !s.has(t, u));
    expect(credit[plan.added[0]![1]]).toBe(Math.max(...cand.map((u) => credit[u]!)));
    const a = ea({ graph, targets: Int32Array.of(t), budget: 3, epsilon: 1, seed: 5 }, { sources: 6 });
    const b = ea({ graph, targets: Int32Array.of(t), budget: 3, epsilon: 1, seed: 5 }, { sources: 6 });
    expect(a.added).toEqual(b.added);
  });
});

describe('GD (PageRank influence)', () => {
  /** Σ_T π by a dense float64 solve, with the pair (t, u) at weight w (dangling nodes teleport uniformly). */
  function denseInfluence(graph: ReturnType<typeof undirected>, targets: number[], t: number, u: number, w: number, alpha: number): number {
    const n = graph.n;
    const A = Array.from({ length: n }, () => new Float64Array(n));
    for (let e = 0; e < graph.edges.src.length; e++) A[graph.edges.src[e]!]![graph.edges.dst[e]!] = A[graph.edges.dst[e]!]![graph.edges.src[e]!] = 1;
    A[t]![u] += w;
    A[u]![t] += w;
    const deg = A.map((row) => row.reduce((a, b) => a + b, 0));
    // M = I − αP − (α/n)·1·1_Dᵀ, right side (1 − α)/n
    const M = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (j === n ? (1 - alpha) / n : i === j ? 1 : 0)));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i]![j]! -= deg[j] === 0 ? alpha / n : (alpha * A[i]![j]!) / deg[j]!;
    for (let c = 0; c < n; c++) {
      let piv = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
      [M[c], M[piv]] = [M[piv]!, M[c]!];
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        const f = M[r]![c]! / M[c]![c]!;
        for (let j = c; j <= n; j++) M[r]![j]! -= f * M[c]![j]!;
      }
    }
    return targets.reduce((a, v) => a + M[v]![n]! / M[v]![v]!, 0);
  }

  it("the influence gains are ∂(Σ_T π)/∂A_tu: central differences of a dense solve, dangling node included", () => {
    const rng = new Rng(12);
    const n = 16;
    const src: number[] = [];
    const dst: number[] = [];
    // node 15 stays isolated (dangling)
    for (let i = 0; i < 15; i++) for (let j = i + 1; j < 15; j++) if (rng.uniform() < 0.25) (src.push(i), dst.push(j));
    const graph = undirected(n, src, dst);
    const s = new ClusteringState(graph);
    const targets = [1, 4, 9];
    const weights = new Float64Array(n);
    for (const v of targets) weights[v] = 1;
    const alpha = 0.85;
    const g = snapshot(s);
    const { pi } = pagerank(g, alpha, null, 5000);
    const { y } = pagerankAdjoint(g, alpha, weights, null, 5000);
    for (const t of [1, 9]) {
      if (s.degree[t] === 0) continue;
      const gain = influenceGains(g, alpha, t, pi, y);
      expect(Number.isNaN(gain[15]!)).toBe(true);
      for (let u = 0; u < 15; u++) {
        if (u === t || s.degree[u] === 0) continue;
        const h = 1e-5;
        const fd = (denseInfluence(graph, targets, t, u, h, alpha) - denseInfluence(graph, targets, t, u, -h, alpha)) / (2 * h);
        expect(gain[u]).toBeCloseTo(fd, 8);
      }
    }
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 13);
  });

  it('adds the admissible partner with the largest gain, the exact PageRank re-solved from the previous step', () => {
    const rng = new Rng(3);
    const graph = randomGraph(rng, 20, 0.2);
    const s = new ClusteringState(graph);
    const t = [...Array(20).keys()].find((v) => s.lcc(v) > 0)!;
    const plan = gd({ graph, targets: Int32Array.of(t), budget: 1, epsilon: 1 });
    const cand = [...Array(20).keys()].filter((u) => u !== t && !s.has(t, u) && s.degree[u]! > 0);
    const h = 1e-5;
    const fd = cand.map((u) => (denseInfluence(graph, [t], t, u, h, 0.85) - denseInfluence(graph, [t], t, u, -h, 0.85)) / (2 * h));
    expect(plan.added[0]![1]).toBe(cand[fd.indexOf(Math.max(...fd))]);
  });
});

describe('OISA', () => {
  it('EORE: the fewest edges that bring LCC to a level without closing triangles, against trying every count', () => {
    for (let d = 2; d < 12; d++) {
      for (let e = 0; e <= (d * (d - 1)) / 2; e++) {
        for (const level of [0.1, 0.25, 0.5, 0.9]) {
          let p = 0;
          while ((2 * e) / ((d + p) * (d + p - 1)) > level + 1e-12) p++;
          expect(edgesNeeded(e, d, level)).toBe(p);
        }
      }
    }
    expect(edgesNeeded(3, 3, 0.5, 6)).toBe(3); // a degree bound above
  });

  it('reaches a level no baseline beats on random graphs with clustered targets, every plan valid', () => {
    const rng = new Rng(12);
    for (let trial = 0; trial < 5; trial++) {
      const graph = randomGraph(rng, 60, 0.12);
      const s = new ClusteringState(graph);
      const targets = Int32Array.from([...Array(60).keys()].sort((a, b) => s.lcc(b) - s.lcc(a)).slice(0, 6));
      const problem = { graph, targets, budget: 8, epsilon: 0.1 };
      const fOf = (added: [number, number][]) => Math.max(...Array.from(targets, (t) => lccAfter(graph, added, t)));
      const r = oisa(problem);
      expect(assessIntervention(problem, r.added, 'oisa', 0).violations).toEqual([]);
      expect(fOf(r.added)).toBeLessThan(Math.max(...Array.from(targets, (t) => s.lcc(t))));
      for (const other of [bum, sim, tea, ea, gd, n2nGreedy]) expect(fOf(r.added)).toBeLessThanOrEqual(fOf(other(problem).added) + 1e-12);
    }
  });

  it('pairs targets: one edge between two clustered targets lowers both (disjoint triangles, a target in each, |T|/2 edges)', () => {
    // triangles {3i, 3i+1, 3i+2}; the targets are 3i+1, so a partner of the largest LCC that is not a target is always at hand
    const src: number[] = [];
    const dst: number[] = [];
    for (let i = 0; i < 6; i++) (src.push(3 * i, 3 * i, 3 * i + 1), dst.push(3 * i + 1, 3 * i + 2, 3 * i + 2));
    const graph = undirected(18, src, dst);
    const targets = Int32Array.from({ length: 6 }, (_, i) => 3 * i + 1);
    const problem = { graph, targets, budget: 3, epsilon: 0 };
    const r = oisa(problem);
    expect(r.added.every(([a, b]) => targets.includes(a) && targets.includes(b))).toBe(true);
    expect(assessIntervention(problem, r.added, 'oisa', 0).maxTargetLcc[1]).toBeCloseTo(1 / 3, 14);
  });
});

describe('n2n intervene', () => {
  it('writes the edges (labels as in the input) and the JSON summary; refuses what cannot be met, and writes nothing then', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const { tempDir, writeTemp } = await import('../helpers/files.js');
    const { readFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = tempDir();
    // a 5-clique a..e with a tail e-f-g-h
    const names = ['a', 'b', 'c', 'd', 'e'];
    const lines: string[] = [];
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) lines.push(`${names[i]}\t${names[j]}`);
    lines.push('e\tf', 'f\tg', 'g\th');
    const g = writeTemp(dir, 'g.tsv', lines.join('\n') + '\n');
    const out = join(dir, 'added.tsv');
    const r = await runCli(['intervene', '--method', 'crpd', '-i', g, '--no-directed', '--target', 'a', '--budget', '2', '--epsilon', '0.5', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const added = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    expect(added.length).toBe(2);
    for (const [u, v] of added) {
      expect(u).toBe('a');
      expect(['f', 'g', 'h']).toContain(v);
    }
    const summary = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    // LCC(a) after, recomputed here from the edge list and the added edges
    const adj = new Map<string, Set<string>>();
    const link = (x: string, y: string) => (adj.get(x) ?? adj.set(x, new Set()).get(x)!).add(y);
    for (const l of [...lines, ...added.map((p) => p.join('\t'))]) {
      const [x, y] = l.split('\t') as [string, string];
      link(x, y);
      link(y, x);
    }
    const nb = [...adj.get('a')!];
    let e = 0;
    for (let i = 0; i < nb.length; i++) for (let j = i + 1; j < nb.length; j++) if (adj.get(nb[i]!)!.has(nb[j]!)) e++;
    expect(summary.targets[0].lcc[1]).toBeCloseTo(e / ((nb.length * (nb.length - 1)) / 2), 12);
    expect(summary.targets[0].degree).toEqual([4, 6]);
    expect(summary.violations).toEqual([]);
    // infeasible: degree 4 + 2 < 7
    const bad = await runCli(['intervene', '-i', g, '--no-directed', '--target', 'a', '--budget', '2', '--min-degree', '7', '--out', join(dir, 'x.tsv')]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--min-degree 7 cannot be met: target a has degree 4/);
    expect(existsSync(join(dir, 'x.tsv'))).toBe(false);
    // a closeness bound the plan does not reach: refused, nothing written
    const far = await runCli(['intervene', '-i', g, '--no-directed', '--target', 'a', '--budget', '1', '--min-closeness', '0.99', '--out', join(dir, 'y.tsv')]);
    expect(far.code).not.toBe(0);
    expect(far.err).toMatch(/breaks a constraint; nothing written:\s+target a: closeness .* < 0\.99/);
    expect(existsSync(join(dir, 'y.tsv'))).toBe(false);
    const many = await runCli(['intervene', '--method', 'crpd', '-i', g, '--no-directed', '--targets', writeTemp(dir, 't.txt', 'a\nb\n'), '--budget', '2', '--out', join(dir, 'z.tsv')]);
    expect(many.err).toMatch(/crpd solves NILD-S, one target; 2 given/);
    // a target set without --method: oisa
    const set = await runCli(['intervene', '-i', g, '--no-directed', '--targets', writeTemp(dir, 't2.txt', 'a\nb\n'), '--budget', '2', '--epsilon', '0.5', '--out', join(dir, 'o.tsv')]);
    expect(set.code, set.err).toBe(0);
    expect(set.err).toMatch(/^oisa: /m);
  });

  it('the library: intervene(graph, { targets, budget }) gives labelled edges and the checked report', async () => {
    const { intervene, buildGraph } = await import('../../src/index.js');
    const labels = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const pairs = [[0, 1], [1, 2], [0, 2], [2, 3], [3, 4], [4, 5], [5, 6]];
    const graph = buildGraph(labels, { src: Int32Array.from(pairs, (p) => p[0]!), dst: Int32Array.from(pairs, (p) => p[1]!), weight: new Float64Array(pairs.length).fill(1) }, { directed: false });
    const { added, report } = await intervene(graph, { targets: ['a'], budget: 1, epsilon: 1 });
    expect(added.length).toBe(1);
    expect(added[0]![0]).toBe('a');
    expect(report.method).toBe('crpd');
    expect(report.maxTargetLcc[1]).toBeLessThan(1);
    await expect(intervene(graph, { targets: ['a'], budget: 1, minDegree: 9 })).rejects.toThrow(/degree 3 < 9/);
  });
});
