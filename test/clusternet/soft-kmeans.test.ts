/**
 * Soft k-means as a differentiable layer: the closed-form Jacobians against central
 * differences of one update, and the exact IFT gradient of a loss of the fixed point against
 * central differences that re-converge the forward pass; the one-step approximation is close
 * at β = 70 and far off at β = 5. GMRES against a dense solve.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { jacobianMuT, jacobianXT, kmeansStep, softKMeans, softKMeansBackward, type SoftKMeansData } from '../../src/tasks/clusternet/soft-kmeans.js';
import { gmres } from '../../src/solvers/gmres.js';
import { luSolve } from '../helpers/dense.js';
import { getPool, setThreads, threadCount } from '../../src/parallel/pool.js';

/** n unit vectors in p dimensions around k random directions (spread `noise`). */
function clustered(rng: Rng, n: number, p: number, k: number, noise: number): Float64Array {
  const centres = Array.from({ length: k }, () => Float64Array.from({ length: p }, () => rng.normal()));
  const X = new Float64Array(n * p);
  for (let j = 0; j < n; j++) {
    const c = centres[j % k]!;
    let norm = 0;
    for (let t = 0; t < p; t++) norm += (X[j * p + t] = c[t]! + noise * rng.normal()) ** 2;
    for (let t = 0; t < p; t++) X[j * p + t]! /= Math.sqrt(norm);
  }
  return X;
}

const data = (X: Float64Array, n: number, p: number, k: number, beta: number): SoftKMeansData => ({ X, n, p, k, beta });
const rel = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / m;
};

describe('soft k-means layer', () => {
  const rng = new Rng(12);
  const [n, p, k] = [45, 5, 3];
  const X = clustered(rng, n, p, k, 0.6);
  const mu0 = X.slice(0, k * p);

  it('∂g/∂μ and ∂g/∂X (closed forms, transposed products) equal central differences of one update', () => {
    const d = data(X, n, p, k, 7);
    const mu = Float64Array.from(mu0, (v) => v + 0.1 * rng.normal());
    const s = kmeansStep(d, mu);
    const v = Float64Array.from({ length: k * p }, () => rng.normal());
    const h = 1e-6;
    const Jv = jacobianMuT(d, s, v);
    const fdMu = Float64Array.from({ length: k * p }, (_, q) => {
      const plus = Float64Array.from(mu);
      const minus = Float64Array.from(mu);
      plus[q]! += h;
      minus[q]! -= h;
      const gp = kmeansStep(d, plus).g;
      const gm = kmeansStep(d, minus).g;
      return gp.reduce((acc, x, t) => acc + v[t]! * (x - gm[t]!), 0) / (2 * h);
    });
    expect(rel(Jv, fdMu)).toBeLessThan(1e-7);
    const JX = jacobianXT(d, mu, s, v);
    for (const q of [0, 7, 33, 101, n * p - 1]) {
      const plus = Float64Array.from(X);
      const minus = Float64Array.from(X);
      plus[q]! += h;
      minus[q]! -= h;
      const gp = kmeansStep(data(plus, n, p, k, 7), mu).g;
      const gm = kmeansStep(data(minus, n, p, k, 7), mu).g;
      const fd = gp.reduce((acc, x, t) => acc + v[t]! * (x - gm[t]!), 0) / (2 * h);
      expect(Math.abs(JX[q]! - fd)).toBeLessThan(1e-7 * Math.max(...Array.from(JX, Math.abs)));
    }
  });

  for (const beta of [5, 30]) {
    it(`β = ${beta}: the exact (IFT) gradient of ⟨W, μ*(X)⟩ equals central differences that re-converge the fixed point`, () => {
      const d = data(X, n, p, k, beta);
      const fwd = softKMeans(d, mu0, { tol: 1e-14, maxIter: 5000 });
      expect(fwd.converged).toBe(true);
      const W = Float64Array.from({ length: k * p }, () => rng.normal());
      const back = softKMeansBackward(d, fwd, W, 'exact');
      expect(back.solve.residual).toBeLessThan(1e-10);
      const loss = (Xp: Float64Array): number => softKMeans(data(Xp, n, p, k, beta), fwd.mu, { tol: 1e-15, maxIter: 20000 }).mu.reduce((acc, m, t) => acc + W[t]! * m, 0);
      const h = 1e-6;
      const picks = [1, 12, 40, 77, 150, n * p - 3];
      const fd = picks.map((q) => {
        const plus = Float64Array.from(X);
        const minus = Float64Array.from(X);
        plus[q]! += h;
        minus[q]! -= h;
        return (loss(plus) - loss(minus)) / (2 * h);
      });
      const scale = Math.max(...Array.from(back.Xbar, Math.abs));
      picks.forEach((q, t) => expect(Math.abs(back.Xbar[q]! - fd[t]!) / scale).toBeLessThan(1e-6));
    });
  }

  it('the one-step approximation: far from the exact gradient at β = 5, close at β = 70 (well-separated clusters)', () => {
    const r2 = new Rng(12);
    const Xs = clustered(r2, n, p, k, 0.2);
    const cosine = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0) / Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0));
    const W = Float64Array.from({ length: k * p }, () => r2.normal());
    const errs: number[] = [];
    for (const beta of [5, 70]) {
      const d = data(Xs, n, p, k, beta);
      const fwd = softKMeans(d, Xs.slice(0, k * p), { tol: 1e-14, maxIter: 5000 });
      const exact = softKMeansBackward(d, fwd, W, 'exact').Xbar;
      const one = softKMeansBackward(d, fwd, W, 'one-step').Xbar;
      errs.push(rel(one, exact));
      if (beta === 70) expect(cosine(one, exact)).toBeGreaterThan(0.99);
    }
    expect(errs[0]).toBeGreaterThan(0.2);
    expect(errs[1]).toBeLessThan(0.01);
  });

  it('the passes on the thread pool: forward and both backward modes are bit-identical for 1 and 3 threads', () => {
    const before = threadCount();
    const r3 = new Rng(4);
    const [N, P, K] = [3000, 16, 4];
    const Xb = clustered(r3, N, P, K, 0.5);
    const W = Float64Array.from({ length: K * P }, () => r3.normal());
    const run = (threads: number) => {
      setThreads(threads);
      const d = data(Xb, N, P, K, 12);
      const fwd = softKMeans(d, Xb.slice(0, K * P), { tol: 1e-12, maxIter: 2000 });
      return [fwd.mu, fwd.r, softKMeansBackward(d, fwd, W, 'exact').Xbar, softKMeansBackward(d, fwd, W, 'one-step').Xbar].map((a) => Array.from(a));
    };
    try {
      const one = run(1);
      const three = run(3);
      expect(getPool().size).toBe(3);
      one.forEach((a, t) => expect(three[t]).toEqual(a));
    } finally {
      setThreads(before);
    }
  });

  it('GMRES solves a nonsymmetric system to its tolerance (dense LU reference)', () => {
    const m = 30;
    const A = Float64Array.from({ length: m * m }, (_, t) => (t % (m + 1) === 0 ? 4 : 0) + 0.3 * rng.normal());
    const b = Float64Array.from({ length: m }, () => rng.normal());
    const res = gmres((x) => Float64Array.from({ length: m }, (_, i) => x.reduce((s, v, j) => s + A[i * m + j]! * v, 0)), b, { tol: 1e-13, maxIter: m });
    expect(res.converged).toBe(true);
    expect(rel(res.x, luSolve(A, b, m).x)).toBeLessThan(1e-11);
  });
});
