/**
 * Sampled dense–dense product on the CSR pattern: out[e] = ⟨a[row(e), :], b[col(e), :]⟩
 * for every stored entry e, in CSR order. a is nRows × d, b is nCols × d, row-major.
 * This is the gradient of spmm with respect to the edge values.
 */
export function sddmmImpl(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  a: Float32Array,
  b: Float32Array,
  nRows: number,
  d: number,
): Float32Array {
  const nnz = rowPtr[nRows]!;
  const out = new Float32Array(nnz);
  if (d === 1) {
    for (let i = 0; i < nRows; i++) {
      const ai = a[i]!;
      const end = rowPtr[i + 1]!;
      for (let e = rowPtr[i]!; e < end; e++) out[e] = ai * b[colIdx[e]!]!;
    }
    return out;
  }
  for (let i = 0; i < nRows; i++) {
    const aBase = i * d;
    const end = rowPtr[i + 1]!;
    for (let e = rowPtr[i]!; e < end; e++) {
      const bBase = colIdx[e]! * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += a[aBase + k]! * b[bBase + k]!;
      out[e] = s;
    }
  }
  return out;
}
