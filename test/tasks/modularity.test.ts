/**
 * The modularity task: Q and ∂Q/∂A against dense float64 references (the modularity matrix
 * written out, perturbed entry pairs), Newman's formula by brute force for hard partitions,
 * Louvain seeded and cross-checked, partition files and their errors, the CLI and an attack.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { modularityTask, modularityParts, pairDerivative, hardPartition, softPartition, readPartition, louvainPartition, type ModularityFit, type Partition } from '../../src/tasks/modularity/index.js';
import { sbmGraph, undirected } from '../helpers/graphs.js';
import { nmi } from '../../src/metrics/nmi.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { buildGraph, type Graph } from '../../src/graph/graph.js';
import { generateGraph } from '../../src/graph/generators/generated.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { parse } from 'yaml';

/** Q of a dense symmetric A (n × n) and memberships R (n × k): Tr(RᵀAR)/M − ‖RᵀA1‖²/M². */
function denseQ(A: Float64Array, n: number, R: Float64Array, k: number): number {
  let M = 0;
  let T = 0;
  const s = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = A[i * n + j]!;
      M += a;
      for (let c = 0; c < k; c++) {
        T += a * R[i * k + c]! * R[j * k + c]!;
        s[c]! += a * R[i * k + c]!;
      }
    }
  }
  return T / M - s.reduce((x, v) => x + v * v, 0) / (M * M);
}

const membership = (p: Partition, n: number): Float64Array => p.soft ?? Float64Array.from({ length: n * p.k }, (_, t) => (p.labels[Math.floor(t / p.k)] === t % p.k ? 1 : 0));

function randomWeighted(rng: Rng, n: number, density: number, loops: boolean): { graph: Graph; A: Float64Array } {
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      if ((i === j && !loops) || rng.uniform() > density) continue;
      const x = 0.5 + rng.uniform();
      src.push(i);
      dst.push(j);
      w.push(x);
      A[i * n + j] = x;
      A[j * n + i] = x;
    }
  }
  const graph = undirected(n, src, dst, w);
  return { graph, A };
}

describe('modularity derivative network', () => {
  it('Q and ∂Q/∂A at every pair (edges, non-edges, self-loops) equal dense float64 central differences, for soft and hard partitions', () => {
    const rng = new Rng(7);
    const n = 24;
    const { graph, A } = randomWeighted(rng, n, 0.25, false);
    const k = 4;
    const soft = softPartition(Float64Array.from({ length: n * k }, () => rng.uniform()), k);
    const hard = hardPartition(Int32Array.from({ length: n }, () => rng.int(k)));
    for (const p of [soft, hard]) {
      const R = membership(p, n);
      const parts = modularityParts(graph.csr, p);
      expect(parts.Q).toBeCloseTo(denseQ(A, n, R, p.k), 13);
      const h = 1e-5;
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const plus = Float64Array.from(A);
          const minus = Float64Array.from(A);
          plus[i * n + j]! += h;
          minus[i * n + j]! -= h;
          if (i !== j) {
            plus[j * n + i]! += h;
            minus[j * n + i]! -= h;
          }
          const fd = (denseQ(plus, n, R, p.k) - denseQ(minus, n, R, p.k)) / (2 * h);
          const b = pairDerivative(parts, p, i, j);
          worst = Math.max(worst, Math.abs(b - fd));
          scale = Math.max(scale, Math.abs(fd));
        }
      }
      expect(worst / scale).toBeLessThan(1e-7);
    }
  });

  it("a hard partition's Q is Newman's modularity, summed by brute force over node pairs (self-loops kept)", () => {
    const rng = new Rng(3);
    const n = 30;
    const src: number[] = [];
    const dst: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) if (rng.uniform() < (i === j ? 0.2 : 0.15)) (src.push(i), dst.push(j));
    const g = buildGraph(Array.from({ length: n }, (_, i) => `n${i}`), { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: new Float64Array(src.length).fill(1) }, { directed: false, weighted: false, selfLoops: 'keep' });
    expect(g.stats.selfLoops).toBeGreaterThan(0);
    const labels = Int32Array.from({ length: n }, () => rng.int(3));
    const p = hardPartition(labels);
    // A as stored: each undirected edge twice, a self-loop once
    const A = new Float64Array(n * n);
    for (let e = 0; e < src.length; e++) {
      A[src[e]! * n + dst[e]!] = 1;
      A[dst[e]! * n + src[e]!] = 1;
    }
    const d = Array.from({ length: n }, (_, i) => A.slice(i * n, i * n + n).reduce((a, b) => a + b, 0));
    const M = d.reduce((a, b) => a + b, 0);
    let q = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (labels[i] === labels[j]) q += A[i * n + j]! - (d[i]! * d[j]!) / M;
    expect(modularityParts(g.csr, p).Q).toBeCloseTo(q / M, 13);
  });

  it('Louvain is seeded (same seed, same communities), finds planted blocks, and its Q is the one graphology reports', () => {
    const { graph, truth } = sbmGraph(new Rng(5), [40, 40, 40, 40], 0.3, 0.01);
    const a = louvainPartition(graph, { seed: 9, resolution: 1 });
    const b = louvainPartition(graph, { seed: 9, resolution: 1 });
    expect(Array.from(a.partition.labels)).toEqual(Array.from(b.partition.labels));
    expect(nmi(a.partition.labels, truth)).toBeGreaterThan(0.95);
    expect(modularityParts(graph.csr, a.partition).Q).toBeCloseTo(a.modularity, 12);
  });

  it('fit from each source; derive and deriveAt agree with pairDerivative; verify passes', async () => {
    const { graph } = sbmGraph(new Rng(8), [30, 30, 30], 0.3, 0.03);
    for (const method of ['louvain', 'spectral'] as const) {
      const fit = (await modularityTask.fitAsync(graph, { seed: 1, options: { method, clusters: 3 } })) as ModularityFit;
      expect(fit.partition.k).toBe(3);
      const B = modularityTask.derive(graph, fit);
      const e = 17;
      expect(B[e]).toBe(pairDerivative(fit.parts, fit.partition, graph.edges.src[e]!, graph.edges.dst[e]!));
      const at = modularityTask.deriveAt!(graph, fit, { src: Int32Array.of(0, 5), dst: Int32Array.of(89, 6) });
      expect(at[0]).toBe(pairDerivative(fit.parts, fit.partition, 0, 89));
      const report = await modularityTask.bind(graph).verify(fit, { seed: 2, sample: 10 });
      expect(report.pass, JSON.stringify(report.checks)).toBe(true);
      expect(report.checks.map((c) => c.name)).toContain('independent Q');
    }
  });
});

describe('partition files', () => {
  const { graph } = sbmGraph(new Rng(1), [4, 4], 0.9, 0.2);
  const dir = tempDir();
  const write = (name: string, text: string) => writeTemp(dir, name, text);

  it('reads hard (with a header, ids renumbered, −1 for no community) and soft partitions', async () => {
    const hard = await readPartition(write('h.tsv', `node\tcluster\n${graph.labels.map((l, i) => `${l}\t${i === 3 ? -1 : 10 + (i % 2) * 5}`).join('\n')}\n`), graph);
    expect(hard.k).toBe(2);
    expect(Array.from(hard.labels)).toEqual([0, 1, 0, -1, 0, 1, 0, 1]);
    const soft = await readPartition(write('s.tsv', graph.labels.map((l, i) => `${l} ${i / 8} ${1 - i / 8} 0`).join('\n')), graph);
    expect(soft.k).toBe(3);
    expect(soft.soft![3 * 3 + 1]).toBeCloseTo(5 / 8, 15);
    expect(soft.labels[7]).toBe(0);
  });

  it('names the file, line and problem for every mismatch', async () => {
    const rows = graph.labels.map((l) => `${l}\t0`);
    await expect(readPartition(write('a.tsv', rows.slice(1).join('\n')), graph)).rejects.toThrow(/a\.tsv: 1 node of the edge list .* has no row: 'n0'/);
    await expect(readPartition(write('b.tsv', [...rows, 'zz\t1'].join('\n')), graph)).rejects.toThrow(/b\.tsv:9: node 'zz' is not in the edge list/);
    await expect(readPartition(write('c.tsv', [...rows, 'n2\t1'].join('\n')), graph)).rejects.toThrow(/c\.tsv:9: node 'n2' already has a row \(line 3\)/);
    await expect(readPartition(write('d.tsv', ['n0\t1.5', ...rows.slice(1)].join('\n')), graph)).rejects.toThrow(/d\.tsv:1: expected a cluster id/);
    await expect(readPartition(write('e.tsv', ['n0 0.5 0.5', 'n1 0.2'].join('\n')), graph)).rejects.toThrow(/e\.tsv:2: expected 3 fields like the first row, got 2/);
    await expect(readPartition(write('f.tsv', ['n0 0.5 -0.5'].join('\n')), graph)).rejects.toThrow(/f\.tsv:1: membership 2: expected a finite number ≥ 0/);
  });
});

describe('n2n derive --task modularity, and a pipeline', () => {
  it('pipeline rows, recomputed by hand: B by dense central differences, the k edges with the largest B removed (ties by input order), Louvain re-run with the seed, Q − Q̃ and 1 − NMI', async () => {
    const dir = tempDir();
    const res = await runPipeline(
      pipelineSchema.parse(
        parse(`
name: mp
dataset: { generator: { kind: sbm, sizes: [20, 20, 20], pIn: 0.3, pOut: 0.03, seed: 3 }, directed: false }
task: { name: modularity }
attacks: [n2n, random]
budgets: [4, 10]
seeds: [5]
backend: cpu
output: ${join(dir, 'mp')}
`),
      ),
    );
    const graph = generateGraph({ kind: 'sbm', sizes: [20, 20, 20], pIn: 0.3, pOut: 0.03, seed: 3 }, false);
    const n = graph.n;
    const dense = (keep: (e: number) => boolean): Float64Array => {
      const A = new Float64Array(n * n);
      graph.edges.src.forEach((i, e) => {
        if (!keep(e)) return;
        A[i * n + graph.edges.dst[e]!] = 1;
        A[graph.edges.dst[e]! * n + i] = 1;
      });
      return A;
    };
    const A = dense(() => true);
    const clean = louvainPartition(graph, { seed: 5, resolution: 1 }).partition;
    const R = membership(clean, n);
    const h = 1e-5;
    const B = Array.from(graph.edges.src, (i, e) => {
      const j = graph.edges.dst[e]!;
      const plus = Float64Array.from(A);
      const minus = Float64Array.from(A);
      for (const [a, b] of [[i, j], [j, i]] as const) {
        plus[a * n + b]! += h;
        minus[a * n + b]! -= h;
      }
      return (denseQ(plus, n, R, clean.k) - denseQ(minus, n, R, clean.k)) / (2 * h);
    });
    // a hard partition gives exact ties (B depends on the two communities only): round away the differences' noise
    const scale = Math.max(...B.map(Math.abs));
    const Br = B.map((b) => Math.round((b / scale) * 1e7));
    const order = Br.map((_, e) => e).sort((a, b) => Br[b]! - Br[a]! || a - b);
    for (const k of [4, 10]) {
      const gone = new Set(order.slice(0, k));
      const kept = Array.from(graph.edges.src.keys()).filter((e) => !gone.has(e));
      const g2 = undirected(n, kept.map((e) => graph.edges.src[e]!), kept.map((e) => graph.edges.dst[e]!));
      const after = louvainPartition(g2, { seed: 5, resolution: 1 }).partition;
      const row = (m: string) => res.rows.find((r) => r.attack === 'n2n' && r.budget === k && r.metric === m)!.value;
      expect(row('modularity-drop')).toBeCloseTo(denseQ(A, n, R, clean.k) - denseQ(dense((e) => !gone.has(e)), n, membership(after, n), after.k), 10);
      expect(row('partition-change')).toBeCloseTo(1 - nmi(clean.labels, after.labels), 12);
    }
    expect(res.rows.some((r) => r.attack === 'random' && r.metric === 'modularity-drop')).toBe(true);
  });

  it('--largest-component (dataset.largestComponent) keeps the largest connected component, labels as in the input; refused for ratings', async () => {
    const dir = tempDir();
    // two triangles joined by an edge (6 nodes, 7 edges) and a separate edge
    const edges = writeTemp(dir, 'two.txt', 'a b\nb c\nc a\nc d\nd e\ne f\nf d\nx y\n');
    const out = join(dir, 'L.tsv');
    const r = await runCli(['derive', '--task', 'modularity', '--largest-component', '--input', edges, '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/largest connected component: 6 of 8 nodes, 7 of 8 edges \(2 components\)/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(lines.length).toBe(7);
    expect(lines.some((l) => l.startsWith('x\t'))).toBe(false);
    const res = await runPipeline(
      pipelineSchema.parse(parse(`name: lc\ndataset: { path: ${edges}, directed: false, largestComponent: true }\ntask: { name: modularity }\nattacks: [n2n]\nbudgets: [1]\nbackend: cpu\noutput: ${join(dir, 'lc')}\n`)),
    );
    expect(res.rows.length).toBeGreaterThan(0);
    const bad = await runCli(['derive', '--task', 'completion', '--largest-component', '--input', edges, '--out', join(dir, 'c.tsv')]);
    expect(bad.err).toMatch(/--largest-component: task 'completion' reads a rating matrix/);
  });

  it('derives with a partition file and at --pairs, and writes the communities', async () => {
    const { graph, truth } = sbmGraph(new Rng(4), [25, 25, 25], 0.35, 0.03);
    const dir = tempDir();
    const edges = writeTemp(dir, 'g.txt', Array.from(graph.edges.src, (s, e) => `${graph.labels[s]} ${graph.labels[graph.edges.dst[e]!]}`).join('\n'));
    const part = writeTemp(dir, 'p.tsv', graph.labels.map((l, i) => `${l}\t${truth[i]}`).join('\n'));
    const out = join(dir, 'B.tsv');
    const r = await runCli(['derive', '--task', 'modularity', '--input', edges, '--partition', part, '--out', out, '--clusters-out', join(dir, 'c.tsv')]);
    expect(r.code, r.err).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBe(graph.edges.src.length + 1);
    // an edge inside a block raises Q, one across lowers it (the planted partition)
    const p = hardPartition(truth);
    const parts = modularityParts(graph.csr, p);
    for (const line of lines.slice(1, 30)) {
      const [a, b, score] = line.split('\t');
      const i = graph.labels.indexOf(a!);
      const j = graph.labels.indexOf(b!);
      expect(Number(score)).toBeCloseTo(pairDerivative(parts, p, i, j), 9);
      expect(Number(score) > 0).toBe(truth[i] === truth[j]);
    }
    expect(readFileSync(join(dir, 'c.tsv'), 'utf8').split('\n')[1]).toMatch(/^n0\t0$/);
    const pairs = writeTemp(dir, 'pairs.txt', 'n0 n1\nn0 n70\n');
    const rp = await runCli(['derive', '--task', 'modularity', '--input', edges, '--partition', part, '--pairs', pairs, '--out', join(dir, 'P.tsv')]);
    expect(rp.code, rp.err).toBe(0);
    const [, inside, across] = readFileSync(join(dir, 'P.tsv'), 'utf8').trim().split('\n');
    expect(Number(inside!.split('\t')[2])).toBeCloseTo(pairDerivative(parts, p, 0, 1), 9);
    expect(Number(across!.split('\t')[2])).toBeCloseTo(pairDerivative(parts, p, 0, 70), 9);
  });
});
