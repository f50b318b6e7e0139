import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng.js';
import { spectralTask, type SpectralFit } from '../../src/tasks/spectral/index.js';
import { verifySpectral } from '../../src/tasks/spectral/verify.js';
import { clusteringDistortion } from '../../src/tasks/spectral/clustering-distortion.js';
import { removeEdges } from '../../src/graph/graph.js';
import { nmi } from '../../src/metrics/nmi.js';
import { symEig, maxAbs, maxAbsDiff } from '../helpers/dense.js';
import { sbmGraph, undirected } from '../helpers/graphs.js';
import { denseLaplacian } from '../../src/sparse/laplacian.js';
import type { Graph } from '../../src/graph/graph.js';

/** B from an independent dense float64 eigendecomposition (two-sided Jacobi). */
function denseB(g: Graph, r: number): { B: Float64Array; values: number[] } {
  const n = g.n;
  const { values, vectors } = symEig(denseLaplacian(g.csr), n); // descending, vectors as columns
  const cols = Array.from({ length: r }, (_, t) => n - 1 - t);
  const B = Float64Array.from({ length: g.edges.src.length }, (_, e) => {
    const i = g.edges.src[e]!;
    const j = g.edges.dst[e]!;
    return cols.reduce((s, c) => s + (vectors[i * n + c]! - vectors[j * n + c]!) ** 2, 0);
  });
  return { B, values: Array.from({ length: r + 1 }, (_, t) => values[n - 1 - t]!) };
}

const fit = (g: Graph, options: Record<string, unknown> = {}, seed = 1) => spectralTask.fit(g, { seed, options }) as SpectralFit;

describe('spectral clustering derivative network', () => {
  it('B equals the dense float64 reference on stochastic block models, and k-means finds the blocks', () => {
    const rng = new Rng(21);
    for (const r of [2, 4]) {
      const { graph, truth } = sbmGraph(rng, Array.from({ length: r }, () => 30), 0.4, 0.02);
      const f = fit(graph, { clusters: r });
      expect(f.solver.converged).toBe(true);
      expect(f.wellPosed.illPosed).toBe(false);
      const ref = denseB(graph, r);
      const B = spectralTask.derive(graph, f);
      expect(maxAbsDiff(B, ref.B) / maxAbs(ref.B)).toBeLessThan(1e-6);
      // to the accuracy of the precision that produced the answer (device-first: float32)
      const digits = f.solver.precision === 'float64' ? 9 : 6;
      for (let t = 0; t < r; t++) expect(f.values[t]!).toBeCloseTo(ref.values[t]!, digits);
      // λr+1 only has to be resolved well enough to bound the gap
      expect(f.values[r]!).toBeCloseTo(ref.values[r]!, 6);
      expect(f.objective).toBeCloseTo(ref.values.slice(0, r).reduce((a, b) => a + b, 0), digits);
      expect(nmi(f.labels, truth)).toBeGreaterThan(0.9);
    }
  });

  it('resolves a tiny gap (λr+1 − λr ≈ 1e-4·‖L‖·1e-3) to float64 accuracy on a weighted graph', () => {
    // two weakly coupled blocks, each with a near-twin pair of eigenvalues
    const rng = new Rng(4);
    const { graph } = sbmGraph(rng, [40, 40, 40], 0.3, 0.01);
    const { src, dst } = graph.edges;
    const w = Array.from(src, () => 1 + rng.uniform());
    const heavy = undirected(graph.n, Array.from(src), Array.from(dst), w.map((x, e) => (e === 0 ? x * 200 : x)));
    const r = 3;
    const f = fit(heavy, { clusters: r });
    const ref = denseB(heavy, r);
    expect(f.wellPosed.illPosed).toBe(false);
    expect(maxAbsDiff(spectralTask.derive(heavy, f), ref.B) / maxAbs(ref.B)).toBeLessThan(1e-6);
  });

  it('analyses the largest component by default and reports what it left out; B = 0 outside', () => {
    const rng = new Rng(8);
    const a = sbmGraph(rng, [25, 25], 0.4, 0.05).graph;
    // add a separate triangle and an isolated edge
    const src = [...a.edges.src, 50, 51, 52, 53];
    const dst = [...a.edges.dst, 51, 52, 50, 54];
    const g = undirected(55, src, dst);
    const f = fit(g, { clusters: 2 });
    expect(f.leftOut).toEqual({ nodes: 5, edges: 4 });
    expect(f.analysed.n).toBe(50);
    const B = spectralTask.derive(g, f);
    expect(Array.from(B.subarray(B.length - 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(f.labels.subarray(50))).toEqual([-1, -1, -1, -1, -1]);
    // whole graph: three components ≥ r + 1 = 3 zero eigenvalues → ill-posed, said plainly
    const whole = fit(g, { clusters: 2, component: 'all' });
    expect(whole.wellPosed.illPosed).toBe(true);
    expect(whole.wellPosed.detail).toMatch(/3 connected components/);
    // whole graph with r = 3: the null space is deflated, λ4 > 0, well-posed and right
    const three = fit(g, { clusters: 3, component: 'all' });
    expect(three.wellPosed.illPosed).toBe(false);
    const ref = denseB(g, 3);
    expect(three.values[3]!).toBeCloseTo(ref.values[3]!, three.solver.precision === 'float64' ? 9 : 6);
  });

  it('a refit started from the clean fit (warm start) gives the cold answer to the stated accuracy, with fewer products', () => {
    const rng = new Rng(77);
    const { graph } = sbmGraph(rng, [90, 110, 100, 120], 0.15, 0.01);
    const clean = fit(graph, { clusters: 4 });
    for (const k of [1, 8]) {
      // remove the k edges of largest B (the n2n attack), which moves the spectrum most
      const B = spectralTask.derive(graph, clean);
      const order = Array.from(B.keys()).sort((a, b) => B[b]! - B[a]!).slice(0, k);
      const g2 = removeEdges(graph, order);
      const cold = fit(g2, { clusters: 4 });
      const warm = spectralTask.fit(g2, { seed: 1, options: { clusters: 4 }, warmStart: clean, log: console.log }) as SpectralFit;
      expect(warm.solver.converged).toBe(true);
      for (let t = 0; t <= 4; t++) expect(Math.abs(warm.values[t]! - cold.values[t]!)).toBeLessThan(1e-9 * (1 + cold.values[4]!));
      // the same subspace: B agrees to the sum of the two Davis–Kahan bounds (times ‖u‖ scales)
      const bw = spectralTask.derive(g2, warm);
      const bc = spectralTask.derive(g2, cold);
      const tol = 8 * ((warm.solver.subspaceBound as number) + (cold.solver.subspaceBound as number));
      expect(maxAbsDiff(bw, bc) / maxAbs(bc)).toBeLessThan(tol);
      expect(Array.from(warm.labels)).toEqual(Array.from(cold.labels));
      if (k === 1) expect(warm.solver.iterations).toBeLessThan(cold.solver.iterations);
    }
    // a warm start that does not match (another r) is ignored: the cold answer, bit for bit
    const other = fit(graph, { clusters: 3 });
    const ignored = spectralTask.fit(graph, { seed: 1, options: { clusters: 4 }, warmStart: other }) as SpectralFit;
    expect(Array.from(ignored.U)).toEqual(Array.from(clean.U));
  });

  it('detects an exactly repeated eigenvalue at the cut (a cycle: λ2 = λ3)', () => {
    const n = 300;
    const cyc = undirected(n, [...Array(n).keys()], [...Array(n).keys()].map((i) => (i + 1) % n));
    const f = fit(cyc, { clusters: 2 });
    expect(f.wellPosed.illPosed).toBe(true);
    // r = 3 cuts between the pairs (λ3 = λ2 < λ4 = λ5): well-posed
    const g3 = fit(cyc, { clusters: 3 });
    expect(g3.wellPosed.illPosed).toBe(false);
    expect(g3.values[3]!).toBeCloseTo(2 - 2 * Math.cos((4 * Math.PI) / n), 9);
  });

  it('verify passes (autodiff, finite differences, dense float64) without leaking tensors', () => {
    const rng = new Rng(30);
    const { graph } = sbmGraph(rng, [30, 30, 30], 0.35, 0.03);
    const f = fit(graph, { clusters: 3 });
    const before = tf.memory().numTensors;
    const report = verifySpectral(graph, f, { seed: 1, sample: 6 });
    expect(tf.memory().numTensors).toBe(before);
    expect(report.checks.map((c) => c.name)).toEqual(['autodiff', 'finite difference', 'dense float64', 'dense finite difference']);
    for (const c of report.checks) expect(c.pass, `${c.name}: ${c.worstRelError}`).toBe(true);
  });

  it('clustering distortion is 0 for the same graph and 1 − NMI over the clean nodes after an attack', () => {
    const rng = new Rng(40);
    const { graph } = sbmGraph(rng, [30, 30, 30], 0.3, 0.04);
    const f = fit(graph, { clusters: 3 });
    expect(clusteringDistortion(f, fit(graph, { clusters: 3 }))).toBe(0);
    // cut most of the edges: the largest component shrinks, the clusters change
    const drop = [...graph.edges.src.keys()].filter(() => rng.uniform() < 0.75);
    const after = fit(removeEdges(graph, drop), { clusters: 3 });
    const d = clusteringDistortion(f, after);
    expect(d).toBeGreaterThan(0);
    expect(d).toBeCloseTo(1 - nmi(f.labels, after.labels), 12);
  });

  it('refuses a directed graph and unknown options', () => {
    const g = undirected(3, [0, 1], [1, 2]);
    expect(() => spectralTask.parseOptions({ cluster: 3 })).toThrow(/did you mean 'clusters'/);
    const directed = { ...g, directed: true } as Graph;
    expect(() => fit(directed)).toThrow(/undirected/);
  });
});
