import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng.js';
import { als, alsObjective, alsStart } from '../../src/solvers/als.js';
import { alsTensor, batchedSpdSolve } from '../../src/solvers/als-tensor.js';
import { lemma6Influence } from '../../src/tasks/completion/influence.js';
import { completionTask, completionObjective, type CompletionFit } from '../../src/tasks/completion/index.js';
import { exactCompletionDerivative } from '../../src/tasks/completion/exact.js';
import { complementRmse } from '../../src/tasks/completion/complement-rmse.js';
import { autodiffLinearised, linearisedObjective, verifyCompletion } from '../../src/tasks/completion/verify.js';
import { spearman, topKOverlap } from '../../src/metrics/rank-correlation.js';
import { buildRatings, type Ratings } from '../../src/ratings/ratings.js';
import { complementRmseBrute, denseHalfSweep, denseSolve, lowRankRatings } from '../helpers/ratings.js';
import { maxAbs, maxAbsDiff } from '../helpers/dense.js';

const opts = (r: number, iters: number, seed = 3) => ({ rank: r, lambdaU: 0.5, lambdaV: 0.7, iters, seed });

/** Lemma 6 from explicit dense inverses (independent of the Cholesky path). */
function denseLemma6(R: Ratings, U: Float64Array, V: Float64Array, r: number, lu: number, lv: number): Float64Array {
  const G = (W: Float64Array, n: number) => Array.from({ length: r }, (_, a) => Array.from({ length: r }, (_, b) => { let s = 0; for (let i = 0; i < n; i++) s += W[i * r + a]! * W[i * r + b]!; return s; }));
  const VtV = G(V, R.nItems);
  const UtU = G(U, R.nUsers);
  const row = (W: Float64Array, i: number) => Array.from({ length: r }, (_, a) => W[i * r + a]!);
  const out = new Float64Array(R.user.length);
  for (let e = 0; e < out.length; e++) {
    const i = R.user[e]!;
    const j = R.item[e]!;
    const C = Array.from({ length: r }, (_, a) => Array.from({ length: r }, (_, b) => (a === b ? lu : 0)));
    const D = Array.from({ length: r }, (_, a) => Array.from({ length: r }, (_, b) => (a === b ? lv : 0)));
    for (let f = 0; f < out.length; f++) {
      if (R.user[f] === i) for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) C[a]![b]! += V[R.item[f]! * r + a]! * V[R.item[f]! * r + b]!;
      if (R.item[f] === j) for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) D[a]![b]! += U[R.user[f]! * r + a]! * U[R.user[f]! * r + b]!;
    }
    // 2·U_i (VᵀV) C⁻¹ V_jᵀ = 2·((VᵀV) U_iᵀ) · (C⁻¹ V_jᵀ)
    const x = denseSolve(C, row(V, j));
    const y = denseSolve(D, row(U, i));
    const ui = row(U, i);
    const vj = row(V, j);
    let s = 0;
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) s += ui[b]! * VtV[b]![a]! * x[a]! + vj[b]! * UtU[b]![a]! * y[a]!;
    out[e] = 2 * s;
  }
  return out;
}

describe('ALS matrix completion', () => {
  it('host ALS equals a dense float64 reference ALS from the same start, and the objective never increases', () => {
    const R = lowRankRatings(new Rng(1), 23, 17, 3, 0.3);
    const r = 4;
    const res = als(R, opts(r, 6));
    const { V: V0 } = alsStart(R, r, 3);
    let U: Float64Array = new Float64Array(R.nUsers * r);
    let V: Float64Array = V0;
    for (let s = 0; s < 6; s++) {
      U = denseHalfSweep(R.nUsers, R.user, R.item, R.value, V, r, 0.5);
      V = denseHalfSweep(R.nItems, R.item, R.user, R.value, U, r, 0.7);
    }
    expect(maxAbsDiff(res.U, U)).toBeLessThan(1e-10 * maxAbs(U));
    expect(maxAbsDiff(res.V, V)).toBeLessThan(1e-10 * maxAbs(V));
    for (let s = 1; s < res.objective.length; s++) expect(res.objective[s]!).toBeLessThanOrEqual(res.objective[s - 1]! * (1 + 1e-12));
    expect(res.objective.at(-1)).toBeCloseTo(alsObjective(R, res.U, res.V, r, 0.5, 0.7), 8);
    // same seed, same output
    expect(Array.from(als(R, opts(r, 6)).U)).toEqual(Array.from(res.U));
  });

  it('a sweep count is not convergence: converged only when a stationarity tolerance is met, stationarity equals a dense recomputation', () => {
    const R = lowRankRatings(new Rng(2), 30, 20, 3, 0.35);
    const r = 3;
    /** ‖∇L‖_F / (‖2P_Ω(A)V‖_F + ‖2P_Ω(A)ᵀU‖_F) from dense n1 × n2 matrices */
    const denseStationarity = (U: Float64Array, V: Float64Array, lu: number, lv: number): number => {
      const n1 = R.nUsers;
      const n2 = R.nItems;
      const A = new Float64Array(n1 * n2);
      const mask = new Uint8Array(n1 * n2);
      R.user.forEach((i, e) => {
        A[i * n2 + R.item[e]!] = R.value[e]!;
        mask[i * n2 + R.item[e]!] = 1;
      });
      const gU = new Float64Array(n1 * r);
      const gV = new Float64Array(n2 * r);
      const aV = new Float64Array(n1 * r);
      const aU = new Float64Array(n2 * r);
      for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) {
        if (!mask[i * n2 + j]) continue;
        let p = 0;
        for (let a = 0; a < r; a++) p += U[i * r + a]! * V[j * r + a]!;
        const res = A[i * n2 + j]! - p;
        for (let a = 0; a < r; a++) {
          gU[i * r + a]! += -2 * res * V[j * r + a]!;
          gV[j * r + a]! += -2 * res * U[i * r + a]!;
          aV[i * r + a]! += 2 * A[i * n2 + j]! * V[j * r + a]!;
          aU[j * r + a]! += 2 * A[i * n2 + j]! * U[i * r + a]!;
        }
      }
      let g = 0;
      gU.forEach((x, k) => (g += (x + 2 * lu * U[k]!) ** 2));
      gV.forEach((x, k) => (g += (x + 2 * lv * V[k]!) ** 2));
      const norm = (x: Float64Array) => Math.sqrt(x.reduce((a, y) => a + y * y, 0));
      return Math.sqrt(g) / (norm(aV) + norm(aU));
    };
    const ten = als(R, opts(r, 10));
    expect(ten.converged).toBe(false);
    expect(ten.stoppedBy).toBe('sweeps');
    expect(ten.stationarity).toBeGreaterThan(1e-6);
    expect(ten.stationarity / denseStationarity(ten.U, ten.V, 0.5, 0.7)).toBeCloseTo(1, 8);
    const fit = completionTask.fit(R, { seed: 3, options: { rank: r, iters: 10 } }) as CompletionFit;
    expect(fit.solver.converged).toBe(false);
    expect(String(fit.solver.note)).toMatch(/10 sweeps asked for \(a setting, not a stopping rule\)/);
    const tight = als(R, { ...opts(r, 5000), tol: 1e-7 });
    expect(tight.converged).toBe(true);
    expect(tight.stoppedBy).toBe('tolerance');
    expect(tight.sweeps).toBeLessThan(5000);
    expect(denseStationarity(tight.U, tight.V, 0.5, 0.7)).toBeLessThanOrEqual(1e-7 * (1 + 1e-6));
  });

  it('tensor-op ALS (float32, batched Gauss–Jordan) agrees with the host float64 ALS and leaks no tensors', () => {
    const R = lowRankRatings(new Rng(2), 30, 25, 3, 0.25);
    const before = tf.memory().numTensors;
    const t = alsTensor(R, opts(5, 4));
    expect(tf.memory().numTensors).toBe(before);
    const h = als(R, opts(5, 4));
    expect(maxAbsDiff(t.U, h.U) / maxAbs(h.U)).toBeLessThan(1e-3);
    expect(maxAbsDiff(t.V, h.V) / maxAbs(h.V)).toBeLessThan(1e-3);
    const rng = new Rng(9);
    const n = 7;
    const r = 4;
    const Cs: number[] = [];
    const bs: number[] = [];
    const want: number[] = [];
    for (let i = 0; i < n; i++) {
      const M = Array.from({ length: r * r }, () => rng.normal());
      const C = Array.from({ length: r }, (_, a) => Array.from({ length: r }, (_, b) => M.slice(a * r, a * r + r).reduce((s, x, k) => s + x * M[b * r + k]!, a === b ? 0.3 : 0)));
      const b = Array.from({ length: r }, () => rng.normal());
      Cs.push(...C.flat());
      bs.push(...b);
      want.push(...denseSolve(C, b));
    }
    const x = tf.tidy(() => batchedSpdSolve(tf.tensor3d(Cs, [n, r, r]), tf.tensor2d(bs, [n, r])));
    expect(maxAbsDiff(x.dataSync(), want) / maxAbs(want)).toBeLessThan(1e-4);
    x.dispose();
  });

  it('Lemma 6 equals a dense explicit-inverse reference, autodiff of the linearised objective, and its finite differences', () => {
    const R = lowRankRatings(new Rng(4), 19, 14, 2, 0.35);
    const r = 3;
    const fit = completionTask.fit(R, { seed: 5, options: { rank: r, lambdaU: 0.4, lambdaV: 0.9, iters: 5 } }) as CompletionFit;
    const I = completionTask.derive(R, fit);
    const scale = maxAbs(I);
    expect(maxAbsDiff(I, denseLemma6(R, fit.U, fit.V, r, 0.4, 0.9))).toBeLessThan(1e-10 * scale);
    const before = tf.memory().numTensors;
    const ad = autodiffLinearised(R, fit);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(I, ad)).toBeLessThan(1e-4 * scale);
    const h = 1e-3;
    const g = linearisedObjective(R, fit);
    for (const e of [0, 7, R.user.length - 1]) {
      const p = Float64Array.from(R.value);
      const m = Float64Array.from(R.value);
      p[e]! += h;
      m[e]! -= h;
      const fd = (g(p) - g(m)) / (2 * h);
      expect(Math.abs(fd - I[e]!)).toBeLessThan(1e-7 * scale);
    }
    expect(fit.objective).toBeCloseTo(completionObjective(fit.U, fit.V, r), 8);
  });

  it('the exact derivative (implicit function theorem) matches finite differences of f at the re-converged fixed point', () => {
    const R = lowRankRatings(new Rng(6), 12, 10, 2, 0.5, 0.3);
    const r = 2;
    const o = { rank: r, lambdaU: 0.5, lambdaV: 0.5, iters: 5000, tol: 1e-13, seed: 2 };
    const x = als(R, o);
    expect(x.converged).toBe(true);
    const exact = exactCompletionDerivative(R, { U: x.U, V: x.V, rank: r, lambdaU: 0.5, lambdaV: 0.5 });
    expect(exact.residual).toBeLessThan(1e-8);
    const f = (values: Float64Array): number => {
      const Rp = buildRatings(R.userLabels, R.itemLabels, { user: R.user, item: R.item, value: values });
      const y = als(Rp, { ...o, start: { U: x.U, V: x.V } });
      return completionObjective(y.U, y.V, r);
    };
    const h = 1e-5;
    const scale = maxAbs(exact.values);
    for (const e of [0, 5, 17]) {
      const p = Float64Array.from(R.value);
      const m = Float64Array.from(R.value);
      p[e]! += h;
      m[e]! -= h;
      const fd = (f(p) - f(m)) / (2 * h);
      expect(Math.abs(fd - exact.values[e]!)).toBeLessThan(1e-5 * scale);
    }
    // Lemma 6 is a different (one-block) derivative: close in ranking, not equal
    const I = lemma6Influence(R, x.U, x.V, r, 0.5, 0.5);
    expect(maxAbsDiff(I, exact.values)).toBeGreaterThan(1e-6 * scale);
  });

  it('complement RMSE equals brute force over the unobserved cells', () => {
    const R = lowRankRatings(new Rng(8), 15, 11, 2, 0.3);
    const r = 3;
    const a = als(R, opts(r, 4));
    const drop = buildRatings(R.userLabels, R.itemLabels, { user: R.user.slice(3), item: R.item.slice(3), value: R.value.slice(3) });
    const b = als(drop, opts(r, 4));
    const brute = complementRmseBrute(R, a, b, r);
    const got = complementRmse(R, R.nUsers, R.nItems, { U: a.U, V: a.V, rank: r }, { U: b.U, V: b.V, rank: r });
    expect(got).toBeGreaterThan(0);
    expect(Math.abs(got - brute)).toBeLessThan(1e-12 * brute + 1e-15);
    expect(complementRmse(R, R.nUsers, R.nItems, { U: a.U, V: a.V, rank: r }, { U: a.U, V: a.V, rank: r })).toBe(0);
  });

  it('verify passes on generated ratings and reports the distance to the exact derivative', () => {
    const R = lowRankRatings(new Rng(10), 40, 30, 3, 0.2);
    const fit = completionTask.fit(R, { seed: 1, options: { rank: 3 } }) as CompletionFit;
    const before = tf.memory().numTensors;
    const rep = verifyCompletion(R, fit, { seed: 1, sample: 6, fixedPointSweeps: 300 });
    expect(tf.memory().numTensors).toBe(before);
    expect(rep.pass).toBe(true);
    expect(rep.checks.map((c) => c.name)).toEqual(['autodiff', 'finite difference', 'exact (IFT)']);
    expect(rep.notes.join('\n')).toMatch(/Spearman/);
    expect(() => completionTask.parseOptions({ rank: 0 })).toThrow(/rank/);
    expect(() => completionTask.parseOptions({ clusters: 3 })).toThrow(/no option 'clusters'/);
  });

  it('Spearman and top-k overlap', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 12);
    expect(topKOverlap([5, 4, 3, 2, 1], [5, 1, 4, 2, 3], 2)).toBe(0.5);
  });
  it('warm start is an option: ignored by default (the seeded protocol, bit for bit), and with it a refit starts from the given factors', () => {
    const R = lowRankRatings(new Rng(9), 40, 30, 3, 0.3);
    const options = { rank: 3, iters: 200, tol: 1e-9, engine: 'host' };
    const clean = completionTask.fit(R, { seed: 1, options }) as CompletionFit;
    const cold = completionTask.fit(R, { seed: 5, options }) as CompletionFit;
    const ignored = completionTask.fit(R, { seed: 5, options, warmStart: clean }) as CompletionFit;
    expect(Array.from(ignored.U)).toEqual(Array.from(cold.U));
    const warm = completionTask.fit(R, { seed: 5, options: { ...options, warmStart: true }, warmStart: clean }) as CompletionFit;
    // from a stationary point ALS stays there: fewer sweeps, the clean fit's objective
    expect(warm.solver.iterations).toBeLessThan(cold.solver.iterations);
    expect(Math.abs(warm.objective - clean.objective)).toBeLessThan(1e-6 * clean.objective);
  });
});
