/**
 * Float64 vectors on SharedArrayBuffers, with the arithmetic a Krylov solver needs run by
 * the thread pool (src/parallel): the multi-core version of `hostSpace`.
 *
 * Orthogonalisation is classical Gram–Schmidt with a second pass only when the first
 * removed more than 1 − 1/√2 of the norm (the DGKS criterion, "twice is enough"); the norm
 * of the input comes out of the same sweep as the projection coefficients. Every reduction
 * is summed chunk by chunk in a fixed order, so results do not depend on the thread count.
 *
 * Disposed vectors are recycled: a Krylov solver allocates a few vectors per step, and
 * fresh memory costs a page fault per 4 KiB on first touch (on the development machine a
 * fresh 13 MB vector cost more than the arithmetic done on it). A vector must not be used
 * after `dispose`; `toFloat64` hands out a copy the caller keeps.
 */
import type { Rng } from '../util/rng.js';
import { getPool, sharedFloat64, vectorChunks, type ThreadPool } from '../parallel/pool.js';
import type { VectorSpace } from './vector-space.js';

const DGKS = Math.SQRT1_2;

/** Sum of the chunk partials out[c·stride + j], chunk by chunk. */
function reduce(out: Float64Array, chunks: number, stride: number, j: number): number {
  let s = 0;
  for (let c = 0; c < chunks; c++) s += out[c * stride + j]!;
  return s;
}

export interface SharedSpace extends VectorSpace<Float64Array> {
  /** a vector of length n (recycled when one was disposed; contents undefined) */
  alloc(n: number): Float64Array;
}

export function sharedSpace(pool: ThreadPool = getPool()): SharedSpace {
  const free = new Map<number, Float64Array[]>();
  const alloc = (n: number): Float64Array => free.get(n)?.pop() ?? sharedFloat64(n);
  const release = (x: Float64Array): void => {
    let list = free.get(x.length);
    if (!list) free.set(x.length, (list = []));
    if (!list.includes(x)) list.push(x);
  };
  const boundsCache = new Map<number, Int32Array>();
  const bounds = (n: number): Int32Array => {
    let b = boundsCache.get(n);
    if (!b) {
      b = vectorChunks(n);
      boundsCache.set(n, b);
    }
    return b;
  };
  let scratch = sharedFloat64(0);
  const partials = (len: number): Float64Array => {
    if (scratch.length < len) scratch = sharedFloat64(Math.max(len, 2 * scratch.length));
    return scratch;
  };
  let coefBuf = sharedFloat64(0);
  const coefs = (values: ArrayLike<number>, len: number): Float64Array => {
    if (coefBuf.length < len) coefBuf = sharedFloat64(Math.max(len, 2 * coefBuf.length));
    for (let i = 0; i < len; i++) coefBuf[i] = values[i]!;
    return coefBuf;
  };
  const sums = (x: Float64Array): { sq: number; sum: number } => {
    const b = bounds(x.length);
    const chunks = b.length - 1;
    const out = partials(2 * chunks);
    pool.run('sums', [x, out], b);
    return { sq: reduce(out, chunks, 2, 0), sum: reduce(out, chunks, 2, 1) };
  };
  /** c_j = b_jᵀx (and, when withNorm, xᵀx as entry k) */
  const dots = (x: Float64Array, basis: readonly Float64Array[], withNorm: boolean): Float64Array => {
    const b = bounds(x.length);
    const chunks = b.length - 1;
    const k = basis.length + (withNorm ? 1 : 0);
    const out = partials(chunks * k);
    pool.run('dots', [x, out, k, ...basis, ...(withNorm ? [x] : [])], b);
    const c = new Float64Array(k);
    for (let j = 0; j < k; j++) c[j] = reduce(out, chunks, k, j);
    return c;
  };
  /** y = x − Σ c_j b_j; returns ‖y‖² */
  const subtract = (x: Float64Array, y: Float64Array, c: Float64Array, basis: readonly Float64Array[]): number => {
    const b = bounds(x.length);
    const chunks = b.length - 1;
    const coef = coefs(c, basis.length);
    const out = partials(chunks);
    pool.run('subtract', [x, y, coef, out, basis.length, ...basis], b);
    return reduce(out, chunks, 1, 0);
  };

  return {
    precision: 'float64',
    alloc,
    random(len: number, rng: Rng): Float64Array {
      const x = alloc(len);
      for (let i = 0; i < len; i++) x[i] = rng.normal();
      return x;
    },
    norm(x) {
      return Math.sqrt(sums(x).sq);
    },
    dot(x, y) {
      return dots(x, [y], false)[0]!;
    },
    scale(x, s) {
      const y = alloc(x.length);
      pool.run('scale', [x, s, y], bounds(x.length));
      return y;
    },
    axpy(y, a, x) {
      const z = alloc(y.length);
      pool.run('axpy', [y, a, x, z], bounds(y.length));
      return z;
    },
    orthogonalize(x, basis) {
      const k = basis.length;
      const out = alloc(x.length);
      if (k === 0) {
        out.set(x);
        return { x: out, coeffs: new Float64Array(0) };
      }
      const first = dots(x, basis, true);
      const xx = first[k]!;
      const coeffs = first.slice(0, k);
      const yy = subtract(x, out, coeffs, basis);
      if (!(yy >= DGKS * DGKS * xx)) {
        const second = dots(out, basis, false);
        subtract(out, out, second, basis);
        for (let j = 0; j < k; j++) coeffs[j]! += second[j]!;
      }
      return { x: out, coeffs };
    },
    combine(basis, coeffs, ld, k) {
      const m = basis.length;
      const len = basis[0]?.length ?? 0;
      const outs: Float64Array[] = [];
      for (let j = 0; j < k; j++) outs.push(alloc(len));
      if (m === 0 || k === 0) return outs;
      // the kernel wants coefficients packed as coef[j·m + l]
      const packed = new Float64Array(k * m);
      for (let j = 0; j < k; j++) for (let l = 0; l < m; l++) packed[j * m + l] = coeffs[j * ld + l]!;
      pool.run('combine', [coefs(packed, k * m), m, k, ...outs, ...basis], bounds(len));
      return outs;
    },
    sum(x) {
      return sums(x).sum;
    },
    toFloat64(x) {
      return Float64Array.from(x);
    },
    fromFloat64(x) {
      const y = alloc(x.length);
      y.set(x);
      return y;
    },
    dispose(x) {
      if (ArrayBuffer.isView(x)) release(x as Float64Array);
      else for (const v of x as readonly Float64Array[]) release(v);
    },
  };
}
