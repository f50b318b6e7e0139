import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { selectTopK } from '../../src/attacks/select-top-k.js';

/** Reference: a full sort by (score desc, index asc). */
function bruteTopK(scores: number[], k: number): number[] {
  return scores
    .map((s, i) => [s, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i);
}

describe('selectTopK (Algorithm 2 selection)', () => {
  it('matches a full sort on random scores with many ties, for every budget', () => {
    const rng = new Rng(12);
    for (let trial = 0; trial < 20; trial++) {
      const m = 1 + rng.int(200);
      const scores = Array.from({ length: m }, () => rng.int(8) - 3 + (rng.uniform() < 0.3 ? rng.normal() : 0));
      for (const k of [0, 1, 2, 5, Math.floor(m / 2), m, m + 3]) {
        expect(Array.from(selectTopK(scores, k))).toEqual(bruteTopK(scores, k));
      }
    }
  });

  it('refuses bad budgets and NaN scores', () => {
    expect(() => selectTopK([1, 2], -1)).toThrow(/non-negative integer/);
    expect(() => selectTopK([1, 2], 1.5)).toThrow(/non-negative integer/);
    expect(() => selectTopK([1, NaN], 1)).toThrow(/NaN/);
  });
});
