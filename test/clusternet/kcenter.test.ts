/**
 * k-center groundwork: hop distances against Floyd–Warshall (unreachable pairs get the
 * diameter), and the baselines against brute force on small graphs: Gonzalez within twice the
 * optimum, greedy's first facility the exact 1-center, the k-center value by enumeration.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { hopDistances, maxMinDistance } from '../../src/tasks/clusternet/kcenter/distances.js';
import { gonzalez, greedyKCenter } from '../../src/tasks/clusternet/kcenter/baselines.js';
import { centerObjective, centerObjectiveGradient, expectedDistances, sortRows } from '../../src/tasks/clusternet/kcenter/objective.js';
import { fillToK, pipageRound } from '../../src/tasks/clusternet/kcenter/pipage.js';
import { undirected } from '../helpers/graphs.js';

function randomGraph(rng: Rng, n: number, p: number) {
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) (src.push(i), dst.push(j));
  return undirected(n, src, dst);
}

function floyd(n: number, src: Int32Array, dst: Int32Array): number[] {
  const d = Array.from({ length: n * n }, (_, t) => (t % (n + 1) === 0 ? 0 : Infinity));
  src.forEach((i, e) => {
    d[i * n + dst[e]!] = 1;
    d[dst[e]! * n + i] = 1;
  });
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = Math.min(d[i * n + j]!, d[i * n + k]! + d[k * n + j]!);
  return d;
}

function* subsets(n: number, k: number, from = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) yield acc;
  else for (let i = from; i < n; i++) yield* subsets(n, k, i + 1, [...acc, i]);
}

describe('k-center groundwork', () => {
  it('hop distances equal Floyd–Warshall; unreachable pairs get the diameter', () => {
    const rng = new Rng(5);
    for (const p of [0.08, 0.2]) {
      const g = randomGraph(rng, 25, p);
      const ref = floyd(25, g.edges.src, g.edges.dst);
      const finite = ref.filter(Number.isFinite);
      const diameter = Math.max(...finite);
      const got = hopDistances(g.csr);
      expect(got.diameter).toBe(diameter);
      expect(got.disconnected).toBe(finite.length < ref.length);
      expect(Array.from(got.d)).toEqual(ref.map((x) => (Number.isFinite(x) ? x : diameter)));
    }
  });

  it('Gonzalez is within twice the optimum, greedy is no better than it and starts at the exact 1-center, on small graphs (brute force)', () => {
    const rng = new Rng(8);
    for (let trial = 0; trial < 6; trial++) {
      const g = randomGraph(rng, 14, 0.25);
      const dist = hopDistances(g.csr);
      for (const k of [2, 3]) {
        let opt = Infinity;
        for (const s of subsets(14, k)) opt = Math.min(opt, maxMinDistance(dist, s));
        const gz = maxMinDistance(dist, gonzalez(dist, k, trial));
        const gr = greedyKCenter(dist, k);
        expect(gz).toBeLessThanOrEqual(2 * opt);
        expect(maxMinDistance(dist, gr)).toBeGreaterThanOrEqual(opt);
        let one = Infinity;
        let oneAt = -1;
        for (let f = 0; f < 14; f++) {
          const v = maxMinDistance(dist, [f]);
          if (v < one) [one, oneAt] = [v, f];
        }
        expect(gr[0]).toBe(oneAt);
      }
    }
  });

  it('refuses all-pairs distances above the node limit, saying what they would take', () => {
    const g = randomGraph(new Rng(1), 30, 0.1);
    expect(() => hopDistances(g.csr, { maxNodes: 20 })).toThrow(/all-pairs distances of 30 nodes need .* GiB .* the limit is 20 nodes/);
  });

  it('the expected distance to the nearest facility equals enumeration over every facility set (n = 9)', () => {
    const rng = new Rng(3);
    const g = randomGraph(rng, 9, 0.3);
    const dist = hopDistances(g.csr);
    const dmax = dist.diameter + 2;
    const rows = sortRows(dist, dmax);
    const x = Float64Array.from({ length: 9 }, () => rng.uniform());
    const E = expectedDistances(rows, x);
    for (let j = 0; j < 9; j++) {
      let want = 0;
      for (let mask = 0; mask < 1 << 9; mask++) {
        let p = 1;
        let best = dmax;
        for (let i = 0; i < 9; i++) {
          const on = (mask >> i) & 1;
          p *= on ? x[i]! : 1 - x[i]!;
          if (on) best = Math.min(best, dist.d[j * 9 + i]!);
        }
        want += p * best;
      }
      expect(E[j]).toBeCloseTo(want, 12);
    }
    expect(centerObjective(rows, x, 0)).toBeCloseTo(E.reduce((a, b) => a + b, 0) / 9, 12);
    expect(centerObjective(rows, x, 1e4)).toBeCloseTo(Math.max(...E), 6);
  });

  it('pipage rounding keeps the sum (exactly K ones) and, over seeded runs, every marginal; fillToK reaches K without passing 1', () => {
    const rng = new Rng(12);
    const x = fillToK(Float64Array.from({ length: 12 }, () => rng.uniform() * 0.6), 4);
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 12);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    // more mass than K: scaled down; less, with one large coordinate: it stops at 1 and the rest fill
    expect(Array.from(fillToK(Float64Array.of(5, 1, 1, 1, 0, 0), 3))).toEqual([0.75, 0.75, 0.75, 0.75, 0, 0]);
    const light = fillToK(Float64Array.of(0.9, 0.1, 0.1, 0.1, 0, 0), 2);
    expect(light[0]).toBe(1);
    expect(light.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 12);
    expect(light[1]).toBeCloseTo(1 / 3, 12);
    const counts = new Float64Array(12);
    const runs = 4000;
    for (let t = 0; t < runs; t++) {
      const y = pipageRound(x, rng);
      expect(y.reduce((a, b) => a + b, 0)).toBe(4);
      y.forEach((v, i) => {
        expect(v === 0 || v === 1).toBe(true);
        counts[i]! += v;
      });
    }
    counts.forEach((c, i) => expect(Math.abs(c / runs - x[i]!)).toBeLessThan(0.03));
  });

  it('the objective gradient (suffix sums, softmax over customers) equals central differences', () => {
    const rng = new Rng(21);
    const g = randomGraph(rng, 30, 0.12);
    const rows = sortRows(hopDistances(g.csr));
    const x = Float64Array.from({ length: 30 }, () => 0.05 + 0.8 * rng.uniform());
    for (const temp of [0, 0.7]) {
      const { value, grad } = centerObjectiveGradient(rows, x, temp);
      expect(value).toBeCloseTo(centerObjective(rows, x, temp), 13);
      const h = 1e-6;
      const scale = Math.max(...Array.from(grad, Math.abs));
      for (const i of [0, 7, 19, 29]) {
        const plus = Float64Array.from(x);
        const minus = Float64Array.from(x);
        plus[i]! += h;
        minus[i]! -= h;
        const fd = (centerObjective(rows, plus, temp) - centerObjective(rows, minus, temp)) / (2 * h);
        expect(Math.abs(grad[i]! - fd) / scale).toBeLessThan(1e-7);
      }
    }
  });
});
