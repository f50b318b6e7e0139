/**
 * The modularity baselines against networkx 3.6.1 (values recorded from it; no Python at test
 * time): CNM greedy merging on Zachary's karate club, with and without a community limit, and
 * spectral modularity against a dense float64 eigendecomposition of B = A − ddᵀ/M.
 */
import { describe, expect, it } from 'vitest';
import { cnmPartition, leadingEigenvectorPartition, spectralModularityPartition, modularityParts, modularityTask, type ModularityFit } from '../../src/tasks/modularity/index.js';
import { undirected, sbmGraph } from '../helpers/graphs.js';
import { symEig } from '../helpers/dense.js';
import { nmi } from '../../src/metrics/nmi.js';
import { Rng } from '../../src/util/rng.js';

// networkx.karate_club_graph() edges
const KARATE: [number, number][] = [
  [0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6], [0, 7], [0, 8], [0, 10], [0, 11], [0, 12], [0, 13], [0, 17], [0, 19], [0, 21], [0, 31],
  [1, 2], [1, 3], [1, 7], [1, 13], [1, 17], [1, 19], [1, 21], [1, 30], [2, 3], [2, 7], [2, 8], [2, 9], [2, 13], [2, 27], [2, 28], [2, 32],
  [3, 7], [3, 12], [3, 13], [4, 6], [4, 10], [5, 6], [5, 10], [5, 16], [6, 16], [8, 30], [8, 32], [8, 33], [9, 33], [13, 33], [19, 33],
  [23, 25], [23, 29], [25, 24], [27, 23], [27, 24], [27, 33], [28, 33], [29, 26], [30, 32], [30, 33], [31, 24], [31, 25], [31, 28], [31, 32],
  [31, 33], [32, 14], [32, 15], [32, 18], [32, 20], [32, 22], [32, 23], [32, 29], [32, 33], [33, 14], [33, 15], [33, 18], [33, 20], [33, 22],
  [33, 23], [33, 26], [33, 29],
];
const karate = undirected(34, KARATE.map((e) => e[0]), KARATE.map((e) => e[1]));
const groups = (labels: Int32Array): number[][] => {
  const by = new Map<number, number[]>();
  labels.forEach((c, i) => by.set(c, [...(by.get(c) ?? []), i]));
  return [...by.values()].sort((a, b) => a[0]! - b[0]!);
};

describe('modularity baselines', () => {
  it("CNM on the karate club: networkx's communities and Q (greedy_modularity_communities, best_n None and 2)", () => {
    const free = cnmPartition(karate.csr);
    expect(groups(free.partition.labels)).toEqual([
      [0, 4, 5, 6, 10, 11, 16, 19],
      [1, 2, 3, 7, 9, 12, 13, 17, 21],
      [8, 14, 15, 18, 20, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33],
    ]);
    expect(modularityParts(karate.csr, free.partition).Q).toBeCloseTo(0.3806706114398422, 14);
    const two = cnmPartition(karate.csr, { maxCommunities: 2 });
    expect(two.partition.k).toBe(2);
    expect(modularityParts(karate.csr, two.partition).Q).toBeCloseTo(0.3717948717948718, 14);
  });

  it('spectral modularity: the leading eigenvalues of B equal a dense float64 eigendecomposition, and k-means on them finds planted blocks', () => {
    const { graph, truth } = sbmGraph(new Rng(6), [30, 30, 30], 0.3, 0.02);
    const n = graph.n;
    const A = graph.csr.toDense();
    const d = Array.from({ length: n }, (_, i) => A.slice(i * n, i * n + n).reduce((s, x) => s + x, 0));
    const M = d.reduce((s, x) => s + x, 0);
    const B = Float64Array.from(A, (v, t) => v - (d[Math.floor(t / n)]! * d[t % n]!) / M);
    const dense = symEig(B, n).values; // descending
    const r = spectralModularityPartition(graph.csr, { clusters: 3, seed: 1, restarts: 5 });
    for (let t = 0; t < 3; t++) expect(r.values[t]).toBeCloseTo(dense[t]!, 8);
    expect(nmi(r.partition.labels, truth)).toBeGreaterThan(0.95);
  });

  it("Newman's leading eigenvector: the first split is the sign pattern of B's dense leading eigenvector, and each split raises Q by its ΔQ", () => {
    const n = 34;
    const A = karate.csr.toDense();
    const d = Array.from({ length: n }, (_, i) => A.slice(i * n, i * n + n).reduce((s, x) => s + x, 0));
    const M = d.reduce((s, x) => s + x, 0);
    const B = Float64Array.from(A, (v, t) => v - (d[Math.floor(t / n)]! * d[t % n]!) / M);
    const { vectors } = symEig(B, n); // columns, descending
    const lead = Array.from({ length: n }, (_, i) => vectors[i * n]! > 0);
    const two = leadingEigenvectorPartition(karate.csr, { maxCommunities: 2, seed: 1 });
    const side = Array.from(two.partition.labels, (c) => c === two.partition.labels[0]);
    expect(side).toEqual(lead.map((x) => x === lead[0]));
    // sᵀBs / 2M is the modularity of the two-way split (from one community, Q = 0)
    const s = lead.map((x) => (x ? 1 : -1));
    let sBs = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sBs += s[i]! * B[i * n + j]! * s[j]!;
    expect(modularityParts(karate.csr, two.partition).Q).toBeCloseTo(sBs / (2 * M), 12);
    const four = leadingEigenvectorPartition(karate.csr, { maxCommunities: 4, seed: 1 });
    expect(four.partition.k).toBe(4);
    expect(modularityParts(karate.csr, four.partition).Q).toBeGreaterThan(modularityParts(karate.csr, two.partition).Q);
  });

  it('the task runs every method (cnm and newman at most K communities)', async () => {
    const { graph } = sbmGraph(new Rng(9), [20, 20, 20, 20], 0.35, 0.02);
    for (const method of ['cnm', 'newman', 'spectral-modularity']) {
      const fit = (await modularityTask.fitAsync(graph, { seed: 1, options: { method, clusters: 4 } })) as ModularityFit;
      expect(fit.partition.k).toBeLessThanOrEqual(4);
      expect(fit.objective).toBeGreaterThan(0.5);
    }
  });
});
