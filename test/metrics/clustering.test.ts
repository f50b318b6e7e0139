import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { nmi } from '../../src/metrics/nmi.js';
import { kmeans } from '../../src/solvers/kmeans.js';

/** NMI from the textbook definition with explicit probability tables. */
function nmiReference(a: number[], b: number[]): number {
  const n = a.length;
  const ka = Math.max(...a) + 1;
  const kb = Math.max(...b) + 1;
  const p = Array.from({ length: ka }, () => new Array<number>(kb).fill(0));
  for (let i = 0; i < n; i++) p[a[i]!]![b[i]!]! += 1 / n;
  const pa = p.map((row) => row.reduce((s, x) => s + x, 0));
  const pb = Array.from({ length: kb }, (_, j) => p.reduce((s, row) => s + row[j]!, 0));
  const H = (q: number[]) => -q.filter((x) => x > 0).reduce((s, x) => s + x * Math.log(x), 0);
  let mi = 0;
  for (let i = 0; i < ka; i++) for (let j = 0; j < kb; j++) if (p[i]![j]! > 0) mi += p[i]![j]! * Math.log(p[i]![j]! / (pa[i]! * pb[j]!));
  return (2 * mi) / (H(pa) + H(pb));
}

describe('NMI', () => {
  it('matches the textbook formula on random labelings and is 1 under relabelling', () => {
    const rng = new Rng(5);
    for (let t = 0; t < 20; t++) {
      const n = 5 + rng.int(60);
      const a = Array.from({ length: n }, () => rng.int(4));
      const b = Array.from({ length: n }, () => rng.int(3));
      if (new Set(a).size < 2 || new Set(b).size < 2) continue;
      expect(nmi(a, b)).toBeCloseTo(nmiReference(a, b), 12);
      const perm = [2, 0, 3, 1];
      expect(nmi(a, a.map((x) => perm[x]!))).toBeCloseTo(1, 12);
    }
    expect(nmi([0, 0, 0], [5, 5, 5])).toBe(1);
    expect(nmi([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
  });
});

describe('k-means', () => {
  it('reaches the optimum found by brute force on small point sets, deterministically', () => {
    const rng = new Rng(9);
    for (let t = 0; t < 10; t++) {
      const n = 9;
      const d = 2;
      const pts = Float64Array.from({ length: n * d }, () => rng.normal());
      // brute force over all 2-partitions
      let best = Infinity;
      for (let mask = 1; mask < (1 << n) - 1; mask++) {
        let cost = 0;
        for (const side of [0, 1]) {
          const idx = [...Array(n).keys()].filter((i) => ((mask >> i) & 1) === side);
          for (let c = 0; c < d; c++) {
            const mean = idx.reduce((s, i) => s + pts[i * d + c]!, 0) / idx.length;
            cost += idx.reduce((s, i) => s + (pts[i * d + c]! - mean) ** 2, 0);
          }
        }
        best = Math.min(best, cost);
      }
      const res = kmeans(pts, n, d, { k: 2, seed: t, restarts: 20 });
      expect(res.converged).toBe(true);
      expect(res.inertia).toBeCloseTo(best, 9);
      expect(kmeans(pts, n, d, { k: 2, seed: t, restarts: 20 }).labels).toEqual(res.labels);
    }
  });

  it('recovers well-separated blobs and numbers clusters by first appearance', () => {
    const rng = new Rng(2);
    const n = 300;
    const truth = Int32Array.from({ length: n }, (_, i) => i % 3);
    const pts = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      pts[2 * i] = 10 * truth[i]! + rng.normal() * 0.3;
      pts[2 * i + 1] = -5 * truth[i]! + rng.normal() * 0.3;
    }
    const res = kmeans(pts, n, 2, { k: 3, seed: 1 });
    expect(nmi(res.labels, truth)).toBe(1);
    expect(Array.from(res.labels.subarray(0, 3))).toEqual([0, 1, 2]);
  });
});
