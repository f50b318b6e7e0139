/**
 * k-center groundwork: hop distances against Floyd–Warshall (unreachable pairs get the
 * diameter), and the baselines against brute force on small graphs: Gonzalez within twice the
 * optimum, greedy's first facility the exact 1-center, the k-center value by enumeration.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { hopDistances, maxMinDistance } from '../../src/tasks/clusternet/kcenter/distances.js';
import { gonzalez, greedyKCenter } from '../../src/tasks/clusternet/kcenter/baselines.js';
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
});
