/**
 * GCRF: node tables, μ and B against a dense float64 reference (Gaussian elimination, written
 * here) and finite differences at edges and non-edges, CG against dense, the exact training
 * likelihood and its gradients, and the derive and verify commands.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gcrfTask, eigenbasis, eigenLikelihood, trainExact, trainStochastic, type GcrfFit } from '../../src/tasks/gcrf/index.js';
import { lanczosQuadrature, quadratureTrace } from '../../src/solvers/slq.js';
import { hostSpace } from '../../src/solvers/host-space.js';
import { readNodeTable } from '../../src/graph/node-table.js';
import { generateAttributed } from '../../src/graph/generators/generated.js';
import type { AttributedGraph } from '../../src/graph/attributed.js';
import { buildGraph } from '../../src/graph/graph.js';
import { luSolve, maxAbs } from '../helpers/dense.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runCli } from '../helpers/cli.js';
import { Rng } from '../../src/util/rng.js';
import { setDeviceFirst } from '../../src/backend/placement.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { parse } from 'yaml';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Dense Q = αI + β(diag(S1) − S) from the weighted edges (self-loops ignored). */
function denseQ(data: AttributedGraph, alpha: number, beta: number): Float64Array {
  const { graph } = data;
  const n = graph.n;
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = alpha;
  graph.edges.src.forEach((i, e) => {
    const j = graph.edges.dst[e]!;
    if (i === j) return;
    const w = beta * graph.edges.weight[e]!;
    Q[i * n + i]! += w;
    Q[j * n + j]! += w;
    Q[i * n + j]! -= w;
    Q[j * n + i]! -= w;
  });
  return Q;
}

/** μ by Gaussian elimination, with S_ij moved by δ (both orientations). */
function denseMu(data: AttributedGraph, alpha: number, beta: number, i = 0, j = 0, delta = 0): Float64Array {
  const n = data.graph.n;
  const Q = denseQ(data, alpha, beta);
  if (i !== j) {
    Q[i * n + i]! += beta * delta;
    Q[j * n + j]! += beta * delta;
    Q[i * n + j]! -= beta * delta;
    Q[j * n + i]! -= beta * delta;
  }
  const b = Float64Array.from(data.R[0]!, (r) => alpha * r);
  return luSolve(Q, b, n).x;
}

const objectives = {
  mse: (mu: Float64Array, y: Float64Array) => mu.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0) / mu.length,
  norm: (mu: Float64Array) => mu.reduce((s, v) => s + v * v, 0),
  'node:7': (mu: Float64Array) => mu[7]!,
} as const;

describe('gcrf', () => {
  const data = generateAttributed({ kind: 'gcrf', n: 60, degree: 5, alphaStar: 1, betaStar: 5, noise: 0.33, seed: 3 });

  for (const [name, fRef] of Object.entries(objectives)) {
    it(`${name}: μ equals a dense solve; B at edges and deriveAt at non-edges equal central differences of the dense f`, () => {
      const alpha = 0.7;
      const beta = 2.5;
      const fit = gcrfTask.fit(data, { seed: 1, options: { alpha, beta, objective: name } });
      const mu = denseMu(data, alpha, beta);
      expect(maxAbs(fit.mu.map((v, i) => v - mu[i]!))).toBeLessThan(1e-10 * maxAbs(mu));
      const f = (m: Float64Array) => fRef(m, data.y!);
      expect(fit.objective).toBeCloseTo(f(mu), 10);
      const B = gcrfTask.derive(data, fit);
      const { graph } = data;
      const rng = new Rng(5);
      const pairs: [number, number][] = [];
      for (let t = 0; t < 6; t++) {
        const e = rng.int(graph.edges.src.length);
        pairs.push([graph.edges.src[e]!, graph.edges.dst[e]!]);
      }
      while (pairs.length < 12) {
        const i = rng.int(60);
        const j = rng.int(60);
        if (i !== j && graph.csr.find(i, j) < 0) pairs.push([i, j]);
      }
      const at = gcrfTask.deriveAt!(data, fit, { src: Int32Array.from(pairs, (p) => p[0]), dst: Int32Array.from(pairs, (p) => p[1]) });
      const h = 1e-5;
      const scale = Math.max(maxAbs(B), 1e-12);
      pairs.forEach(([i, j], t) => {
        const fd = (f(denseMu(data, alpha, beta, i, j, h)) - f(denseMu(data, alpha, beta, i, j, -h))) / (2 * h);
        expect(Math.abs(at[t]! - fd) / scale, `${i}-${j}`).toBeLessThan(1e-6);
      });
      // at the edges, derive and deriveAt agree
      expect(Array.from(gcrfTask.deriveAt!(data, fit, graph.edges))).toEqual(Array.from(B));
    });
  }

  it('conjugate gradients give the dense Cholesky answer; float32-first on the device is refined to it', () => {
    const dense = gcrfTask.fit(data, { seed: 1, options: { solver: 'dense', beta: 3 } });
    const cg = gcrfTask.fit(data, { seed: 1, options: { solver: 'cg', beta: 3 } });
    setDeviceFirst(true);
    const refined = gcrfTask.fit(data, { seed: 1, options: { solver: 'cg', beta: 3, precision: 'auto' } });
    setDeviceFirst(null);
    expect((refined.solver.stages as unknown[][])[0]!.map((s) => (s as { precision: string }).precision)).toEqual(['float32', 'float64']);
    expect(cg.solver.converged).toBe(true);
    expect(cg.solver.residual).toBeLessThan(1e-9);
    const Bd = gcrfTask.derive(data, dense);
    for (const f of [cg, refined]) expect(maxAbs(gcrfTask.derive(data, f).map((v, e) => v - Bd[e]!))).toBeLessThan(1e-8 * maxAbs(Bd));
    const f32 = gcrfTask.fit(data, { seed: 1, options: { solver: 'cg', beta: 3, precision: 'float32' } });
    expect(f32.solver.precision).toBe('float32');
    expect(maxAbs(gcrfTask.derive(data, f32).map((v, e) => v - Bd[e]!))).toBeLessThan(1e-3 * maxAbs(Bd));
  });

  it('training: the eigenbasis likelihood equals −(y−μ)ᵀQ(y−μ) + ½log|Q| up to a constant, its gradients equal central differences, and the trained (α, β) is a maximum', () => {
    const e = eigenbasis(data);
    const y = data.y!;
    const n = data.graph.n;
    const llDense = (alpha: number, beta: number): number => {
      const Q = denseQ(data, alpha, beta);
      const mu = denseMu(data, alpha, beta);
      const d = y.map((v, i) => v - mu[i]!);
      let quad = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) quad += d[i]! * Q[i * n + j]! * d[j]!;
      return -quad + 0.5 * luSolve(Q, new Float64Array(n), n).logAbsDet;
    };
    const c0 = eigenLikelihood(e, Float64Array.of(1), 1).ll - llDense(1, 1);
    for (const [a, b] of [[0.3, 4], [2, 0.5]] as const) expect(eigenLikelihood(e, Float64Array.of(a), b).ll - llDense(a, b)).toBeCloseTo(c0, 7);
    const h = 1e-6;
    const g = eigenLikelihood(e, Float64Array.of(0.4), 3);
    const da = (eigenLikelihood(e, Float64Array.of(0.4 + h), 3).ll - eigenLikelihood(e, Float64Array.of(0.4 - h), 3).ll) / (2 * h);
    const db = (eigenLikelihood(e, Float64Array.of(0.4), 3 + h).ll - eigenLikelihood(e, Float64Array.of(0.4), 3 - h).ll) / (2 * h);
    expect(g.dAlpha[0]!).toBeCloseTo(da, 4);
    expect(g.dBeta).toBeCloseTo(db, 4);
    const fit: GcrfFit = gcrfTask.fit(data, { seed: 1, options: { fit: true } });
    expect(fit.training!.converged).toBe(true);
    const best = llDense(fit.alpha[0]!, fit.beta);
    for (const [fa, fb] of [[1.05, 1], [0.95, 1], [1, 1.05], [1, 0.95]]) expect(llDense(fit.alpha[0]! * fa, fit.beta * fb)).toBeLessThan(best);
    // the generator's truth is β*/α* = 5; one graph of 60 nodes puts the estimate near it
    expect(fit.beta / fit.alpha[0]!).toBeGreaterThan(2);
    expect(fit.beta / fit.alpha[0]!).toBeLessThan(12);
    expect(() => gcrfTask.fit(data, { seed: 1, options: { fit: true, beta: 2 } })).toThrow(/either alpha and beta, or fit/);
  });

  it('stochastic Lanczos quadrature: log|Q| and tr Q⁻¹ of a graph Laplacian within 1% of the dense eigenvalues; SLQ training lands on the exact optimum', () => {
    const e = eigenbasis(data);
    const n = data.graph.n;
    const L = denseQ(data, 0, 1); // α = 0, β = 1: L itself
    const op = { size: n, apply: (x: Float64Array) => Float64Array.from({ length: n }, (_, i) => { let s = 0; for (let j = 0; j < n; j++) s += L[i * n + j]! * x[j]!; return s; }) };
    const q = lanczosQuadrature(op, hostSpace, { probes: 400, steps: 30, seed: 2 });
    for (const [a, b] of [[0.5, 2], [2, 0.3]] as const) {
      const exactLog = e.lambda.reduce((s, l) => s + Math.log(a + b * Math.max(l, 0)), 0);
      const exactInv = e.lambda.reduce((s, l) => s + 1 / (a + b * Math.max(l, 0)), 0);
      expect(Math.abs(quadratureTrace(q, (t) => Math.log(a + b * Math.max(t, 0))) / exactLog - 1)).toBeLessThan(0.01);
      expect(Math.abs(quadratureTrace(q, (t) => 1 / (a + b * Math.max(t, 0))) / exactInv - 1)).toBeLessThan(0.01);
    }
    const exact = trainExact(data);
    const slq = trainStochastic(data, { probes: 64, steps: 40, seed: 1 });
    expect(slq.converged).toBe(true);
    expect(Math.abs(slq.alpha[0]! / exact.alpha[0]! - 1)).toBeLessThan(0.05);
    expect(Math.abs(slq.beta / exact.beta - 1)).toBeLessThan(0.05);
  });

  it('node tables: labels matched to the edge list in any order; every mismatch names the file and line', async () => {
    const g = buildGraph(['a', 'b', 'c'], { src: Int32Array.of(0, 1), dst: Int32Array.of(1, 2), weight: Float64Array.of(1, 1) }, { directed: false, source: 'e.tsv' });
    const ok = await readNodeTable(writeTemp(dir, 'ok.tsv', 'node\tr1\ty\tr2\nc\t3\t30\t-3\na\t1\t10\t-1\nb\t2\t20\t-2\n'), g);
    expect(Array.from(ok.y!)).toEqual([10, 20, 30]);
    expect(ok.predictors).toEqual(['r1', 'r2']);
    expect(Array.from(ok.R[1]!)).toEqual([-1, -2, -3]);
    const noY = await readNodeTable(writeTemp(dir, 'noy.csv', 'id,r\na,1\nb,2\nc,3\n'), g);
    expect(noY.y).toBeNull();
    const bad: [string, RegExp][] = [
      ['node\ty\tr1\na\t1\t2\nz\t1\t2\n', /bad\.tsv:3: node 'z' is not in the edge list e\.tsv/],
      ['node\ty\tr1\na\t1\t2\na\t1\t2\n', /bad\.tsv:3: node 'a' already has a row \(line 2\)/],
      ['node\ty\tr1\na\t1\tx\n', /bad\.tsv:2: column 'r1': expected a finite number, got 'x'/],
      ['node\ty\tr1\na\t1\n', /bad\.tsv:2: expected 3 fields/],
      ['node\ty\tr1\na\t1\t2\n', /bad\.tsv: 2 nodes of the edge list e\.tsv have no row: 'b', 'c'/],
      ['node\ty\n', /bad\.tsv:1: no predictor column/],
      ['a\t1\t2\nb\t1\t2\nc\t1\t2\n', /bad\.tsv:1: the first line looks like data/],
    ];
    for (const [text, err] of bad) await expect(readNodeTable(writeTemp(dir, 'bad.tsv', text), g)).rejects.toThrow(err);
  });

  it('the commands: derive with --nodes (edges and --pairs), verify passes, and the refusals say what is missing', async () => {
    const edges = writeTemp(dir, 'g.tsv', Array.from(data.graph.edges.src, (s, e) => `${s}\t${data.graph.edges.dst[e]}\t${data.graph.edges.weight[e]}`).join('\n') + '\n');
    const nodes = writeTemp(dir, 'n.tsv', 'node\ty\tr1\n' + Array.from({ length: 60 }, (_, i) => `${i}\t${data.y![i]}\t${data.R[0]![i]}`).join('\n') + '\n');
    const pairs = writeTemp(dir, 'p.tsv', '0 1\n2 50\n');
    const out = join(dir, 'B.tsv');
    const d = await runCli(['derive', '--task', 'gcrf', '-i', edges, '--nodes', nodes, '--weighted', '--beta', '2', '--pairs', pairs, '-o', out, '--backend', 'cpu']);
    expect(d.err).toMatch(/wrote 2 pairs/);
    expect(d.code).toBe(0);
    const v = await runCli(['verify', '--task', 'gcrf', '-i', edges, '--nodes', nodes, '--weighted', '--objective', 'node:4', '--backend', 'cpu', '--sample', '4']);
    expect(v.out).toMatch(/all checks passed/);
    expect(v.code).toBe(0);
    const noNodes = await runCli(['derive', '--task', 'gcrf', '-i', edges, '-o', out, '--backend', 'cpu']);
    expect(noNodes.err).toMatch(/--nodes: task 'gcrf' reads a node table/);
    const hits = await runCli(['derive', '--task', 'hits', '-i', edges, '--nodes', nodes, '-o', out, '--backend', 'cpu']);
    expect(hits.err).toMatch(/--nodes: task 'hits' reads a graph without node values/);
    const unknown = await runCli(['derive', '--task', 'gcrf', '-i', edges, '--nodes', nodes, '--objective', 'node:x9', '-o', out, '--backend', 'cpu']);
    expect(unknown.err).toMatch(/no node 'x9' in the graph/);
  });

  it('a pipeline reads an attributed graph from files: dataset.path and dataset.nodes', async () => {
    const edges = writeTemp(dir, 'pe.tsv', Array.from(data.graph.edges.src, (a, e) => `${a}\t${data.graph.edges.dst[e]}\t${data.graph.edges.weight[e]}`).join('\n') + '\n');
    const nodes = writeTemp(dir, 'pn.tsv', 'node\ty\tr1\n' + Array.from({ length: 60 }, (_, i) => `${i}\t${data.y![i]}\t${data.R[0]![i]}`).join('\n') + '\n');
    const res = await runPipeline(
      pipelineSchema.parse(parse(`name: pf\ndataset: { path: ${edges}, nodes: ${nodes}, weighted: true }\ntask: { name: gcrf, beta: 2 }\nattacks: [n2n]\nbudgets: [3]\nbackend: cpu\noutput: ${join(dir, 'pf')}\n`)),
    );
    // the same rows as the generated data gives (same graph, same values)
    const gen = await runPipeline(
      pipelineSchema.parse(parse(`name: pg\ndataset: { generator: { kind: gcrf, n: 60, degree: 5, seed: 3 } }\ntask: { name: gcrf, beta: 2 }\nattacks: [n2n]\nbudgets: [3]\nbackend: cpu\noutput: ${join(dir, 'pg')}\n`)),
    );
    expect(res.rows.map((r) => r.value)).toEqual(gen.rows.map((r) => r.value).map((v) => expect.closeTo(v, 12)));
    const bad = pipelineSchema.parse(parse(`name: pb\ndataset: { path: ${edges} }\ntask: { name: gcrf }\nattacks: [n2n]\nbudgets: [1]\nbackend: cpu\noutput: ${join(dir, 'pb')}\n`));
    await expect(runPipeline(bad)).rejects.toThrow(/dataset\.nodes: task 'gcrf' reads a node table/);
  });

  it('pipeline rows, recomputed by hand: B by dense solves, the k edges with the most negative B removed (ties by input order), refit, MSE change and shift', async () => {
    const out = join(dir, 'gcrf-pipe');
    const res = await runPipeline(
      pipelineSchema.parse(
        parse(`
name: gp
dataset: { generator: { kind: gcrf, n: 40, degree: 4, seed: 2 } }
task: { name: gcrf, alpha: 0.5, beta: 2 }
attacks: [{ name: n2n, sign: -1 }, { name: n2n, sign: -1, direction: add, candidates: { sample: 100 } }]
budgets: [2, 5]
backend: cpu
output: ${out}
`),
      ),
    );
    const d = generateAttributed({ kind: 'gcrf', n: 40, degree: 4, alphaStar: 1, betaStar: 5, noise: 0.33, seed: 2 });
    const { graph } = d;
    const y = d.y!;
    const mse = (mu: Float64Array) => mu.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0) / mu.length;
    const solve = (src: number[], dst: number[], w: number[]): Float64Array => {
      const g: AttributedGraph = { ...d, graph: buildGraph(graph.labels, { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: Float64Array.from(w) }, { directed: false, weighted: true }) };
      return denseMu(g, 0.5, 2);
    };
    const src = Array.from(graph.edges.src);
    const dst = Array.from(graph.edges.dst);
    const w = Array.from(graph.edges.weight);
    const mu = solve(src, dst, w);
    const Q = denseQ(d, 0.5, 2);
    const z = luSolve(Q, mu.map((v, i) => (2 * (v - y[i]!)) / 40), 40).x;
    const B = src.map((i, e) => -2 * (z[i]! - z[dst[e]!]!) * (mu[i]! - mu[dst[e]!]!));
    const order = B.map((_, e) => e).sort((a, b) => B[a]! - B[b]! || a - b); // most negative first
    for (const k of [2, 5]) {
      const keep = new Set(order.slice(0, k));
      const kept = src.map((_, e) => e).filter((e) => !keep.has(e));
      const mu2 = solve(kept.map((e) => src[e]!), kept.map((e) => dst[e]!), kept.map((e) => w[e]!));
      const row = (m: string) => res.rows.find((r) => r.attack === 'n2n-neg' && r.budget === k && r.metric === m)!.value;
      expect(row('gcrf-mse-change')).toBeCloseTo(mse(mu2) - mse(mu), 9);
      expect(row('gcrf-prediction-shift')).toBeCloseTo(Math.sqrt(mu.reduce((s, v, i) => s + (v - mu2[i]!) ** 2, 0)), 9);
    }
    // removing what −B ranks first raises the error
    expect(res.rows.find((r) => r.attack === 'n2n-neg' && r.budget === 5 && r.metric === 'gcrf-mse-change')!.value).toBeGreaterThan(0);
    expect(res.rows.some((r) => r.attack === 'n2n-neg-add')).toBe(true);
  });
});
