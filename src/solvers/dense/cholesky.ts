/**
 * Small dense symmetric positive definite systems in float64 (the r × r ALS Gram matrices):
 * in-place Cholesky factorisation C = L·Lᵀ of a row-major matrix (lower triangle used), and
 * solves with the factor. Both work on a slice of a larger buffer (`offset`) so a batch of
 * matrices can live in one Float64Array.
 */

/**
 * Factor the r × r matrix at a[offset..] in place: its lower triangle becomes L. Returns
 * false when a pivot is not positive (the matrix is not positive definite to working precision).
 */
export function choleskyFactor(a: Float64Array, r: number, offset = 0): boolean {
  for (let j = 0; j < r; j++) {
    const rj = offset + j * r;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < r; i++) {
      const ri = offset + i * r;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

/** Solve L·Lᵀ·x = b in place (b at b[bOffset..bOffset+r)), L from choleskyFactor. */
export function choleskySolve(l: Float64Array, r: number, b: Float64Array, lOffset = 0, bOffset = 0): void {
  for (let i = 0; i < r; i++) {
    const ri = lOffset + i * r;
    let s = b[bOffset + i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[bOffset + k]!;
    b[bOffset + i] = s / l[ri + i]!;
  }
  for (let i = r - 1; i >= 0; i--) {
    let s = b[bOffset + i]!;
    for (let k = i + 1; k < r; k++) s -= l[lOffset + k * r + i]! * b[bOffset + k]!;
    b[bOffset + i] = s / l[lOffset + i * r + i]!;
  }
}
