/**
 * Sparse (CSR) × dense, pure typed-array implementation.
 *
 * A is nRows × nCols in CSR (rowPtr, colIdx, values); B is dense row-major.
 * - transpose = false: out = A · B, B is nCols × d, out is nRows × d (row-wise gather).
 * - transpose = true:  out = Aᵀ · B, B is nRows × d, out is nCols × d (row-wise scatter).
 * Sums are accumulated in float64 (JS numbers) and rounded once to float32.
 */
export function spmmImpl(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float32Array,
  b: Float32Array,
  nRows: number,
  nCols: number,
  d: number,
  transpose: boolean,
): Float32Array {
  if (!transpose) {
    const out = new Float32Array(nRows * d);
    if (d === 1) {
      for (let i = 0; i < nRows; i++) {
        let acc = 0;
        const end = rowPtr[i + 1]!;
        for (let e = rowPtr[i]!; e < end; e++) acc += values[e]! * b[colIdx[e]!]!;
        out[i] = acc;
      }
      return out;
    }
    // two stored entries per pass over the d columns (half the passes over acc), the row's
    // first entry assigned instead of a fill, the row copied out in one set()
    const acc = new Float64Array(d);
    for (let i = 0; i < nRows; i++) {
      const end = rowPtr[i + 1]!;
      let e = rowPtr[i]!;
      if (e === end) continue;
      const v = values[e]!;
      const base = colIdx[e]! * d;
      for (let k = 0; k < d; k++) acc[k] = v * b[base + k]!;
      for (e++; e + 1 < end; e += 2) {
        const v0 = values[e]!;
        const v1 = values[e + 1]!;
        const b0 = colIdx[e]! * d;
        const b1 = colIdx[e + 1]! * d;
        for (let k = 0; k < d; k++) acc[k]! += v0 * b[b0 + k]! + v1 * b[b1 + k]!;
      }
      if (e < end) {
        const v2 = values[e]!;
        const b2 = colIdx[e]! * d;
        for (let k = 0; k < d; k++) acc[k]! += v2 * b[b2 + k]!;
      }
      out.set(acc, i * d);
    }
    return out;
  }
  // Transposed product: scatter each row's contributions. Accumulate in float64 so the
  // result matches the gather form to float32 rounding.
  const acc = new Float64Array(nCols * d);
  if (d === 1) {
    for (let i = 0; i < nRows; i++) {
      const bi = b[i]!;
      if (bi === 0) continue;
      const end = rowPtr[i + 1]!;
      for (let e = rowPtr[i]!; e < end; e++) acc[colIdx[e]!]! += values[e]! * bi;
    }
  } else {
    // two stored entries (two output rows; a row's columns are distinct) per pass over row i of B
    for (let i = 0; i < nRows; i++) {
      const end = rowPtr[i + 1]!;
      const bBase = i * d;
      let e = rowPtr[i]!;
      for (; e + 1 < end; e += 2) {
        const v0 = values[e]!;
        const v1 = values[e + 1]!;
        const o0 = colIdx[e]! * d;
        const o1 = colIdx[e + 1]! * d;
        for (let k = 0; k < d; k++) {
          const x = b[bBase + k]!;
          acc[o0 + k]! += v0 * x;
          acc[o1 + k]! += v1 * x;
        }
      }
      if (e < end) {
        const v = values[e]!;
        const o = colIdx[e]! * d;
        for (let k = 0; k < d; k++) acc[o + k]! += v * b[bBase + k]!;
      }
    }
  }
  return new Float32Array(acc);
}
