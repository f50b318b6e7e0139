import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng.js';
import { buildGraph, removeEdges, type Graph } from '../../src/graph/graph.js';
import { fitHitsHost, hitsTask, type HitsFit } from '../../src/tasks/hits/index.js';
import { verifyHits } from '../../src/tasks/hits/verify.js';
import { hitsDistortion } from '../../src/tasks/hits/distortion.js';
import { denseEdgeDifference, denseSvd, symEig, gram, maxAbs, maxAbsDiff } from '../helpers/dense.js';

function randomGraph(rng: Rng, n: number, m: number, directed: boolean): Graph {
  const src = Int32Array.from({ length: m }, () => rng.int(n));
  const dst = Int32Array.from({ length: m }, () => rng.int(n));
  return buildGraph(
    Array.from({ length: n }, (_, i) => `v${i}`),
    { src, dst, weight: new Float64Array(m).fill(1) },
    { directed },
  );
}

/** f = σ1² − σ2² from the dense float64 eigenvalues of AᵀA. */
function denseF(a: Float64Array, n: number): number {
  const ev = symEig(gram(a, n, n), n).values;
  return ev[0]! - ev[1]!;
}

describe('HITS derivative network', () => {
  it('float64 host fit with empty rows and columns packed away equals the dense SVD, zero off the support', () => {
    const rng = new Rng(21);
    const n = 150;
    // only nodes 0..99 point, only nodes 50..149 are pointed at: 50 empty rows, 50 empty columns
    const m = 900;
    const src = Int32Array.from({ length: m }, () => rng.int(100));
    const dst = Int32Array.from({ length: m }, () => 50 + rng.int(100));
    const g = buildGraph(Array.from({ length: n }, (_, i) => `v${i}`), { src, dst, weight: new Float64Array(m).fill(1) }, { directed: true });
    const fit = fitHitsHost(g.csr, { seed: 3 });
    expect(fit.solver.converged).toBe(true);
    expect((fit.solver as unknown as { packed: { rows: number; cols: number } }).packed).toEqual({ rows: 100, cols: 100 });
    const ref = denseSvd(g.csr.toDense(), n, n, 3);
    for (let t = 0; t < 3; t++) expect(Math.abs(fit.sigma[t]! - ref.s[t]!)).toBeLessThan(1e-10 * ref.s[0]!);
    for (let t = 0; t < 2; t++) {
      const sign = Math.sign(fit.u[t]!.reduce((a, x, i) => a + x * ref.u[t]![i]!, 0));
      expect(maxAbsDiff(fit.u[t]!.map((x) => sign * x), ref.u[t]!)).toBeLessThan(1e-9);
      expect(maxAbsDiff(fit.v[t]!.map((x) => sign * x), ref.v[t]!)).toBeLessThan(1e-9);
      expect(fit.u[t]!.subarray(100).every((x) => x === 0)).toBe(true);
      expect(fit.v[t]!.subarray(0, 50).every((x) => x === 0)).toBe(true);
    }
  });

  for (const directed of [true, false]) {
    it(`${directed ? 'directed' : 'undirected'}: B equals the dense float64 closed form and finite differences of f`, () => {
      const rng = new Rng(directed ? 5 : 6);
      const n = 70;
      const g = randomGraph(rng, n, 420, directed);
      const fit = hitsTask.fit(g, { seed: 1 });
      expect(fit.solver.converged).toBe(true);
      expect(fit.wellPosed.illPosed).toBe(false);
      const B = hitsTask.derive(g, fit);
      const dense = g.csr.toDense();
      const ref = denseSvd(dense, n, n, 3);
      expect(fit.objective).toBeCloseTo(ref.s[0]! ** 2 - ref.s[1]! ** 2, 2);
      // closed form from the independent dense SVD, Eq. 5 applied per edge
      const dA = (i: number, j: number) => 2 * ref.s[0]! * ref.u[0]![i]! * ref.v[0]![j]! - 2 * ref.s[1]! * ref.u[1]![i]! * ref.v[1]![j]!;
      const Bref = Float64Array.from({ length: B.length }, (_, e) => {
        const i = g.edges.src[e]!;
        const j = g.edges.dst[e]!;
        return directed || i === j ? dA(i, j) : dA(i, j) + dA(j, i);
      });
      const scale = maxAbs(Bref);
      expect(maxAbsDiff(B, Bref) / scale).toBeLessThan(1e-4);
      // finite differences of the dense float64 f
      const h = 1e-5;
      for (let t = 0; t < 8; t++) {
        const e = rng.int(B.length);
        const i = g.edges.src[e]!;
        const j = g.edges.dst[e]!;
        const fd = denseEdgeDifference(dense, n, i, j, directed, h, (M) => denseF(M, n));
        expect(Math.abs(fd - B[e]!) / scale).toBeLessThan(1e-4);
      }
      hitsTask.dispose(fit);
    });
  }

  it('a refit started from the clean fit (warm start) gives the cold answer; a start of other columns is ignored', () => {
    const rng = new Rng(31);
    const g = randomGraph(rng, 300, 1500, true);
    const clean = hitsTask.fit(g, { seed: 1 }) as HitsFit;
    const B = hitsTask.derive(g, clean);
    const top = Array.from(B.keys()).sort((a, b) => Math.abs(B[b]!) - Math.abs(B[a]!)).slice(0, 10);
    const g2 = removeEdges(g, top);
    const cold = hitsTask.fit(g2, { seed: 1 }) as HitsFit;
    const warm = hitsTask.fit(g2, { seed: 1, warmStart: clean }) as HitsFit;
    for (let t = 0; t < 3; t++) expect(Math.abs(warm.sigma[t]! - cold.sigma[t]!)).toBeLessThan(1e-9 * cold.sigma[0]!);
    expect(maxAbsDiff(hitsTask.derive(g2, warm), hitsTask.derive(g2, cold)) / maxAbs(hitsTask.derive(g2, cold))).toBeLessThan(1e-7);
    const other = hitsTask.fit(randomGraph(new Rng(2), 200, 900, true), { seed: 1 }) as HitsFit;
    const ignored = hitsTask.fit(g2, { seed: 1, warmStart: other }) as HitsFit;
    expect(Array.from(ignored.u[0]!)).toEqual(Array.from(cold.u[0]!));
  });

  it('detects σ2 = σ3 (two identical components below a larger one) and says so', () => {
    // out-stars: hub→6 leaves (σ = √6) and two hubs→3 leaves (σ2 = σ3 = √3)
    const src: number[] = [];
    const dst: number[] = [];
    let next = 0;
    for (const leaves of [6, 3, 3]) {
      const hub = next++;
      for (let l = 0; l < leaves; l++) {
        src.push(hub);
        dst.push(next++);
      }
    }
    const g = buildGraph(Array.from({ length: next }, (_, i) => String(i)), { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: new Float64Array(src.length).fill(1) }, { directed: true });
    const fit = hitsTask.fit(g, { seed: 1 });
    expect(fit.sigma[1]).toBeCloseTo(Math.sqrt(3), 5);
    expect(fit.wellPosed.illPosed).toBe(true);
    expect(fit.wellPosed.detail).toMatch(/repeated/);
    const report = verifyHits(g, fit as HitsFit);
    expect(report.pass).toBe(false);
    hitsTask.dispose(fit);
  });

  it('verify passes on a random graph and fails when the closed form is wrong', () => {
    const g = randomGraph(new Rng(9), 60, 300, true);
    const fit = hitsTask.fit(g, { seed: 2 }) as HitsFit;
    const ok = verifyHits(g, fit, { sample: 4 });
    expect(ok.checks.map((c) => c.name)).toEqual(['autodiff', 'autodiff', 'finite difference']);
    expect(ok.pass).toBe(true);
    // a closed form with a wrong σ2 weight must be caught by every check
    const broken: HitsFit = { ...fit, sigma: Float64Array.from([fit.sigma[0]!, fit.sigma[1]! * 1.01, fit.sigma[2]!]) };
    const bad = verifyHits(g, broken, { sample: 4 });
    expect(bad.pass).toBe(false);
    expect(bad.checks.every((c) => !c.pass)).toBe(true);
    hitsTask.dispose(fit);
  });

  it('fit/derive/dispose leave no tensors', () => {
    const g = randomGraph(new Rng(1), 40, 200, true);
    const before = tf.memory().numTensors;
    const fit = hitsTask.fit(g, { seed: 1 });
    hitsTask.derive(g, fit);
    hitsTask.dispose(fit);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('HITS distortion', () => {
  it('is zero for identical vectors, sign- and scale-invariant, and adds the two distances', () => {
    const u = [3, 4, 0];
    const v = [1, 0, 0];
    expect(hitsDistortion(u, v, u.map((x) => -2 * x), v)).toBeCloseTo(0, 12);
    expect(hitsDistortion(u, v, u, [0, 1, 0])).toBeCloseTo(Math.SQRT2, 12);
  });
});
