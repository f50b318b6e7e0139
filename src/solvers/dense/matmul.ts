/** Small dense row-major products in float64 (references, Kronecker factors, the float64 twin of a network's layers). */

/** Row-major C = A·B with A n×k and B k×m (zeros of A skipped). */
export function matmul(A: Float64Array, B: Float64Array, n: number, k: number, m: number): Float64Array {
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let t = 0; t < k; t++) {
      const a = A[i * k + t]!;
      if (a === 0) continue;
      const bt = t * m;
      for (let j = 0; j < m; j++) C[ci + j]! += a * B[bt + j]!;
    }
  }
  return C;
}

/** Row-major Aᵀ of an n×m matrix. */
export function transpose(A: Float64Array, n: number, m: number): Float64Array {
  const T = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) T[j * n + i] = A[i * m + j]!;
  return T;
}
