/**
 * Float32 tensor vectors ([len, 1]) on the active tfjs backend. Reorthogonalisation is two
 * matMuls against the stacked basis, so it runs as a few large ops on a GPU too.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng.js';
import type { SparseMatrix } from '../sparse/sparse-matrix.js';
import { spmm } from '../sparse/spmm.js';
import type { LinearOperator, VectorSpace } from './vector-space.js';

type V = tf.Tensor2D;

export const tensorSpace: VectorSpace<V> = {
  precision: 'float32',
  random(len: number, rng: Rng): V {
    const x = new Float32Array(len);
    for (let i = 0; i < len; i++) x[i] = rng.normal();
    return tf.tensor2d(x, [len, 1]);
  },
  norm(x) {
    // float64 accumulation on the host would need a download; tf.norm is float32 and good
    // to ~1e-7 relative, which is all a float32 vector can carry anyway.
    const n = tf.tidy(() => tf.norm(x));
    const v = n.dataSync()[0]!;
    n.dispose();
    return v;
  },
  scale(x, s) {
    return tf.tidy(() => tf.mul(x, s));
  },
  axpy(y, a, x) {
    return tf.tidy(() => tf.add(y, tf.mul(x, a)));
  },
  orthogonalize(x, basis) {
    if (basis.length === 0) return { x: tf.clone(x), coeffs: new Float64Array(0) };
    const coeffs = new Float64Array(basis.length);
    const out = tf.tidy(() => {
      const b = basis.length === 1 ? basis[0]! : tf.concat(basis as V[], 1);
      let y: V = x;
      for (let pass = 0; pass < 2; pass++) {
        const c = tf.matMul(b, y, true, false);
        const cv = c.dataSync();
        for (let j = 0; j < basis.length; j++) coeffs[j]! += cv[j]!;
        y = tf.sub(y, tf.matMul(b, c));
      }
      return y;
    });
    return { x: out, coeffs };
  },
  combine(basis, coeffs, ld, k) {
    return tf.tidy(() => {
      const b = basis.length === 1 ? basis[0]! : tf.concat(basis as V[], 1);
      const c = new Float32Array(basis.length * k);
      for (let j = 0; j < k; j++) for (let i = 0; i < basis.length; i++) c[i * k + j] = coeffs[j * ld + i]!;
      const y = tf.matMul(b, tf.tensor2d(c, [basis.length, k]));
      return k === 1 ? [y as V] : (tf.split(y, k, 1) as V[]);
    });
  },
  sum(x) {
    const s = tf.tidy(() => tf.sum(x));
    const v = s.dataSync()[0]!;
    s.dispose();
    return v;
  },
  toFloat64(x) {
    return Float64Array.from(x.dataSync());
  },
  fromFloat64(x) {
    return tf.tensor2d(Float32Array.from(x), [x.length, 1]);
  },
  dispose(x) {
    tf.dispose(x as V | V[]);
  },
};

export function sparseOperator(a: SparseMatrix): LinearOperator<V> {
  return {
    rows: a.nRows,
    cols: a.nCols,
    matvec: (x) => spmm(a, x),
    rmatvec: (y) => spmm(a, y, { transpose: true }),
  };
}
