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
    const k = basis.length;
    const coeffs = new Float64Array(k);
    const c = new Float64Array(k);
    for (let pass = 0; pass < 2; pass++) {
      dotsInto(basis, out, c);
      // out −= Σ c_j b_j, four basis vectors per sweep over `out` (a quarter of the traffic)
      let j = 0;
      for (; j + 4 <= k; j += 4) {
        const b0 = basis[j]!, b1 = basis[j + 1]!, b2 = basis[j + 2]!, b3 = basis[j + 3]!;
        const c0 = c[j]!, c1 = c[j + 1]!, c2 = c[j + 2]!, c3 = c[j + 3]!;
        for (let i = 0; i < out.length; i++) out[i] = out[i]! - c0 * b0[i]! - c1 * b1[i]! - c2 * b2[i]! - c3 * b3[i]!;
      }
      for (; j < k; j++) {
        const b = basis[j]!;
        const cj = c[j]!;
        for (let i = 0; i < out.length; i++) out[i]! -= cj * b[i]!;
      }
      for (let t = 0; t < k; t++) coeffs[t]! += c[t]!;
    }
    return { x: out, coeffs };
  },
  combine(basis, coeffs, ld, k) {
    const len = basis[0]?.length ?? 0;
    const out: Float64Array[] = [];
    const m = basis.length;
    for (let j = 0; j < k; j++) {
      const y = new Float64Array(len);
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const b0 = basis[i]!, b1 = basis[i + 1]!, b2 = basis[i + 2]!, b3 = basis[i + 3]!;
        const o = j * ld + i;
        const c0 = coeffs[o]!, c1 = coeffs[o + 1]!, c2 = coeffs[o + 2]!, c3 = coeffs[o + 3]!;
        for (let t = 0; t < len; t++) y[t] = y[t]! + c0 * b0[t]! + c1 * b1[t]! + c2 * b2[t]! + c3 * b3[t]!;
      }
      for (; i < m; i++) {
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

/** c_j = b_jᵀx for every basis vector, four at a time. */
function dotsInto(basis: readonly Float64Array[], x: Float64Array, c: Float64Array): void {
  const k = basis.length;
  const n = x.length;
  let j = 0;
  for (; j + 4 <= k; j += 4) {
    const b0 = basis[j]!, b1 = basis[j + 1]!, b2 = basis[j + 2]!, b3 = basis[j + 3]!;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      s0 += b0[i]! * xi;
      s1 += b1[i]! * xi;
      s2 += b2[i]! * xi;
      s3 += b3[i]! * xi;
    }
    c[j] = s0;
    c[j + 1] = s1;
    c[j + 2] = s2;
    c[j + 3] = s3;
  }
  for (; j < k; j++) {
    const b = basis[j]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += b[i]! * x[i]!;
    c[j] = s;
  }
}

export function csrOperator(a: Csr): LinearOperator<Float64Array> {
  return {
    rows: a.nRows,
    cols: a.nCols,
    matvec: (x) => a.matvec(x),
    rmatvec: (y) => a.rmatvec(y),
  };
}
