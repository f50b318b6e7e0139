import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { als, alsGradient, alsHalfSweep } from '../../src/solvers/als.js';
import { lemma6Influence } from '../../src/tasks/completion/influence.js';
import { setThreads, isShared, threadCount } from '../../src/parallel/pool.js';
import { buildRatings, type Ratings } from '../../src/ratings/ratings.js';
import { denseHalfSweep } from '../helpers/ratings.js';
import { maxAbs, maxAbsDiff } from '../helpers/dense.js';

const before = threadCount();
afterAll(() => setThreads(before));

/** n1 × n2 ratings with m distinct random cells (enough work for several pool chunks). */
function randomRatings(rng: Rng, n1: number, n2: number, m: number, activeUsers = n1): Ratings {
  const seen = new Set<number>();
  const user = new Int32Array(m);
  const item = new Int32Array(m);
  const value = new Float64Array(m);
  for (let e = 0; e < m; ) {
    const u = rng.int(activeUsers);
    const i = rng.int(n2);
    if (seen.has(u * n2 + i)) continue;
    seen.add(u * n2 + i);
    user[e] = u;
    item[e] = i;
    value[e++] = 1 + Math.round(rng.uniform() * 8) / 2;
  }
  const labels = (n: number, p: string) => Array.from({ length: n }, (_, k) => p + k);
  return buildRatings(labels(n1, 'u'), labels(n2, 'i'), { user, item, value });
}

/** the data gradient −2·R·V, −2·Rᵀ·U and L, summed in rating order (the independent reference) */
function serialGradient(R: Ratings, U: Float64Array, V: Float64Array, r: number, lu: number, lv: number) {
  const gU = new Float64Array(U.length);
  const gV = new Float64Array(V.length);
  let sq = 0;
  for (let e = 0; e < R.value.length; e++) {
    const u = R.user[e]! * r;
    const v = R.item[e]! * r;
    let pred = 0;
    for (let x = 0; x < r; x++) pred += U[u + x]! * V[v + x]!;
    const res = R.value[e]! - pred;
    sq += res * res;
    for (let x = 0; x < r; x++) {
      gU[u + x]! -= 2 * res * V[v + x]!;
      gV[v + x]! -= 2 * res * U[u + x]!;
    }
  }
  let nu = 0;
  let nv = 0;
  for (let k = 0; k < U.length; k++) (gU[k]! += 2 * lu * U[k]!), (nu += U[k]! * U[k]!);
  for (let k = 0; k < V.length; k++) (gV[k]! += 2 * lv * V[k]!), (nv += V[k]! * V[k]!);
  return { gU, gV, objective: sq + lu * nu + lv * nv };
}

describe('ALS row loops on the thread pool', () => {
  const R = randomRatings(new Rng(11), 3000, 400, 120_000);

  it('keeps the rating index in shared memory', () => {
    expect(isShared(R.byUser.ptr) && isShared(R.byUser.other) && isShared(R.byUser.value)).toBe(true);
    expect(isShared(R.byItem.value)).toBe(true);
  });

  for (const r of [3, 18]) {
    it(`r = ${r}: factors, objective, gradient and Lemma 6 are bit-identical for 1 and 3 threads and match serial float64 references`, () => {
      const opts = { rank: r, lambdaU: 0.5, lambdaV: 0.7, iters: 3, seed: 2 };
      const run = (threads: number) => {
        setThreads(threads);
        const fit = als(R, opts);
        const g = alsGradient(R, fit.U, fit.V, r, 0.5, 0.7);
        const I = lemma6Influence(R, fit.U, fit.V, r, 0.5, 0.7);
        return { fit, g, I };
      };
      const a = run(1);
      const b = run(3);
      expect(Buffer.from(b.fit.U.buffer).equals(Buffer.from(a.fit.U.buffer))).toBe(true);
      expect(Buffer.from(b.fit.V.buffer).equals(Buffer.from(a.fit.V.buffer))).toBe(true);
      expect(b.fit.objective).toEqual(a.fit.objective);
      expect(b.fit.stationarity).toBe(a.fit.stationarity);
      expect(Array.from(b.g.gU)).toEqual(Array.from(a.g.gU));
      expect(Array.from(b.g.gV)).toEqual(Array.from(a.g.gV));
      expect(Buffer.from(b.I.buffer).equals(Buffer.from(a.I.buffer))).toBe(true);

      // one more half-sweep on each side against the dense reference (normal equations solved by elimination)
      const U = denseHalfSweep(R.nUsers, R.user, R.item, R.value, a.fit.V, r, 0.5);
      const U2 = new Float64Array(U.length);
      alsHalfSweep(R.byUser, R.nUsers, a.fit.V, r, 0.5, U2);
      expect(maxAbsDiff(U2, U)).toBeLessThan(1e-9 * maxAbs(U));
      const ref = serialGradient(R, a.fit.U, a.fit.V, r, 0.5, 0.7);
      expect(maxAbsDiff(a.g.gU, ref.gU)).toBeLessThan(1e-9 * maxAbs(ref.gU));
      // V was just solved for, so ∇_V L ≈ 0: compare at the size of the terms that cancel, 2λv·V
      expect(maxAbsDiff(a.g.gV, ref.gV)).toBeLessThan(1e-9 * 2 * 0.7 * maxAbs(a.fit.V));
      expect(Math.abs(a.g.objective - ref.objective)).toBeLessThan(1e-12 * ref.objective);
      expect(Math.abs(a.fit.objective.at(-1)! - ref.objective)).toBeLessThan(1e-12 * ref.objective);
    });
  }

  it('a row whose Gram matrix is singular is reported by row, from whichever thread met it', () => {
    setThreads(3);
    // user 2999 rates nothing, so with λ = 0 its Gram matrix is 0; it lies in the last chunk, a worker's
    const S = randomRatings(new Rng(5), 3000, 400, 120_000, 2999);
    const rng = new Rng(6);
    const V = new Float64Array(new SharedArrayBuffer(S.nItems * 4 * 8)).map(() => rng.normal());
    const out = new Float64Array(new SharedArrayBuffer(S.nUsers * 4 * 8));
    expect(() => alsHalfSweep(S.byUser, S.nUsers, V, 4, 0, out)).toThrow(/row 2999 is not positive definite/);
    alsHalfSweep(S.byUser, S.nUsers, V, 4, 1e-9, out);
    expect(out.subarray(2999 * 4).every((x) => x === 0)).toBe(true);
  });
});
