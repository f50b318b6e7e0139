/**
 * Guard: pipeline rows recomputed independently of the runner. For each row: score with the
 * task's B, order by score (ties by input order, a stable sort written here), remove the first
 * k, refit with the same seed, and compute the metric by hand (its formula written here, not
 * the metric module's). One-shot and greedy HITS, spectral 1 − NMI, completion RMSE.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { generateGraph, generateRatings } from '../../src/graph/generators/generated.js';
import { removeEdges, type Graph } from '../../src/graph/graph.js';
import { removeRatings, type Ratings } from '../../src/ratings/ratings.js';
import { hitsTask, type HitsFit } from '../../src/tasks/hits/index.js';
import { spectralTask, type SpectralFit } from '../../src/tasks/spectral/index.js';
import { completionTask, type CompletionFit } from '../../src/tasks/completion/index.js';
import { tempDir } from '../helpers/files.js';
import { complementRmseBrute } from '../helpers/ratings.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (yaml: string) => runPipeline(pipelineSchema.parse(parse(yaml)));

/** Indices by descending score; equal scores keep input order (Array.prototype.sort is stable). */
const order = (scores: ArrayLike<number>): number[] => Array.from(scores, (_, e) => e).sort((a, b) => scores[b]! - scores[a]!);

/** ‖u − ũ‖ + ‖v − ṽ‖ for unit vectors with sign fixed by a positive sum. */
function distortion(a: HitsFit, b: HitsFit): number {
  const unit = (x: Float64Array): number[] => {
    const n = Math.hypot(...x);
    const s = x.reduce((p, q) => p + q, 0) >= 0 ? 1 : -1;
    return Array.from(x, (y) => (s * y) / n);
  };
  const d = (x: number[], y: number[]): number => Math.sqrt(x.reduce((p, xi, i) => p + (xi - y[i]!) ** 2, 0));
  return d(unit(a.u[0]!), unit(b.u[0]!)) + d(unit(a.v[0]!), unit(b.v[0]!));
}

/** 1 − 2·MI/(H(a) + H(b)) over the nodes the clean fit clustered (left-out nodes: label −1). */
function oneMinusNmi(clean: Int32Array, after: Int32Array): number {
  const a: number[] = [];
  const b: number[] = [];
  clean.forEach((l, i) => {
    if (l >= 0) {
      a.push(l);
      b.push(after[i]!);
    }
  });
  const n = a.length;
  const count = (xs: number[]): Map<string, number> => xs.reduce((m, x) => m.set(String(x), (m.get(String(x)) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  const cj = count(a.map((x, i) => `${x}|${b[i]}` as unknown as number));
  const H = (m: Map<string, number>): number => [...m.values()].reduce((s, c) => s - (c / n) * Math.log(c / n), 0);
  let mi = 0;
  for (const [k, c] of cj) {
    const [x, y] = k.split('|');
    mi += (c / n) * Math.log((n * c) / (ca.get(x!)! * cb.get(y!)!));
  }
  if (cj.size === ca.size && ca.size === cb.size) return 0;
  const h = H(ca) + H(cb);
  return h === 0 ? 0 : 1 - Math.min(1, Math.max(0, (2 * mi) / h));
}

describe('pipeline rows, recomputed without the runner', () => {
  it('HITS, one-shot and greedy: B, top k by input order, remove, refit, distortion', async () => {
    const res = await run(`
name: guard-hits
dataset: { name: g, generator: { kind: rmat, scale: 7, edgeFactor: 5, seed: 3 } }
task: { name: hits }
attacks: [n2n, { name: n2n, greedy: true, label: n2n-greedy }]
budgets: [2, 5]
seeds: [4]
backend: cpu
output: ${join(dir, 'hits')}
`);
    const g: Graph = generateGraph({ kind: 'rmat', scale: 7, edgeFactor: 5, seed: 3 });
    const fit = (x: Graph): HitsFit => hitsTask.fit(x, { seed: 4 }) as HitsFit;
    const clean = fit(g);
    const oneShot = order(hitsTask.derive(g, clean));
    // greedy: refit and re-derive after each removal, the best among the edges left
    const greedy: number[] = [];
    let alive = Array.from(g.edges.src, (_, e) => e);
    let current = g;
    for (let step = 0; step < 5; step++) {
      const B = hitsTask.derive(current, step === 0 ? clean : fit(current));
      const best = order(B)[0]!;
      greedy.push(alive[best]!);
      alive = alive.filter((_, i) => i !== best);
      current = removeEdges(g, greedy);
    }
    for (const [attack, removal] of [['n2n', oneShot], ['n2n-greedy', greedy]] as const) {
      for (const k of [2, 5]) {
        const expected = distortion(clean, fit(removeEdges(g, removal.slice(0, k))));
        const row = res.rows.find((x) => x.attack === attack && x.budget === k)!;
        expect(row.value, `${attack} k=${k}`).toBeCloseTo(expected, 12);
      }
    }
  });

  it('spectral: 1 − NMI of the clusters before and after', async () => {
    const res = await run(`
name: guard-spectral
dataset: { name: s, generator: { kind: sbm, sizes: [25, 25, 25], pIn: 0.4, pOut: 0.08, seed: 5 } }
task: { name: spectral, clusters: 3 }
attacks: [n2n]
budgets: [5, 15]
seeds: [2]
backend: cpu
output: ${join(dir, 'spectral')}
`);
    const g = generateGraph({ kind: 'sbm', sizes: [25, 25, 25], pIn: 0.4, pOut: 0.08, seed: 5 });
    const fit = (x: Graph): SpectralFit => spectralTask.fit(x, { seed: 2, options: { clusters: 3 } }) as SpectralFit;
    const clean = fit(g);
    const removal = order(spectralTask.derive(g, clean));
    for (const k of [5, 15]) {
      const expected = oneMinusNmi(clean.labels, fit(removeEdges(g, removal.slice(0, k))).labels);
      expect(res.rows.find((x) => x.budget === k)!.value, `k=${k}`).toBeCloseTo(expected, 12);
    }
    expect(res.rows.find((x) => x.budget === 5)!.value).toBeGreaterThan(0); // the clusters do move
  });

  it('completion: RMSE over the cells the clean matrix did not observe', async () => {
    const res = await run(`
name: guard-completion
dataset: { name: r, generator: { kind: ratings, users: 30, items: 20, ratings: 200, rank: 3, seed: 6 } }
task: { name: completion, rank: 3, iters: 6 }
attacks: [n2n]
budgets: [3, 9]
seeds: [7]
backend: cpu
output: ${join(dir, 'completion')}
`);
    const R = generateRatings({ kind: 'ratings', users: 30, items: 20, ratings: 200, rank: 3, noise: 0.1, seed: 6 });
    const fit = (x: Ratings): CompletionFit => completionTask.fit(x, { seed: 7, options: { rank: 3, iters: 6 } });
    const clean = fit(R);
    const removal = order(completionTask.derive(R, clean));
    for (const k of [3, 9]) {
      const expected = complementRmseBrute(R, clean, fit(removeRatings(R, removal.slice(0, k))), 3);
      expect(res.rows.find((x) => x.budget === k)!.value, `k=${k}`).toBeCloseTo(expected, 10);
    }
  });
});
