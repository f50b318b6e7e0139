/**
 * Float64Array vectors on the host, on the main thread (the float64 reference and refinement
 * path): the loops are the thread pool's kernels run over the whole vector as one chunk;
 * Gram–Schmidt always makes two passes. `sharedSpace` is the multi-core version.
 */
import type { Csr } from '../graph/csr.js';
import type { Rng } from '../util/rng.js';
import type { LinearOperator, VectorSpace } from './vector-space.js';
import { combine, dots, subtract } from '../parallel/kernels.js';

export const hostSpace: VectorSpace<Float64Array> = {
  precision: 'float64',
  random(len: number, rng: Rng): Float64Array {
    const x = new Float64Array(len);
    for (let i = 0; i < len; i++) x[i] = rng.normal();
    return x;
  },
  norm(x) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
    return Math.sqrt(s);
  },
  dot(x, y) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
    return s;
  },
  scale(x, s) {
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = x[i]! * s;
    return y;
  },
  axpy(y, a, x) {
    const z = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) z[i] = y[i]! + a * x[i]!;
    return z;
  },
  orthogonalize(x, basis) {
    const out = Float64Array.from(x);
    const k = basis.length;
    const coeffs = new Float64Array(k);
    const c = new Float64Array(k);
    const sq = new Float64Array(1);
    for (let pass = 0; pass < 2; pass++) {
      // one chunk: the pool's loops, run here on the whole vector
      dots([out, c, k, ...basis], 0, out.length, 0);
      subtract([out, out, c, sq, k, ...basis], 0, out.length, 0);
      for (let t = 0; t < k; t++) coeffs[t]! += c[t]!;
    }
    return { x: out, coeffs };
  },
  combine(basis, coeffs, ld, k) {
    const len = basis[0]?.length ?? 0;
    const m = basis.length;
    const out = Array.from({ length: k }, () => new Float64Array(len));
    if (m === 0 || k === 0) return out;
    const packed = new Float64Array(k * m);
    for (let j = 0; j < k; j++) for (let l = 0; l < m; l++) packed[j * m + l] = coeffs[j * ld + l]!;
    combine([packed, m, k, ...out, ...basis], 0, len);
    return out;
  },
  sum(x) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]!;
    return s;
  },
  toFloat64(x) {
    return x;
  },
  fromFloat64(x) {
    return Float64Array.from(x);
  },
  dispose() {
    /* garbage collected */
  },
};

export function csrOperator(a: Csr): LinearOperator<Float64Array> {
  return {
    rows: a.nRows,
    cols: a.nCols,
    matvec: (x) => a.matvec(x),
    rmatvec: (y) => a.rmatvec(y),
  };
}
