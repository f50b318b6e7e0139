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
    const acc = new Float64Array(d);
    for (let i = 0; i < nRows; i++) {
      acc.fill(0);
      const end = rowPtr[i + 1]!;
      for (let e = rowPtr[i]!; e < end; e++) {
        const v = values[e]!;
        const base = colIdx[e]! * d;
        for (let k = 0; k < d; k++) acc[k]! += v * b[base + k]!;
      }
      const o = i * d;
      for (let k = 0; k < d; k++) out[o + k] = acc[k]!;
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
    for (let i = 0; i < nRows; i++) {
      const end = rowPtr[i + 1]!;
      const bBase = i * d;
      for (let e = rowPtr[i]!; e < end; e++) {
        const v = values[e]!;
        const o = colIdx[e]! * d;
        for (let k = 0; k < d; k++) acc[o + k]! += v * b[bBase + k]!;
      }
    }
  }
  return Float32Array.from(acc);
}
