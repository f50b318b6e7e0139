/**
 * Dense SVD of a small matrix in float64 by one-sided Jacobi (Hestenes) rotations.
 * Accurate to working precision in every singular value, small ones included, which is why
 * it solves the projected problems of the Lanczos solvers. Cost O(sweeps · m · n²): for the
 * projected problems (n ≲ 100) that is microseconds to milliseconds.
 *
 * Layout: input row-major m × n; outputs column-major (column j of U at j*m) because every
 * consumer walks singular vectors one at a time.
 */
export interface DenseSvd {
  m: number;
  n: number;
  /** k = min(m, n) singular values, descending */
  s: Float64Array;
  /** m × k, column-major */
  u: Float64Array;
  /** n × k, column-major */
  v: Float64Array;
  sweeps: number;
}

export function jacobiSvd(a: Float64Array, m: number, n: number, maxSweeps = 60): DenseSvd {
  if (a.length !== m * n) throw new RangeError(`jacobiSvd: ${a.length} values for ${m} × ${n}`);
  if (m < n) {
    const t = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
    const r = jacobiSvd(t, n, m, maxSweeps);
    return { m, n, s: r.s, u: r.v, v: r.u, sweeps: r.sweeps };
  }
  // W: columns of A (column-major), V = I.
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j]!;
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  const eps = 2.220446049250313e-16;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const op = p * m;
      for (let q = p + 1; q < n; q++) {
        const oq = q * m;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = w[op + i]!;
          const y = w[oq + i]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(w, op, oq, m, c, s);
        rotate(v, p * n, q * n, n, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < m; i++) ss += w[j * m + i]! ** 2;
    norms[j] = Math.sqrt(ss);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y]! - norms[x]! || x - y);
  const s = new Float64Array(n);
  const u = new Float64Array(m * n);
  const vv = new Float64Array(n * n);
  order.forEach((j, k) => {
    s[k] = norms[j]!;
    const inv = norms[j]! > 0 ? 1 / norms[j]! : 0;
    for (let i = 0; i < m; i++) u[k * m + i] = w[j * m + i]! * inv;
    for (let i = 0; i < n; i++) vv[k * n + i] = v[j * n + i]!;
  });
  return { m, n, s, u, v: vv, sweeps };
}

/** Apply the plane rotation [c −s; s c] to the columns at offsets op and oq (length len). */
function rotate(a: Float64Array, op: number, oq: number, len: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const x = a[op + i]!;
    const y = a[oq + i]!;
    a[op + i] = c * x - s * y;
    a[oq + i] = s * x + c * y;
  }
}
