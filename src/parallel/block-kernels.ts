/**
 * Pool kernels on row-major blocks of vectors (n × b, entry (i, t) at i·b + t), for the block
 * eigensolver (solvers/lobpcg.ts). Same contract as kernels.ts: self-contained functions of
 * (args, lo, hi, c); reductions write one partial per chunk, summed in chunk order.
 */
import type { KernelArgs } from './kernels.js';

/** [rowPtr, colIdx, values | null, d, X, Y, b]: Y = (D − A)·X over rows lo … hi − 1. */
export function blockLaplacian(args: KernelArgs, lo: number, hi: number): void {
  const rowPtr = args[0] as Int32Array;
  const colIdx = args[1] as Int32Array;
  const values = args[2] as Float64Array | null;
  const d = args[3] as Float64Array;
  const X = args[4] as Float64Array;
  const Y = args[5] as Float64Array;
  const b = args[6] as number;
  for (let i = lo; i < hi; i++) {
    const yi = i * b;
    const di = d[i]!;
    for (let t = 0; t < b; t++) Y[yi + t] = di * X[yi + t]!;
    const end = rowPtr[i + 1]!;
    for (let e = rowPtr[i]!; e < end; e++) {
      const xj = colIdx[e]! * b;
      if (values) {
        const w = values[e]!;
        for (let t = 0; t < b; t++) Y[yi + t]! -= w * X[xj + t]!;
      } else {
        for (let t = 0; t < b; t++) Y[yi + t]! -= X[xj + t]!;
      }
    }
  }
}

/**
 * [order, colPtr, rowIdx, fraction, diag, n, Y_0, b_0, Y_1, b_1, …]: chunk c applies the
 * approximate Cholesky solve (solvers/approx-chol.ts) to block Y_c (row-major n × b_c), in
 * place. Bounds are [0, 1, …, groups].
 */
export function approxCholSolve(args: KernelArgs, lo: number, hi: number): void {
  const order = args[0] as Int32Array;
  const colPtr = args[1] as Int32Array;
  const rowIdx = args[2] as Int32Array;
  const fraction = args[3] as Float64Array;
  const diag = args[4] as Float64Array;
  const n = args[5] as number;
  for (let g = lo; g < hi; g++) {
    const y = args[6 + 2 * g] as Float64Array;
    const b = args[7 + 2 * g] as number;
    const yi = new Float64Array(b);
    for (let c = 0; c < n; c++) {
      const e0 = colPtr[c]!;
      const e1 = colPtr[c + 1]!;
      if (e0 === e1) continue;
      const i = order[c]! * b;
      for (let t = 0; t < b; t++) yi[t] = y[i + t]!;
      for (let e = e0; e < e1 - 1; e++) {
        const j = rowIdx[e]! * b;
        const fr = fraction[e]!;
        const h = 1 - fr;
        for (let t = 0; t < b; t++) {
          y[j + t]! += fr * yi[t]!;
          yi[t]! *= h;
        }
      }
      const j = rowIdx[e1 - 1]! * b;
      for (let t = 0; t < b; t++) {
        y[j + t]! += yi[t]!;
        y[i + t] = yi[t]!;
      }
    }
    for (let v = 0; v < n; v++) {
      const d = diag[v]!;
      if (d === 0) continue;
      const inv = 1 / d;
      const i = v * b;
      for (let t = 0; t < b; t++) y[i + t]! *= inv;
    }
    for (let c = n - 1; c >= 0; c--) {
      const e0 = colPtr[c]!;
      const e1 = colPtr[c + 1]!;
      if (e0 === e1) continue;
      const i = order[c]! * b;
      const jl = rowIdx[e1 - 1]! * b;
      for (let t = 0; t < b; t++) yi[t] = y[i + t]! + y[jl + t]!;
      for (let e = e1 - 2; e >= e0; e--) {
        const j = rowIdx[e]! * b;
        const fr = fraction[e]!;
        const h = 1 - fr;
        for (let t = 0; t < b; t++) yi[t] = h * yi[t]! + fr * y[j + t]!;
      }
      for (let t = 0; t < b; t++) y[i + t] = yi[t]!;
    }
  }
}

export const BLOCK_KERNELS = { blockLaplacian, approxCholSolve };

/**
 * AᵀB over a chunk of rows, generated for the widths (ba, bb): args [out, A, ba, B, bb,
 * symmetric]: out[c·ba·bb + p·bb + q] = Σ_{i in chunk} A(i, p)·B(i, q), with only q ≥ p summed
 * when symmetric, with the sums held in local variables (fully
 * unrolled up to 144 of them, else one row of the result at a time). About 5× faster than plain
 * loops over p and q in V8.
 */
export function gramSource(ba: number, bb: number, symmetric: boolean): string {
  const L: string[] = [];
  L.push(`function (args, lo, hi, c) {`);
  L.push(`const out = args[0], A = args[1], B = args[3]; const o = c * ${ba * bb};`);
  const pairs: [number, number][] = [];
  for (let p = 0; p < ba; p++) for (let q = symmetric ? p : 0; q < bb; q++) pairs.push([p, q]);
  if (pairs.length <= 144) {
    for (const [p, q] of pairs) L.push(`let s${p}_${q} = 0;`);
    L.push(`for (let i = lo; i < hi; i++) { const ai = i * ${ba}, bi = i * ${bb};`);
    for (let q = 0; q < bb; q++) L.push(`const b${q} = B[bi + ${q}];`);
    for (let p = 0; p < ba; p++) {
      L.push(`{ const a = A[ai + ${p}];`);
      for (let q = symmetric ? p : 0; q < bb; q++) L.push(`s${p}_${q} += a * b${q};`);
      L.push(`}`);
    }
    L.push(`}`);
    for (let p = 0; p < ba; p++) for (let q = 0; q < bb; q++) L.push(`out[o + ${p * bb + q}] = ${symmetric && q < p ? 0 : `s${p}_${q}`};`);
  } else {
    L.push(`for (let p = 0; p < ${ba}; p++) {`);
    for (let q = 0; q < bb; q++) L.push(`let s${q} = 0;`);
    L.push(`for (let i = lo; i < hi; i++) { const a = A[i * ${ba} + p]; if (a === 0) continue; const bi = i * ${bb};`);
    for (let q = 0; q < bb; q++) L.push(`s${q} += a * B[bi + ${q}];`);
    L.push(`}`);
    for (let q = 0; q < bb; q++) L.push(`out[o + p * ${bb} + ${q}] = ${symmetric ? `${q} < p ? 0 : s${q}` : `s${q}`};`);
    L.push(`}`);
  }
  L.push(`}`);
  return L.join('\n');
}

/**
 * Y = Σ_s S_s·C_s over a chunk of rows, generated for the widths: args [Y, by, count, S_1,
 * b_1, C_1, …] with each C_s row-major b_s × by. A term whose width is given as −b is diagonal: C_s holds b
 * scales (Y(:, t) += C_s[t]·S_s(:, t)), which is how identity and scaling terms cost O(b).
 */
export function combineSource(by: number, widths: readonly number[]): string {
  const L: string[] = [];
  L.push(`function (args, lo, hi) {`);
  L.push(`const Y = args[0];`);
  widths.forEach((_, s) => L.push(`const S${s} = args[${3 + 3 * s}], C${s} = args[${5 + 3 * s}];`));
  L.push(`for (let i = lo; i < hi; i++) { const yi = i * ${by};`);
  const acc: string[][] = Array.from({ length: by }, () => []);
  widths.forEach((w, s) => {
    const bs = Math.abs(w);
    L.push(`const r${s} = i * ${bs};`);
    if (w < 0) {
      for (let t = 0; t < bs; t++) acc[t]!.push(`S${s}[r${s} + ${t}] * C${s}[${t}]`);
    } else {
      for (let p = 0; p < bs; p++) L.push(`const x${s}_${p} = S${s}[r${s} + ${p}];`);
      for (let q = 0; q < by; q++) for (let p = 0; p < bs; p++) acc[q]!.push(`x${s}_${p} * C${s}[${p * by + q}]`);
    }
  });
  for (let q = 0; q < by; q++) L.push(`Y[yi + ${q}] = ${acc[q]!.length ? acc[q]!.join(' + ') : '0'};`);
  L.push(`}`);
  L.push(`}`);
  return L.join('\n');
}

/** [out, A, b]: out[c·b + t] = Σ_{i in chunk} A(i, t)² */
export function columnSquaresSource(b: number): string {
  const L: string[] = [`function (args, lo, hi, c) {`, `const out = args[0], A = args[1];`];
  for (let t = 0; t < b; t++) L.push(`let s${t} = 0;`);
  L.push(`for (let i = lo; i < hi; i++) { const r = i * ${b};`);
  for (let t = 0; t < b; t++) L.push(`{ const x = A[r + ${t}]; s${t} += x * x; }`);
  L.push(`}`);
  for (let t = 0; t < b; t++) L.push(`out[c * ${b} + ${t}] = s${t};`);
  L.push(`}`);
  return L.join('\n');
}

