/**
 * GMRES for a general (nonsymmetric) linear operator in float64 on the host, without restarts:
 * Arnoldi with modified Gram–Schmidt (twice, for the small dimensions it is used on), the
 * least-squares problem kept triangular by Givens rotations. In exact arithmetic it solves an
 * N-dimensional system in at most N steps; `maxIter` bounds the basis it stores.
 *
 * Stops when the rotated residual falls to tol·‖b‖, then recomputes the true residual
 * ‖b − A·x‖ once, which `residual` reports (relative to ‖b‖).
 */

export interface GmresOptions {
  /** relative residual ‖b − Ax‖ / ‖b‖ to reach */
  tol: number;
  maxIter: number;
}

export interface GmresResult {
  x: Float64Array;
  iterations: number;
  /** ‖b − A·x‖ / ‖b‖, recomputed at the end (0 when b = 0) */
  residual: number;
  converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export function gmres(apply: (x: Float64Array) => Float64Array, b: Float64Array, options: GmresOptions): GmresResult {
  const n = b.length;
  const bn = Math.sqrt(dot(b, b));
  if (bn === 0) return { x: new Float64Array(n), iterations: 0, residual: 0, converged: true };
  const m = Math.min(options.maxIter, n);
  const V: Float64Array[] = [Float64Array.from(b, (v) => v / bn)];
  // H is (m + 1) × m, column-major by Arnoldi step; after rotation its top m × m part is R
  const H: Float64Array[] = [];
  const cs = new Float64Array(m);
  const sn = new Float64Array(m);
  const g = new Float64Array(m + 1);
  g[0] = bn;
  let k = 0;
  for (; k < m; k++) {
    const w = apply(V[k]!);
    const h = new Float64Array(k + 2);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i <= k; i++) {
        const c = dot(w, V[i]!);
        h[i]! += c;
        const vi = V[i]!;
        for (let t = 0; t < n; t++) w[t]! -= c * vi[t]!;
      }
    }
    const wn = Math.sqrt(dot(w, w));
    h[k + 1] = wn;
    // apply the previous rotations, then make this one
    for (let i = 0; i < k; i++) {
      const a = h[i]!;
      const c = h[i + 1]!;
      h[i] = cs[i]! * a + sn[i]! * c;
      h[i + 1] = -sn[i]! * a + cs[i]! * c;
    }
    const r = Math.hypot(h[k]!, h[k + 1]!);
    cs[k] = r === 0 ? 1 : h[k]! / r;
    sn[k] = r === 0 ? 0 : h[k + 1]! / r;
    h[k] = r;
    h[k + 1] = 0;
    g[k + 1] = -sn[k]! * g[k]!;
    g[k] = cs[k]! * g[k]!;
    H.push(h);
    if (Math.abs(g[k + 1]!) <= options.tol * bn) {
      k++;
      break;
    }
    if (wn <= 1e-300) {
      k++; // the Krylov space is invariant: the solution lies in it
      break;
    }
    V.push(Float64Array.from(w, (v) => v / wn));
  }
  // back-substitute R y = g
  const y = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = g[i]!;
    for (let j = i + 1; j < k; j++) s -= H[j]![i]! * y[j]!;
    y[i] = H[i]![i]! === 0 ? 0 : s / H[i]![i]!;
  }
  const x = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    const vj = V[j]!;
    for (let t = 0; t < n; t++) x[t]! += y[j]! * vj[t]!;
  }
  const ax = apply(x);
  let rr = 0;
  for (let t = 0; t < n; t++) rr += (b[t]! - ax[t]!) ** 2;
  const residual = Math.sqrt(rr) / bn;
  return { x, iterations: k, residual, converged: residual <= Math.max(options.tol, 1e-14) * 10 };
}
