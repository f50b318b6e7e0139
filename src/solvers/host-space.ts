/** Float64Array vectors on the host (the float64 reference and refinement path). */
import type { Csr } from '../graph/csr.js';
import type { Rng } from '../util/rng.js';
import type { LinearOperator, VectorSpace } from './vector-space.js';

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
    const coeffs = new Float64Array(basis.length);
    for (let pass = 0; pass < 2; pass++) {
      const c = new Float64Array(basis.length);
      for (let j = 0; j < basis.length; j++) {
        const b = basis[j]!;
        let s = 0;
        for (let i = 0; i < out.length; i++) s += b[i]! * out[i]!;
        c[j] = s;
      }
      for (let j = 0; j < basis.length; j++) {
        const b = basis[j]!;
        const cj = c[j]!;
        for (let i = 0; i < out.length; i++) out[i]! -= cj * b[i]!;
        coeffs[j]! += cj;
      }
    }
    return { x: out, coeffs };
  },
  combine(basis, coeffs, ld, k) {
    const len = basis[0]?.length ?? 0;
    const out: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
      const y = new Float64Array(len);
      for (let i = 0; i < basis.length; i++) {
        const c = coeffs[j * ld + i]!;
        if (c === 0) continue;
        const b = basis[i]!;
        for (let t = 0; t < len; t++) y[t]! += c * b[t]!;
      }
      out.push(y);
    }
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
