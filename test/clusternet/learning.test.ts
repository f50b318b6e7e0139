/**
 * The learning + optimization setting's parts: observed edges read over a known graph (labels
 * matched by value, every refusal with file and line), the link predictor (it learns held-out
 * links; same seed, same model), its AUC against pair counting, and the predicted graph against
 * a brute-force sort of every node's partners.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { readObservedEdges } from '../../src/graph/observed-edges.js';
import { linkAuc, linkScore, predictedGraph, trainLinkModel, LINK_DEFAULTS, type LinkModel } from '../../src/tasks/clusternet/linkpred.js';
import { hopDistances } from '../../src/tasks/clusternet/kcenter/distances.js';
import { sbmGraph, undirected } from '../helpers/graphs.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { buildGraph } from '../../src/graph/graph.js';

const pairKey = (i: number, j: number, n: number): number => (i < j ? i * n + j : j * n + i);

describe('observed edges', () => {
  it('keeps every node of the full graph, matches labels by value, and refuses what is not part of the graph', async () => {
    const dir = tempDir();
    const labels = ['10', '20', '30', '40', '50'];
    const full = buildGraph(labels, { src: Int32Array.from([0, 1, 2, 3]), dst: Int32Array.from([1, 2, 3, 4]), weight: new Float64Array(4).fill(1) }, { directed: false, source: 'full.txt' });
    const obs = await readObservedEdges(writeTemp(dir, 'o.txt', '# observed\n1.000000e+01 2.0e1\n30\t40\n30 30\n'), full);
    expect(obs.n).toBe(5);
    expect(obs.labels).toEqual(labels);
    expect(obs.edges.src.length).toBe(2); // the self-loop dropped
    expect(Array.from(obs.csr.rowPtr)).toEqual([0, 1, 2, 3, 4, 4]); // node 50 kept, isolated
    await expect(readObservedEdges(writeTemp(dir, 'a.txt', '10 20\n10 60\n'), full)).rejects.toThrow(/a\.txt:2: node '60' is not in the graph/);
    await expect(readObservedEdges(writeTemp(dir, 'b.txt', '10 20\n10 30\n'), full)).rejects.toThrow(/b\.txt:2: edge 10 30 is not an edge of full\.txt/);
    await expect(readObservedEdges(writeTemp(dir, 'c.txt', '10\n'), full)).rejects.toThrow(/c\.txt:1: expected a pair 'src dst', got 1 field/);
    expect((await readObservedEdges(writeTemp(dir, 'd.txt', '10 30\n'), full, { subset: false })).edges.src.length).toBe(1);
  });

  it('gives unreachable pairs the distance asked for', () => {
    const g = undirected(5, [0, 1, 3], [1, 2, 4]);
    const d = hopDistances(g.csr, { unreachable: 7 });
    expect([d.d[0 * 5 + 2], d.d[0 * 5 + 3], d.d[4 * 5 + 2], d.diameter]).toEqual([2, 7, 7, 7]);
    expect(hopDistances(g.csr).d[0 * 5 + 3]).toBe(2);
  });
});

describe('link predictor', () => {
  it('learns held-out links of a block graph, the same model for the same seed', () => {
    const rng = new Rng(11);
    const { graph } = sbmGraph(rng, [25, 25], 0.35, 0.02);
    const n = graph.n;
    const keep: number[] = [];
    const held: [number, number][] = [];
    for (let e = 0; e < graph.edges.src.length; e++) {
      if (rng.uniform() < 0.6) keep.push(e);
      else held.push([graph.edges.src[e]!, graph.edges.dst[e]!]);
    }
    const obs = undirected(n, keep.map((e) => graph.edges.src[e]!), keep.map((e) => graph.edges.dst[e]!));
    const all = new Set(Array.from(graph.edges.src, (s, e) => pairKey(s, graph.edges.dst[e]!, n)));
    const negatives: [number, number][] = [];
    while (negatives.length < held.length) {
      const i = rng.int(n);
      const j = rng.int(n);
      if (i !== j && !all.has(pairKey(i, j, n))) negatives.push([i, j]);
    }
    const o = { ...LINK_DEFAULTS, hidden: 16, embed: 16, epochs: 80 };
    const model = trainLinkModel(obs, null, 0, o, 3);
    // knowing the blocks ranks at best about 0.77 here (intra-block non-edges outscore held-out cross links); one epoch gives 0.65
    expect(linkAuc(model, held, negatives)).toBeGreaterThan(0.74);
    const again = trainLinkModel(obs, null, 0, o, 3);
    expect(Array.from(again.Z)).toEqual(Array.from(model.Z));
    expect(Array.from(again.w)).toEqual(Array.from(model.w));
  });

  it('AUC is the share of (positive, negative) pairs ranked right, ties a half', () => {
    const rng = new Rng(4);
    const n = 30;
    const p = 3;
    // coarse values so that some scores tie
    const model: LinkModel = { Z: Float64Array.from({ length: n * p }, () => rng.int(3) - 1), w: Float64Array.from([1, 1, 1]), n, p, loss: 0, seconds: 0 };
    const pick = (): [number, number] => [rng.int(n), rng.int(n)];
    const pos = Array.from({ length: 40 }, pick);
    const neg = Array.from({ length: 55 }, pick);
    let wins = 0;
    for (const [a, b] of pos) for (const [c, d] of neg) wins += Math.sign(linkScore(model, a, b) - linkScore(model, c, d)) * 0.5 + 0.5;
    expect(linkAuc(model, pos, neg)).toBeCloseTo(wins / (pos.length * neg.length), 12);
  });

  it("adds every node's best unobserved partners, weighted σ(score), to the observed edges", () => {
    const rng = new Rng(8);
    const { graph: obs } = sbmGraph(rng, [10, 10], 0.3, 0.05);
    const n = obs.n;
    const p = 4;
    const model: LinkModel = { Z: Float64Array.from({ length: n * p }, () => rng.normal()), w: Float64Array.from({ length: p }, () => rng.normal()), n, p, loss: 0, seconds: 0 };
    const seen = new Set(Array.from(obs.edges.src, (s, e) => pairKey(s, obs.edges.dst[e]!, n)));
    const want = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const partners = [...Array(n).keys()].filter((j) => j !== i && !seen.has(pairKey(i, j, n))).sort((a, b) => linkScore(model, i, b) - linkScore(model, i, a));
      for (const j of partners.slice(0, 3)) want.set(pairKey(i, j, n), 1 / (1 + Math.exp(-linkScore(model, i, j))));
    }
    const g = predictedGraph(obs, model, 3);
    const m = obs.edges.src.length;
    expect(g.edges.src.length).toBe(m + want.size);
    expect(Array.from(g.edges.weight.subarray(0, m)).every((x) => x === 1)).toBe(true);
    for (let e = m; e < g.edges.src.length; e++) {
      const key = pairKey(g.edges.src[e]!, g.edges.dst[e]!, n);
      expect(want.has(key)).toBe(true);
      expect(g.edges.weight[e]).toBeCloseTo(want.get(key)!, 12);
    }
  });
});
