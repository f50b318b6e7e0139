/**
 * The clusternet task: seeded training recovers planted communities; the derivative network
 * (autodiff through the GCN, the IFT k-means layer and the modularity) against float64 central
 * differences of a separately written forward pass, at edges and at a non-edge, for a soft
 * (β = 10) and a saturated (β = 30) temperature; below the clustering transition (β = 8 here) the fixed point collapses and the fit says so; features files and their errors.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { clusternetTask, hostObjective, readFeatures, type ClusterNetFit } from '../../src/tasks/clusternet/index.js';
import { Csr } from '../../src/graph/csr.js';
import { nmi } from '../../src/metrics/nmi.js';
import { nearestFacilityHops, sbmGraph } from '../helpers/graphs.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { generateGraph } from '../../src/graph/generators/generated.js';
import { inducedSubgraph, removeEdges } from '../../src/graph/graph.js';

const { graph, truth } = sbmGraph(new Rng(31), [25, 25, 25], 0.3, 0.02);
const fitWith = (options: Record<string, unknown>, seed = 1) => clusternetTask.fitAsync(graph, { seed, options: { clusters: 3, iterations: 40, ...options } });

/** The same matrix with an extra symmetric entry (i, j) of value w (a non-edge made an edge). */
function withPair(csr: Csr, i: number, j: number, w: number): Csr {
  const rows: [number, number][][] = Array.from({ length: csr.nRows }, (_, r) => {
    const out: [number, number][] = [];
    for (let p = csr.rowPtr[r]!; p < csr.rowPtr[r + 1]!; p++) out.push([csr.colIdx[p]!, csr.values[p]!]);
    return out;
  });
  rows[i]!.push([j, w]);
  rows[j]!.push([i, w]);
  rows.forEach((r) => r.sort((a, b) => a[0] - b[0]));
  const rowPtr = new Int32Array(csr.nRows + 1);
  rows.forEach((r, k) => (rowPtr[k + 1] = rowPtr[k]! + r.length));
  return new Csr(csr.nRows, csr.nCols, rowPtr, Int32Array.from(rows.flat().map((e) => e[0])), Float64Array.from(rows.flat().map((e) => e[1])));
}

describe('clusternet task', () => {
  it('training is seeded (same seed, same communities and objective) and finds the planted blocks', async () => {
    const a = (await fitWith({})) as ClusterNetFit;
    const b = (await fitWith({})) as ClusterNetFit;
    expect(b.objective).toBe(a.objective);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(nmi(a.labels, truth)).toBeGreaterThan(0.9);
    expect(a.wellPosed.illPosed).toBe(false);
    expect(a.solver.converged).toBe(true);
    clusternetTask.dispose(a);
    clusternetTask.dispose(b);
  });

  for (const clusterTemp of [10, 30]) {
    it(`β = ${clusterTemp}: B at edges and at a non-edge equals float64 central differences of the whole forward pass`, async () => {
      const fit = (await fitWith({ clusterTemp })) as ClusterNetFit;
      const B = clusternetTask.derive(graph, fit);
      const scale = Math.max(...Array.from(B, Math.abs));
      const h = 1e-4;
      for (const e of [0, 17, 101, graph.edges.src.length - 1]) {
        const [i, j] = [graph.edges.src[e]!, graph.edges.dst[e]!];
        const p = graph.csr.find(i, j);
        const q = graph.csr.find(j, i);
        const at = (d: number) => {
          const v = Float64Array.from(graph.csr.values);
          v[p]! += d;
          v[q]! += d;
          return hostObjective(graph.csr.withValues(v), fit);
        };
        expect(Math.abs(B[e]! - (at(h) - at(-h)) / (2 * h)) / scale).toBeLessThan(1e-3);
      }
      // a non-edge: the derivative of inserting it
      let [i, j] = [0, 74];
      while (graph.csr.find(i, j) >= 0) j--;
      const at = clusternetTask.deriveAt!(graph, fit, { src: Int32Array.of(i, graph.edges.src[5]!), dst: Int32Array.of(j, graph.edges.dst[5]!) });
      const fd = (hostObjective(withPair(graph.csr, i, j, h), fit) - hostObjective(withPair(graph.csr, i, j, -h), fit)) / (2 * h);
      expect(Math.abs(at[0]! - fd) / scale).toBeLessThan(1e-3);
      expect(at[1]).toBeCloseTo(B[5]!, 6);
      const report = await clusternetTask.bind(graph).verify(fit, { seed: 3, sample: 4 });
      expect(report.pass, JSON.stringify(report.checks)).toBe(true);
      clusternetTask.dispose(fit);
    });
  }

  it('β = 8: the soft k-means fixed point collapses to the mean (f ≈ 0), and the fit says so', async () => {
    const logs: string[] = [];
    const fit = (await clusternetTask.fitAsync(graph, { seed: 1, options: { clusters: 3, iterations: 40, clusterTemp: 8 }, log: (m) => logs.push(m) })) as ClusterNetFit;
    expect(fit.collapsed).toBe(true);
    expect(Math.abs(fit.objective)).toBeLessThan(1e-9);
    expect(logs.join('\n')).toMatch(/trivial fixed point.*raise --cluster-temp/);
    clusternetTask.dispose(fit);
  });

  it('pipeline rows, recomputed by hand: B of the trained pipeline, the k largest removed (ties by input order), ClusterNet retrained with the seed, Q − Q̃ and 1 − NMI', async () => {
    const dir = tempDir();
    const res = await runPipeline(
      pipelineSchema.parse(
        parse(`
name: cp
dataset: { generator: { kind: sbm, sizes: [15, 15, 15], pIn: 0.4, pOut: 0.03, seed: 2 }, directed: false }
task: { name: clusternet, clusters: 3, iterations: 20 }
attacks: [n2n]
budgets: [3]
seeds: [4]
backend: cpu
output: ${join(dir, 'cp')}
`),
      ),
    );
    const g = generateGraph({ kind: 'sbm', sizes: [15, 15, 15], pIn: 0.4, pOut: 0.03, seed: 2 }, false);
    const options = { clusters: 3, iterations: 20 };
    const clean = (await clusternetTask.fitAsync(g, { seed: 4, options })) as ClusterNetFit;
    const B = clusternetTask.derive(g, clean);
    const order = Array.from(B.keys()).sort((a, b) => B[b]! - B[a]! || a - b);
    const gone = new Set(order.slice(0, 3));
    const g2 = removeEdges(g, gone);
    const after = (await clusternetTask.fitAsync(g2, { seed: 4, options })) as ClusterNetFit;
    const row = (m: string) => res.rows.find((r) => r.metric === m)!.value;
    expect(clean.hardModularity - after.hardModularity).toBeGreaterThan(0); // removing what B ranks first lowers Q
    expect(row('clusternet-modularity-drop')).toBeCloseTo(clean.hardModularity - after.hardModularity, 10);
    expect(row('clusternet-partition-change')).toBeCloseTo(1 - nmi(clean.labels, after.labels), 10);
    clusternetTask.dispose(clean);
    clusternetTask.dispose(after);
  });

  it('k-center pipeline rows, recomputed by hand: the k-center metrics by default (the k-center value by BFS before and after, the share of facilities moved); a modularity metric refused with the reason', async () => {
    const dir = tempDir();
    const yaml = (metrics: string) => `
name: kp
dataset: { generator: { kind: sbm, sizes: [15, 15, 15], pIn: 0.2, pOut: 0.02, seed: 2 }, directed: false }
task: { name: clusternet, objective: kcenter, clusters: 3, iterations: 10 }
attacks: [n2n]
budgets: [20]
seeds: [4]
backend: cpu
${metrics}
output: ${join(dir, 'kp')}
`;
    const res = await runPipeline(pipelineSchema.parse(parse(yaml(''))));
    expect([...new Set(res.rows.map((r) => r.metric))].sort()).toEqual(['clusternet-facilities-moved', 'clusternet-kcenter-increase']);
    const g = generateGraph({ kind: 'sbm', sizes: [15, 15, 15], pIn: 0.2, pOut: 0.02, seed: 2 }, false);
    const options = { objective: 'kcenter', clusters: 3, iterations: 10 };
    const clean = (await clusternetTask.fitAsync(g, { seed: 4, options })) as ClusterNetFit;
    const B = clusternetTask.derive(g, clean);
    const order = Array.from(B.keys()).sort((a, b) => B[b]! - B[a]! || a - b);
    const g2 = removeEdges(g, new Set(order.slice(0, 20)));
    const after = (await clusternetTask.fitAsync(g2, { seed: 4, options })) as ClusterNetFit;
    // the k-center value by BFS; a node no facility reaches counts as the graph's diameter (its largest finite distance)
    const value = (csr: typeof g.csr, f: Int32Array) => {
      const near = nearestFacilityHops(csr, f);
      const diameter = Math.max(...Array.from({ length: csr.nRows }, (_, i) => Math.max(...nearestFacilityHops(csr, [i]))));
      return Math.max(...near, near.includes(-1) ? diameter : 0);
    };
    const before = Array.from(clean.kcenter!.facilities);
    const moved = 1 - Array.from(after.kcenter!.facilities).filter((f) => before.includes(f)).length / 3;
    const row = (m: string) => res.rows.find((r) => r.metric === m)!.value;
    expect(row('clusternet-kcenter-increase')).toBe(value(g2.csr, after.kcenter!.facilities) - value(g.csr, clean.kcenter!.facilities));
    expect(row('clusternet-facilities-moved')).toBeCloseTo(moved, 12);
    clusternetTask.dispose(clean);
    clusternetTask.dispose(after);
    await expect(runPipeline(pipelineSchema.parse(parse(yaml('metrics: [clusternet-modularity-drop]'))))).rejects.toThrow(/metric 'clusternet-modularity-drop': it measures ClusterNet trained for modularity; this run trains for kcenter/);
  });

  it('k-center: exactly K facilities by pipage rounding, their k-center value recomputed by brute force, and B against float64 central differences (distances held)', async () => {
    const fit = (await clusternetTask.fitAsync(graph, { seed: 2, options: { objective: 'kcenter', clusters: 3, iterations: 30 } })) as ClusterNetFit;
    const kc = fit.kcenter!;
    expect(kc.facilities.length).toBe(3);
    // the hop distance from every node to its nearest facility, by BFS from the facilities
    const near = nearestFacilityHops(graph.csr, kc.facilities);
    expect(kc.value).toBe(Math.max(...near));
    const B = clusternetTask.derive(graph, fit);
    const scale = Math.max(...Array.from(B, Math.abs));
    const h = 1e-4;
    for (const e of [3, 60, 140]) {
      const [i, j] = [graph.edges.src[e]!, graph.edges.dst[e]!];
      const at = (d: number) => {
        const v = Float64Array.from(graph.csr.values);
        v[graph.csr.find(i, j)]! += d;
        v[graph.csr.find(j, i)]! += d;
        return hostObjective(graph.csr.withValues(v), fit);
      };
      expect(Math.abs(B[e]! - (at(h) - at(-h)) / (2 * h)) / scale).toBeLessThan(1e-3);
    }
    clusternetTask.dispose(fit);
  });

  it('reads .content features (a trailing class label dropped) and says what is wrong with a bad file', async () => {
    const dir = tempDir();
    const g = sbmGraph(new Rng(2), [3, 3], 0.9, 0.1).graph;
    const rows = g.labels.map((l, i) => `${l} ${i} ${i / 2} class${i % 2}`);
    const f = await readFeatures(writeTemp(dir, 'f.content', rows.join('\n')), g);
    expect(f.count).toBe(2);
    expect(f.values[5 * 2 + 1]).toBe(2.5);
    await expect(readFeatures(writeTemp(dir, 'a.content', rows.slice(1).join('\n')), g)).rejects.toThrow(/a\.content: 1 node of the edge list .* has no row: 'n0'/);
    await expect(readFeatures(writeTemp(dir, 'b.content', [...rows.slice(0, 2), 'n2 1 x', ...rows.slice(3)].join('\n')), g)).rejects.toThrow(/b\.content:3: expected 2 feature values like the first row, got 1/);
    await expect(readFeatures(writeTemp(dir, 'c.content', [...rows, 'n9 1 2'].join('\n')), g)).rejects.toThrow(/c\.content:7: node 'n9' is not in the edge list/);
     // a component of the file's graph: rows of the other nodes are skipped, every node of the component still needs one
    const keep = Uint8Array.from({ length: g.n }, (_, i) => (i < 4 ? 1 : 0));
    const part = inducedSubgraph(g, keep).graph;
    const fp = await readFeatures(writeTemp(dir, 'p.content', rows.join('\n')), part);
    expect([fp.count, fp.skipped]).toEqual([2, 2]);
    expect(Array.from(fp.values)).toEqual([0, 0, 1, 0.5, 2, 1, 3, 1.5]);
    await expect(readFeatures(writeTemp(dir, 'q.content', rows.slice(1).join('\n')), part)).rejects.toThrow(/q\.content: 1 node of the edge list .* has no row: 'n0'/);
  });
});
