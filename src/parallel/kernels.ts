/**
 * The loops the thread pool runs, over one chunk [lo, hi) of rows or vector entries.
 *
 * Each kernel is a self-contained function: no imports, no closures, no calls to other
 * functions, because the pool ships their source text (`Function.prototype.toString`) to its
 * workers. `args` holds typed arrays (on SharedArrayBuffers when a worker runs them) and
 * numbers; `c` is the chunk's index, where reductions write their partial result, so a sum is
 * always added up chunk by chunk in the same order whichever thread ran which chunk.
 */

import { BLOCK_KERNELS } from './block-kernels.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type KernelArgs = readonly any[];
export type Kernel = (args: KernelArgs, lo: number, hi: number, c: number) => void;

/** [rowPtr, colIdx, x, y]: y[i] = Σ_e x[colIdx[e]] over row i (every stored value is 1). */
export function spmvPattern(args: KernelArgs, lo: number, hi: number): void {
  const rowPtr = args[0] as Int32Array;
  const colIdx = args[1] as Int32Array;
  const x = args[2] as Float64Array;
  const y = args[3] as Float64Array;
  for (let i = lo; i < hi; i++) {
    let s = 0;
    const end = rowPtr[i + 1]!;
    for (let e = rowPtr[i]!; e < end; e++) s += x[colIdx[e]!]!;
    y[i] = s;
  }
}

/** [rowPtr, colIdx, values, x, y]: y[i] = Σ_e values[e]·x[colIdx[e]] over row i. */
export function spmvWeighted(args: KernelArgs, lo: number, hi: number): void {
  const rowPtr = args[0] as Int32Array;
  const colIdx = args[1] as Int32Array;
  const values = args[2] as Float64Array;
  const x = args[3] as Float64Array;
  const y = args[4] as Float64Array;
  for (let i = lo; i < hi; i++) {
    let s = 0;
    const end = rowPtr[i + 1]!;
    for (let e = rowPtr[i]!; e < end; e++) s += values[e]! * x[colIdx[e]!]!;
    y[i] = s;
  }
}

/** [rowPtr, colIdx, values | null, d, x, y]: y[i] = d[i]·x[i] − Σ_e values[e]·x[colIdx[e]] over row i (L = D − A; null values: all 1). */
export function laplacian(args: KernelArgs, lo: number, hi: number): void {
  const rowPtr = args[0] as Int32Array;
  const colIdx = args[1] as Int32Array;
  const values = args[2] as Float64Array | null;
  const d = args[3] as Float64Array;
  const x = args[4] as Float64Array;
  const y = args[5] as Float64Array;
  for (let i = lo; i < hi; i++) {
    let s = d[i]! * x[i]!;
    const end = rowPtr[i + 1]!;
    if (values) for (let e = rowPtr[i]!; e < end; e++) s -= values[e]! * x[colIdx[e]!]!;
    else for (let e = rowPtr[i]!; e < end; e++) s -= x[colIdx[e]!]!;
    y[i] = s;
  }
}

/**
 * [x, out, k, b_0 … b_{k−1}]: out[c·k + j] = Σ_{i∈chunk} b_j[i]·x[i], four basis vectors per
 * sweep over x.
 */
export function dots(args: KernelArgs, lo: number, hi: number, c: number): void {
  const x = args[0] as Float64Array;
  const out = args[1] as Float64Array;
  const k = args[2] as number;
  let j = 0;
  for (; j + 4 <= k; j += 4) {
    const b0 = args[3 + j] as Float64Array;
    const b1 = args[4 + j] as Float64Array;
    const b2 = args[5 + j] as Float64Array;
    const b3 = args[6 + j] as Float64Array;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = lo; i < hi; i++) {
      const xi = x[i]!;
      s0 += b0[i]! * xi;
      s1 += b1[i]! * xi;
      s2 += b2[i]! * xi;
      s3 += b3[i]! * xi;
    }
    out[c * k + j] = s0;
    out[c * k + j + 1] = s1;
    out[c * k + j + 2] = s2;
    out[c * k + j + 3] = s3;
  }
  for (; j < k; j++) {
    const b = args[3 + j] as Float64Array;
    let s = 0;
    for (let i = lo; i < hi; i++) s += b[i]! * x[i]!;
    out[c * k + j] = s;
  }
}

/**
 * [x, y, coef, out, k, b_0 … b_{k−1}]: y[i] = x[i] − Σ_j coef[j]·b_j[i] (y may be x), four
 * basis vectors per sweep; then out[c] = Σ_{i∈chunk} y[i]² of the result.
 */
export function subtract(args: KernelArgs, lo: number, hi: number, c: number): void {
  const x = args[0] as Float64Array;
  const y = args[1] as Float64Array;
  const coef = args[2] as Float64Array;
  const out = args[3] as Float64Array;
  const k = args[4] as number;
  // the first sweep reads x, the later ones y
  let from = x;
  let j = 0;
  for (; j + 4 <= k; j += 4) {
    const b0 = args[5 + j] as Float64Array;
    const b1 = args[6 + j] as Float64Array;
    const b2 = args[7 + j] as Float64Array;
    const b3 = args[8 + j] as Float64Array;
    const c0 = coef[j]!;
    const c1 = coef[j + 1]!;
    const c2 = coef[j + 2]!;
    const c3 = coef[j + 3]!;
    for (let i = lo; i < hi; i++) y[i] = from[i]! - c0 * b0[i]! - c1 * b1[i]! - c2 * b2[i]! - c3 * b3[i]!;
    from = y;
  }
  for (; j < k; j++) {
    const b = args[5 + j] as Float64Array;
    const cj = coef[j]!;
    for (let i = lo; i < hi; i++) y[i] = from[i]! - cj * b[i]!;
    from = y;
  }
  if (from !== y) for (let i = lo; i < hi; i++) y[i] = x[i]!;
  let s = 0;
  for (let i = lo; i < hi; i++) s += y[i]! * y[i]!;
  out[c] = s;
}

/**
 * [coef, m, k, out_0 … out_{k−1}, b_0 … b_{m−1}]: out_j[i] = Σ_l coef[j·m + l]·b_l[i], four
 * basis vectors per sweep over out_j.
 */
export function combine(args: KernelArgs, lo: number, hi: number): void {
  const coef = args[0] as Float64Array;
  const m = args[1] as number;
  const k = args[2] as number;
  for (let j = 0; j < k; j++) {
    const y = args[3 + j] as Float64Array;
    for (let i = lo; i < hi; i++) y[i] = 0;
    let l = 0;
    for (; l + 4 <= m; l += 4) {
      const b0 = args[3 + k + l] as Float64Array;
      const b1 = args[4 + k + l] as Float64Array;
      const b2 = args[5 + k + l] as Float64Array;
      const b3 = args[6 + k + l] as Float64Array;
      const o = j * m + l;
      const c0 = coef[o]!;
      const c1 = coef[o + 1]!;
      const c2 = coef[o + 2]!;
      const c3 = coef[o + 3]!;
      for (let i = lo; i < hi; i++) y[i] = y[i]! + c0 * b0[i]! + c1 * b1[i]! + c2 * b2[i]! + c3 * b3[i]!;
    }
    for (; l < m; l++) {
      const b = args[3 + k + l] as Float64Array;
      const cl = coef[j * m + l]!;
      if (cl === 0) continue;
      for (let i = lo; i < hi; i++) y[i] = y[i]! + cl * b[i]!;
    }
  }
}

/** [y, a, x, z]: z[i] = y[i] + a·x[i] (z may be y or x). */
export function axpy(args: KernelArgs, lo: number, hi: number): void {
  const y = args[0] as Float64Array;
  const a = args[1] as number;
  const x = args[2] as Float64Array;
  const z = args[3] as Float64Array;
  for (let i = lo; i < hi; i++) z[i] = y[i]! + a * x[i]!;
}

/** [x, s, y]: y[i] = s·x[i]. */
export function scale(args: KernelArgs, lo: number, hi: number): void {
  const x = args[0] as Float64Array;
  const s = args[1] as number;
  const y = args[2] as Float64Array;
  for (let i = lo; i < hi; i++) y[i] = s * x[i]!;
}

/** [x, out]: out[2c] = Σ x[i]², out[2c + 1] = Σ x[i] over the chunk. */
export function sums(args: KernelArgs, lo: number, hi: number, c: number): void {
  const x = args[0] as Float64Array;
  const out = args[1] as Float64Array;
  let sq = 0;
  let s = 0;
  for (let i = lo; i < hi; i++) {
    const v = x[i]!;
    sq += v * v;
    s += v;
  }
  out[2 * c] = sq;
  out[2 * c + 1] = s;
}

/** [src, dst]: dst[i] = src[i] (a copy between buffers, e.g. into shared memory). */
export function copy(args: KernelArgs, lo: number, hi: number): void {
  const src = args[0] as ArrayLike<number>;
  const dst = args[1] as Float64Array | Int32Array;
  for (let i = lo; i < hi; i++) dst[i] = src[i]!;
}

/** [rowPtr, colIdx, counts, nCols]: counts[c·nCols + j] = entries of column j in rows [lo, hi) (part c of a transpose). */
export function countColumns(args: KernelArgs, lo: number, hi: number, c: number): void {
  const rowPtr = args[0] as Int32Array;
  const colIdx = args[1] as Int32Array;
  const counts = args[2] as Int32Array;
  const base = c * (args[3] as number);
  const end = rowPtr[hi]!;
  for (let e = rowPtr[lo]!; e < end; e++) counts[base + colIdx[e]!]!++;
}

/**
 * [rowPtr, colIdx, values | null, next, nCols, tIdx, tVal | null]: part c of a transpose puts
 * each entry (i, j) of rows [lo, hi) at p = next[c·nCols + j]++: tIdx[p] = i, tVal[p] = its value.
 */
export function placeEntries(args: KernelArgs, lo: number, hi: number, c: number): void {
  const rowPtr = args[0] as Int32Array;
  const colIdx = args[1] as Int32Array;
  const values = args[2] as Float64Array | null;
  const next = args[3] as Int32Array;
  const base = c * (args[4] as number);
  const tIdx = args[5] as Int32Array;
  const tVal = args[6] as Float64Array | null;
  for (let i = lo; i < hi; i++) {
    const end = rowPtr[i + 1]!;
    for (let e = rowPtr[i]!; e < end; e++) {
      const p = next[base + colIdx[e]!]!++;
      tIdx[p] = i;
      if (tVal) tVal[p] = values![e]!;
    }
  }
}

export const KERNELS = { countColumns, placeEntries, laplacian, spmvPattern, spmvWeighted, dots, subtract, combine, axpy, scale, sums, copy, ...BLOCK_KERNELS } satisfies Record<string, Kernel>;
export type KernelName = keyof typeof KERNELS;
