import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng.js';
import { symEig } from '../../src/solvers/dense/sym-eig.js';
import { lanczosEigs, type SymmetricOperator } from '../../src/solvers/lanczos-eigs.js';
import { hostSpace } from '../../src/solvers/host-space.js';
import { tensorSpace } from '../../src/solvers/tensor-space.js';
import { symEig as jacobiEig } from '../helpers/dense.js';

function randomSym(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}

function denseOp(a: Float64Array, n: number): SymmetricOperator<Float64Array> {
  return {
    size: n,
    apply: (x) => {
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
        y[i] = s;
      }
      return y;
    },
  };
}

describe('dense symmetric eigensolver (Householder + QL)', () => {
  it('matches two-sided Jacobi and gives orthonormal eigenvectors on random matrices', () => {
    const rng = new Rng(3);
    for (const n of [1, 2, 7, 40]) {
      const a = randomSym(rng, n);
      const { values, vectors } = symEig(a, n);
      const ref = jacobiEig(a, n).values; // descending
      for (let i = 0; i < n; i++) expect(values[i]!).toBeCloseTo(ref[n - 1 - i]!, 10);
      for (let p = 0; p < n; p++) {
        // A v = λ v and VᵀV = I
        const v = vectors.subarray(p * n, p * n + n);
        const av = denseOp(a, n).apply(Float64Array.from(v));
        for (let i = 0; i < n; i++) expect(Math.abs(av[i]! - values[p]! * v[i]!)).toBeLessThan(1e-10);
        for (let q = 0; q < n; q++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += v[i]! * vectors[q * n + i]!;
          expect(Math.abs(s - (p === q ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('handles exactly repeated eigenvalues', () => {
    const n = 6;
    const a = new Float64Array(n * n);
    [1, 1, 1, 2, 2, 5].forEach((v, i) => (a[i * n + i] = v));
    expect(Array.from(symEig(a, n).values)).toEqual([1, 1, 1, 2, 2, 5]);
  });
});

describe('thick-restart Lanczos for extreme eigenpairs', () => {
  it('finds the smallest and largest eigenpairs of random symmetric matrices (float64), with deflation', () => {
    const rng = new Rng(11);
    const n = 120;
    const a = randomSym(rng, n);
    const ref = symEig(a, n);
    const op = denseOp(a, n);
    const small = lanczosEigs(op, hostSpace, { k: 4, which: 'smallest', seed: 2, basisSize: 24 });
    expect(small.converged).toBe(true);
    expect(small.restarts).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) {
      expect(small.values[i]!).toBeCloseTo(ref.values[i]!, 9);
      expect(small.residuals[i]!).toBeLessThan(1e-9);
    }
    const large = lanczosEigs(op, hostSpace, { k: 3, which: 'largest', seed: 2, basisSize: 24 });
    for (let i = 0; i < 3; i++) expect(large.values[i]!).toBeCloseTo(ref.values[n - 1 - i]!, 9);
    // deflating the two smallest eigenvectors: the solver returns the next ones
    const deflate = [0, 1].map((c) => Float64Array.from(ref.vectors.subarray(c * n, c * n + n)));
    const next = lanczosEigs(op, hostSpace, { k: 2, which: 'smallest', seed: 4, deflate, basisSize: 24 });
    expect(next.values[0]!).toBeCloseTo(ref.values[2]!, 9);
    expect(next.values[1]!).toBeCloseTo(ref.values[3]!, 9);
  });

  it('runs on float32 tensors without leaking', () => {
    const rng = new Rng(12);
    const n = 60;
    const a = randomSym(rng, n);
    const ref = symEig(a, n);
    const at = tf.tensor2d(Float32Array.from(a), [n, n]);
    const before = tf.memory().numTensors;
    const res = lanczosEigs({ size: n, apply: (x: tf.Tensor2D) => tf.matMul(at, x) }, tensorSpace, { k: 2, which: 'largest', seed: 1 });
    expect(res.precision).toBe('float32');
    expect(res.values[0]!).toBeCloseTo(ref.values[n - 1]!, 4);
    tf.dispose(res.vectors);
    expect(tf.memory().numTensors).toBe(before);
    at.dispose();
  });
});
