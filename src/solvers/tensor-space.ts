/**
 * Float32 tensor vectors ([len, 1]) on the active tfjs backend. Reorthogonalisation is two
 * matMuls against the stacked basis, so it runs as a few large ops on a GPU too.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng.js';
import type { SparseMatrix } from '../sparse/sparse-matrix.js';
import { spmm } from '../sparse/spmm.js';
import type { LinearOperator, VectorSpace } from './vector-space.js';
import type { ReadbackSpace } from '../linalg/operators.js';
import type { Maybe } from '../linalg/steps.js';
import { throwIfDeviceFailed } from '../backend/webgpu.js';

type V = tf.Tensor2D;

/** A scalar the device computes, read back at once; the tensor is released. */
function scalarSync(make: () => tf.Tensor): number {
  const t = tf.tidy(make);
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}

/**
 * The basis as a [j, n] matrix. Vectors are [n, 1]; reshaping to [1, n] is free and
 * stacking rows is a contiguous copy (stacking columns is a strided one, ~20× slower on
 * the cpu backend: 0.38 s vs 0.02 s for 20 vectors of 1M).
 */
function stackRows(basis: readonly V[]): tf.Tensor2D {
  const n = basis[0]!.shape[0];
  const rows = basis.map((b) => tf.reshape(b, [1, n]));
  return (rows.length === 1 ? rows[0]! : tf.concat(rows, 0)) as tf.Tensor2D;
}

export const tensorSpace: VectorSpace<V> = {
  precision: 'float32',
  random(len: number, rng: Rng): V {
    const x = new Float32Array(len);
    for (let i = 0; i < len; i++) x[i] = rng.normal();
    return tf.tensor2d(x, [len, 1]);
  },
  // float64 accumulation on the host would need a download; tf.norm is float32 and good
  // to ~1e-7 relative, which is all a float32 vector can carry anyway.
  norm: (x) => scalarSync(() => tf.norm(x)),
  dot: (x, y) => scalarSync(() => tf.sum(tf.mul(x, y))),
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
      const b = stackRows(basis);
      let y: V = x;
      for (let pass = 0; pass < 2; pass++) {
        const c = tf.matMul(b, y); // [j, 1]
        const cv = c.dataSync();
        for (let j = 0; j < basis.length; j++) coeffs[j]! += cv[j]!;
        y = tf.sub(y, tf.reshape(tf.matMul(c, b, true, false), y.shape)); // cᵀB: [1, n]
      }
      return y;
    });
    return { x: out, coeffs };
  },
  combine(basis, coeffs, ld, k) {
    return tf.tidy(() => {
      const b = stackRows(basis);
      const len = basis[0]!.shape[0];
      const c = new Float32Array(k * basis.length);
      for (let j = 0; j < k; j++) for (let i = 0; i < basis.length; i++) c[j * basis.length + i] = coeffs[j * ld + i]!;
      const y = tf.matMul(tf.tensor2d(c, [k, basis.length]), b); // [k, n]
      return (k === 1 ? [y] : tf.split(y, k, 0)).map((r) => tf.reshape(r, [len, 1]) as V);
    });
  },
  sum: (x) => scalarSync(() => tf.sum(x)),
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

/** The values of a device vector, read back without blocking (the only way tfjs-webgpu in Node can). */
async function readAsync(x: tf.Tensor): Promise<Float64Array> {
  const d = await x.data();
  throwIfDeviceFailed();
  return Float64Array.from(d);
}

/** A scalar the device computes, read back without blocking; the tensor is released. */
async function scalarAsync(make: () => tf.Tensor): Promise<number> {
  const t = tf.tidy(make);
  try {
    const d = await t.data();
    throwIfDeviceFailed();
    return d[0]!;
  } finally {
    t.dispose();
  }
}

/**
 * Float32 tensor vectors whose read-backs are awaited: the same arithmetic as `tensorSpace`,
 * for backends that cannot read back synchronously (webgpu in Node). Reorthogonalisation is
 * still two matMuls against the stacked basis, the coefficients read between them.
 */
export const tensorReadbackSpace: ReadbackSpace<V> = {
  ...tensorSpace,
  norm: (x) => scalarAsync(() => tf.norm(x)),
  dot: (x, y) => scalarAsync(() => tf.sum(tf.mul(x, y))),
  sum: (x) => scalarAsync(() => tf.sum(x)),
  async orthogonalize(x, basis) {
    if (basis.length === 0) return { x: tf.clone(x), coeffs: new Float64Array(0) };
    const coeffs = new Float64Array(basis.length);
    const b = stackRows(basis);
    let y: V = tf.clone(x);
    for (let pass = 0; pass < 2; pass++) {
      const c = tf.matMul(b, y); // [j, 1]
      const cv = await readAsync(c);
      for (let j = 0; j < basis.length; j++) coeffs[j]! += cv[j]!;
      const next = tf.tidy(() => tf.sub(y, tf.reshape(tf.matMul(c, b, true, false), y.shape)) as V);
      tf.dispose([c, y]);
      y = next;
    }
    b.dispose();
    return { x: y, coeffs };
  },
  toFloat64: readAsync,
};

/** Whether the active backend reads back only asynchronously (tfjs-webgpu in Node: no dataSync). */
export const asyncReadback = (): boolean => tf.getBackend() === 'webgpu';

/** A tensor's values on the host: at once where the backend reads back synchronously, else a promise (yield it through linalg/steps' read). */
export function readTensor(t: tf.Tensor): Maybe<Float64Array> {
  return asyncReadback() ? readAsync(t) : Float64Array.from(t.dataSync());
}

/** The device's vector space: `tensorSpace` where the backend reads back synchronously, else the awaited one. */
export function deviceSpace(): ReadbackSpace<V> {
  return asyncReadback() ? tensorReadbackSpace : tensorSpace;
}

export function sparseOperator(a: SparseMatrix): LinearOperator<V> {
  return {
    rows: a.nRows,
    cols: a.nCols,
    matvec: (x) => spmm(a, x),
    rmatvec: (y) => spmm(a, y, { transpose: true }),
  };
}
