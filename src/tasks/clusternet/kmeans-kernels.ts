/**
 * The soft k-means layer's O(nKp) passes as thread-pool kernels (parallel/pool.ts): each runs
 * over a chunk of rows [lo, hi) and writes its chunk's partial sums to slot `c`, which the
 * caller adds up in chunk order, so the result does not depend on the thread count. The
 * functions are self-contained (no closures, no imports): the pool ships their source text.
 */
import { generatedKernel, MAX_CHUNKS, type GeneratedKernel } from '../../parallel/pool.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Args = readonly any[];

/** [X, mu, r, Cpart, Rpart, p, k, beta]: responsibilities of rows lo..hi and their Σ r·x, Σ r into slot c. */
function kmeansRows(args: Args, lo: number, hi: number, c: number): void {
  const X = args[0] as Float64Array;
  const mu = args[1] as Float64Array;
  const r = args[2] as Float64Array;
  const Cpart = args[3] as Float64Array;
  const Rpart = args[4] as Float64Array;
  const p = args[5] as number;
  const k = args[6] as number;
  const beta = args[7] as number;
  const cOff = c * k * p;
  const rOff = c * k;
  Cpart.fill(0, cOff, cOff + k * p);
  Rpart.fill(0, rOff, rOff + k);
  const s = new Float64Array(k);
  for (let j = lo; j < hi; j++) {
    const xo = j * p;
    let max = -Infinity;
    for (let i = 0; i < k; i++) {
      const mo = i * p;
      let dot = 0;
      for (let t = 0; t < p; t++) dot += X[xo + t]! * mu[mo + t]!;
      const v = beta * dot;
      s[i] = v;
      if (v > max) max = v;
    }
    let z = 0;
    for (let i = 0; i < k; i++) {
      const e = Math.exp(s[i]! - max);
      s[i] = e;
      z += e;
    }
    for (let i = 0; i < k; i++) {
      const rji = s[i]! / z;
      r[j * k + i] = rji;
      Rpart[rOff + i]! += rji;
      const co = cOff + i * p;
      for (let t = 0; t < p; t++) Cpart[co + t]! += rji * X[xo + t]!;
    }
  }
}

/**
 * [X, r, Rinv, gv, v, part, mu, p, k, beta, mode]: with a_ji = r_ji (x_jᵀv_i − gv_i)·Rinv_i and
 * A_j = Σ_i a_ji, mode 0 accumulates β Σ_j x_j (a_ji − r_ji A_j) (= (∂g/∂μ)ᵀv) into slot c of
 * `part` (K × p); mode 1 writes row j of (∂g/∂X)ᵀv: Σ_i r_ji Rinv_i v_i + β Σ_i a_ji (μ_i − μ̄_j).
 */
function adjointRows(args: Args, lo: number, hi: number, c: number): void {
  const X = args[0] as Float64Array;
  const r = args[1] as Float64Array;
  const Rinv = args[2] as Float64Array;
  const gv = args[3] as Float64Array;
  const v = args[4] as Float64Array;
  const part = args[5] as Float64Array;
  const mu = args[6] as Float64Array;
  const p = args[7] as number;
  const k = args[8] as number;
  const beta = args[9] as number;
  const mode = args[10] as number;
  const a = new Float64Array(k);
  const off = c * k * p;
  if (mode === 0) part.fill(0, off, off + k * p);
  for (let j = lo; j < hi; j++) {
    const xo = j * p;
    let A = 0;
    for (let i = 0; i < k; i++) {
      if (Rinv[i] === 0) {
        a[i] = 0;
        continue;
      }
      const vo = i * p;
      let dot = 0;
      for (let t = 0; t < p; t++) dot += X[xo + t]! * v[vo + t]!;
      const w = r[j * k + i]! * (dot - gv[i]!) * Rinv[i]!;
      a[i] = w;
      A += w;
    }
    if (mode === 0) {
      for (let i = 0; i < k; i++) {
        const w = beta * (a[i]! - r[j * k + i]! * A);
        if (w === 0) continue;
        const po = off + i * p;
        for (let t = 0; t < p; t++) part[po + t]! += w * X[xo + t]!;
      }
    } else {
      for (let t = 0; t < p; t++) part[xo + t] = 0;
      for (let i = 0; i < k; i++) {
        const rji = r[j * k + i]!;
        const direct = rji * Rinv[i]!;
        const via = beta * (a[i]! - A * rji);
        const mo = i * p;
        for (let t = 0; t < p; t++) part[xo + t]! += direct * v[mo + t]! + via * mu[mo + t]!;
      }
    }
  }
}

export const kmeansRowsKernel = (): GeneratedKernel => generatedKernel('clusternet:kmeansRows', () => kmeansRows.toString());
export const adjointRowsKernel = (): GeneratedKernel => generatedKernel('clusternet:adjointRows', () => adjointRows.toString());

/** Row chunks for n rows of K × p work each: depends on the sizes only (never the thread count). */
export function kmeansChunks(n: number, k: number, p: number): Int32Array {
  const c = Math.max(1, Math.min(MAX_CHUNKS, n, Math.floor((n * k * p) / (1 << 15))));
  const b = new Int32Array(c + 1);
  for (let i = 0; i <= c; i++) b[i] = Math.round((i * n) / c);
  return b;
}
