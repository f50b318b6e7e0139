import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng.js';
import { jacobiSvd } from '../../src/solvers/dense/jacobi-svd.js';
import { lanczosSvd } from '../../src/solvers/lanczos-svd.js';
import { tensorSpace, sparseOperator } from '../../src/solvers/tensor-space.js';
import { hostSpace, csrOperator } from '../../src/solvers/host-space.js';
import { sparseFromCsr, disposeSparse } from '../../src/sparse/sparse-matrix.js';
import { denseSvd, randomCsr, symEig, gram } from '../helpers/dense.js';

const rng = new Rng(7);

describe('jacobiSvd (small dense, float64)', () => {
  for (const [m, n] of [
    [9, 6],
    [6, 9],
    [12, 12],
  ] as const) {
    it(`${m}×${n}: reconstructs A, orthonormal factors, σ = sqrt(eig(AᵀA))`, () => {
      const a = Float64Array.from({ length: m * n }, () => rng.normal());
      const r = jacobiSvd(a, m, n);
      const k = Math.min(m, n);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let t = 0; t < k; t++) s += r.u[t * m + i]! * r.s[t]! * r.v[t * n + j]!;
          expect(s).toBeCloseTo(a[i * n + j]!, 12);
        }
      for (let p = 0; p < k; p++)
        for (let q = 0; q < k; q++) {
          let uu = 0;
          let vv = 0;
          for (let i = 0; i < m; i++) uu += r.u[p * m + i]! * r.u[q * m + i]!;
          for (let i = 0; i < n; i++) vv += r.v[p * n + i]! * r.v[q * n + i]!;
          expect(uu).toBeCloseTo(p === q ? 1 : 0, 12);
          expect(vv).toBeCloseTo(p === q ? 1 : 0, 12);
        }
      const ev = m >= n ? symEig(gram(a, m, n), n).values : symEig(gram(a, m, n), n).values.slice(0, k);
      for (let t = 0; t < k; t++) expect(r.s[t]!).toBeCloseTo(Math.sqrt(Math.max(ev[t]!, 0)), 10);
    });
  }
});

describe('lanczosSvd against a dense float64 SVD', () => {
  const csr = randomCsr(rng, 140, 95, 0.05);
  const ref = denseSvd(csr.toDense(), 140, 95, 4);

  it('float64 host vectors: σ to 1e-10, vectors to 1e-8, residuals reported', () => {
    const r = lanczosSvd(csrOperator(csr), hostSpace, { k: 4, seed: 3 });
    expect(r.converged).toBe(true);
    expect(r.precision).toBe('float64');
    for (let i = 0; i < 4; i++) {
      expect(Math.abs(r.sigma[i]! - ref.s[i]!) / ref.s[0]!).toBeLessThan(1e-10);
      let dot = 0;
      for (let j = 0; j < 95; j++) dot += r.v[i]![j]! * ref.v[i]![j]!;
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-8);
      expect(r.residualAv[i]!).toBeLessThan(r.tol * r.sigma[0]!);
      expect(r.residualATu[i]!).toBeLessThan(r.tol * r.sigma[0]!);
    }
  });

  it('float32 tensors: σ to 1e-5 relative, converged, no leaked tensors, same seed → same output', () => {
    const before = tf.memory().numTensors;
    const a = sparseFromCsr(csr);
    const run = () => lanczosSvd(sparseOperator(a), tensorSpace, { k: 4, seed: 11 });
    const r1 = run();
    const r2 = run();
    expect(r1.converged).toBe(true);
    expect(r1.precision).toBe('float32');
    for (let i = 0; i < 4; i++) {
      expect(Math.abs(r1.sigma[i]! - ref.s[i]!) / ref.s[0]!).toBeLessThan(1e-5);
      const v = r1.v[i]!.dataSync();
      let dot = 0;
      for (let j = 0; j < 95; j++) dot += v[j]! * ref.v[i]![j]!;
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-4);
      expect(Array.from(r2.u[i]!.dataSync())).toEqual(Array.from(r1.u[i]!.dataSync()));
    }
    expect(Array.from(r2.sigma)).toEqual(Array.from(r1.sigma));
    tf.dispose([...r1.u, ...r1.v, ...r2.u, ...r2.v]);
    disposeSparse(a);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('restarts when the basis is small, and handles a basis as large as the matrix', () => {
    const r = lanczosSvd(csrOperator(csr), hostSpace, { k: 3, seed: 1, basisSize: 8 });
    expect(r.restarts).toBeGreaterThan(0);
    expect(r.converged).toBe(true);
    for (let i = 0; i < 3; i++) expect(Math.abs(r.sigma[i]! - ref.s[i]!) / ref.s[0]!).toBeLessThan(1e-9);
    const tiny = randomCsr(rng, 6, 5, 0.7);
    const tref = denseSvd(tiny.toDense(), 6, 5, 3);
    const t = lanczosSvd(csrOperator(tiny), hostSpace, { k: 3, seed: 1 });
    for (let i = 0; i < 3; i++) expect(t.sigma[i]!).toBeCloseTo(tref.s[i]!, 9);
  });

  it('refuses k larger than the matrix', () => {
    expect(() => lanczosSvd(csrOperator(csr), hostSpace, { k: 200 })).toThrow(/exceeds min/);
  });
});
