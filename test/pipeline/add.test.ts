/** The add direction: explicit edits, candidate non-edges, and pipeline rows recomputed from a dense reference. */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateGraph } from '../../src/graph/generators/generated.js';
import { buildGraph, type Graph } from '../../src/graph/graph.js';
import { applyEdit, checkEdit } from '../../src/graph/edit.js';
import { candidatePairs } from '../../src/attacks/candidates.js';
import { fitHits, type HitsFit } from '../../src/tasks/hits/index.js';
import { denseSvd } from '../helpers/dense.js';
import { tempDir, writeTemp } from '../helpers/files.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = (directed: boolean): Graph =>
  buildGraph(['a', 'b', 'c', 'd'], { src: Int32Array.of(0, 1, 2), dst: Int32Array.of(1, 2, 3), weight: Float64Array.of(1, 1, 1) }, { directed });

describe('edits', () => {
  it('apply removes by index and appends pairs after the kept edges; every violation is named', () => {
    const g = small(false);
    const h = applyEdit(g, { remove: [1], add: { src: [0], dst: [3] } }, 2);
    expect(Array.from(h.edges.src)).toEqual([0, 2, 0]);
    expect(Array.from(h.edges.dst)).toEqual([1, 3, 3]);
    expect(h.csr.toDense()[3 * 4 + 0]).toBe(1); // undirected: both orientations stored
    const problems = checkEdit(g, { remove: [5, 0, 0], add: { src: [1, 0, 2, 2], dst: [0, 0, 0, 0] } }, 3);
    for (const p of ['7 changes exceed the budget 3', 'no edge 5 to remove (there are 3)', 'edge 0 removed twice', 'pair b a is already an edge', 'pair a a: a self-loop']) {
      expect(problems).toContain(p);
    }
    expect(() => applyEdit(g, { remove: [], add: { src: [0], dst: [1] } })).toThrow(/pair a b is already an edge/);
    // directed: the reverse of an edge is a new pair
    expect(checkEdit(small(true), { remove: [], add: { src: [1], dst: [0] } })).toEqual([]);
  });

  it('candidates: a seeded sample of distinct non-edges (every one when there are fewer), or a file checked line by line', async () => {
    const g = generateGraph({ kind: 'er', n: 30, p: 0.2, seed: 3 });
    const edges = new Set(Array.from(g.edges.src, (s, e) => `${Math.min(s, g.edges.dst[e]!)}-${Math.max(s, g.edges.dst[e]!)}`));
    const c = await candidatePairs(g, { sample: 100 }, 7);
    const keys = Array.from(c.src, (s, t) => `${Math.min(s, c.dst[t]!)}-${Math.max(s, c.dst[t]!)}`);
    expect(new Set(keys).size).toBe(100);
    expect(keys.some((k) => edges.has(k))).toBe(false);
    expect(Array.from(c.src, (s, t) => s === c.dst[t]).some(Boolean)).toBe(false);
    expect(Array.from((await candidatePairs(g, { sample: 100 }, 7)).src)).toEqual(Array.from(c.src)); // same seed, same sample
    const all = await candidatePairs(g, { sample: 10_000 }, 7);
    expect(all.src.length).toBe((30 * 29) / 2 - edges.size);
    const file = writeTemp(dir, 'cands.tsv', `${g.labels[g.edges.src[0]!]}\t${g.labels[g.edges.dst[0]!]}\n`);
    await expect(candidatePairs(g, { file }, 1)).rejects.toThrow(/cands\.tsv:1: candidate .* is already an edge/);
  });
});

describe('pipelines with direction: add', () => {
  it('HITS: the n2n-add row equals a recomputation from the dense SVD: score the candidates, insert the top k, refit, distortion', async () => {
    const out = join(dir, 'add');
    const res = await runPipeline(
      pipelineSchema.parse(
        parse(`
name: add
dataset: { name: g, generator: { kind: rmat, scale: 6, edgeFactor: 4, seed: 9 } }
task: { name: hits, precision: float64 }
attacks: [{ name: n2n, direction: add, candidates: { sample: 300 } }, { name: random, direction: add, candidates: { sample: 300 } }]
budgets: [3, 8]
seeds: [2]
metrics: [objective-drop]
backend: cpu
output: ${out}
`),
      ),
    );
    expect(new Set(res.rows.map((r) => r.attack))).toEqual(new Set(['n2n-add', 'random-add']));
    const g = generateGraph({ kind: 'rmat', scale: 6, edgeFactor: 4, seed: 9 });
    const n = g.n;
    const A = g.csr.toDense();
    const ref = denseSvd(A, n, n, 3);
    const f = (M: Float64Array): number => {
      const s = denseSvd(M, n, n, 2).s;
      return s[0]! ** 2 - s[1]! ** 2;
    };
    const cands = await candidatePairs(g, { sample: 300 }, 2);
    const score = Array.from(cands.src, (i, t) => 2 * ref.s[0]! * ref.u[0]![i]! * ref.v[0]![cands.dst[t]!]! - 2 * ref.s[1]! * ref.u[1]![i]! * ref.v[1]![cands.dst[t]!]!);
    const order = score.map((_, t) => t).sort((a, b) => score[b]! - score[a]!);
    for (const k of [3, 8]) {
      const M = Float64Array.from(A);
      for (const t of order.slice(0, k)) M[cands.src[t]! * n + cands.dst[t]!] = 1;
      const expected = (f(A) - f(M)) / Math.abs(f(A));
      const row = res.rows.find((r) => r.attack === 'n2n-add' && r.budget === k)!;
      expect(row.value, `k=${k}`).toBeCloseTo(expected, 6);
      // the added file lists the pairs, best first, with the input's labels
      const lines = readFileSync(join(out, 'added', `n2n-add-k${k}-s2.tsv`), 'utf8').trimEnd().split('\n').slice(1);
      expect(lines.map((l) => l.split('\t').slice(0, 2).join(' '))).toEqual(order.slice(0, k).map((t) => `${g.labels[cands.src[t]!]} ${g.labels[cands.dst[t]!]}`));
    }
    // adding what B ranks highest raises f = λ1 − λ2 more than random pairs do
    const v = (a: string): number => res.rows.find((r) => r.attack === a && r.budget === 8)!.value;
    expect(v('n2n-add')).toBeLessThan(v('random-add'));
  });

  it('HITS, greedy add: each step inserts the candidate whose dense-SVD score is highest on the graph grown so far', async () => {
    const out = join(dir, 'add-greedy');
    const res = await runPipeline(
      pipelineSchema.parse(
        parse(`
name: addg
dataset: { name: g, generator: { kind: rmat, scale: 5, edgeFactor: 2, seed: 1 } }
task: { name: hits, precision: float64 }
attacks: [{ name: n2n, direction: add, greedy: true, candidates: { sample: 200 } }]
budgets: [2, 5]
seeds: [3]
metrics: [objective-drop]
backend: cpu
output: ${out}
`),
      ),
    );
    const g = generateGraph({ kind: 'rmat', scale: 5, edgeFactor: 2, seed: 1 });
    const n = g.n;
    const f = (M: Float64Array): number => {
      const s = denseSvd(M, n, n, 2).s;
      return s[0]! ** 2 - s[1]! ** 2;
    };
    const cands = await candidatePairs(g, { sample: 200 }, 3);
    // brute-force greedy: dense SVD of the current matrix, score every candidate left, insert the argmax (first on ties)
    const M = g.csr.toDense();
    const left = Array.from(cands.src, (_, t) => t);
    const picked: number[] = [];
    const fClean = f(M);
    const expected = new Map<number, number>();
    let oneShot: number[] = [];
    for (let step = 1; step <= 5; step++) {
      const d = denseSvd(M, n, n, 3);
      let best = 0;
      const sc = left.map((t) => 2 * d.s[0]! * d.u[0]![cands.src[t]!]! * d.v[0]![cands.dst[t]!]! - 2 * d.s[1]! * d.u[1]![cands.src[t]!]! * d.v[1]![cands.dst[t]!]!);
      if (step === 1) oneShot = left.map((t, q) => [t, sc[q]!] as const).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([t]) => t);
      for (let q = 1; q < sc.length; q++) if (sc[q]! > sc[best]!) best = q;
      const t = left.splice(best, 1)[0]!;
      picked.push(t);
      M[cands.src[t]! * n + cands.dst[t]!] = 1;
      if (step === 2 || step === 5) expected.set(step, (fClean - f(M)) / Math.abs(fClean));
    }
    // this instance tells greedy from one-shot: re-scoring after an insertion changes the second pick
    expect(picked.slice(0, 2)).not.toEqual(oneShot.slice(0, 2));
    for (const k of [2, 5]) {
      const row = res.rows.find((r) => r.attack === 'n2n-greedy-add' && r.budget === k)!;
      expect(row.value, `k=${k}`).toBeCloseTo(expected.get(k)!, 6);
      const lines = readFileSync(join(out, 'added', `n2n-greedy-add-k${k}-s3.tsv`), 'utf8').trimEnd().split('\n').slice(1);
      expect(lines.map((l) => l.split('\t').slice(0, 2).join(' '))).toEqual(picked.slice(0, k).map((t) => `${g.labels[cands.src[t]!]} ${g.labels[cands.dst[t]!]}`));
    }
  });

  it('refuses the add direction where it has no meaning', async () => {
    const base = (attacks: string, task = '{ name: hits }') =>
      pipelineSchema.parse(parse(`name: x\ndataset: { generator: { kind: rmat, scale: 5, edgeFactor: 4, seed: 1 } }\ntask: ${task}\nattacks: ${attacks}\nbudgets: [1]\nbackend: cpu\noutput: ${join(dir, 'x')}\n`));
    await expect(runPipeline(base('[{ name: contain, direction: add }]'))).rejects.toThrow(/attack 'contain' has no add direction/);
    await expect(runPipeline(base('[{ name: degree, direction: add, greedy: true }]'))).rejects.toThrow(/attack 'degree' has no greedy variant/);
    await expect(runPipeline(base('[{ name: n2n, candidates: { sample: 5 } }]'))).rejects.toThrow(/candidates are for direction: add/);
  });
});

describe('one checked edit for both directions', () => {
  it('a rating matrix takes removals only, each at most once, within the budget', async () => {
    const { generateRatings } = await import('../../src/graph/generators/generated.js');
    const { completionTask } = await import('../../src/tasks/completion/index.js');
    const R = generateRatings({ kind: 'ratings', users: 10, items: 8, ratings: 40, rank: 2, noise: 0.1, seed: 1 });
    const bound = completionTask.bind(R);
    expect(bound.apply({ remove: [0, 3], add: { src: [], dst: [] } }).items).toBe(R.user.length - 2);
    expect(() => bound.apply({ remove: [0, 0], add: { src: [], dst: [] } })).toThrow(/rating 0 removed twice/);
    expect(() => bound.apply({ remove: [999], add: { src: [], dst: [] } })).toThrow(/no rating 999 to remove/);
    expect(() => bound.apply({ remove: [], add: { src: [0], dst: [1] } })).toThrow(/takes removals only/);
    expect(() => bound.apply({ remove: [1, 2, 3], add: { src: [], dst: [] } }, 2)).toThrow(/exceed the budget 2/);
  });
});
