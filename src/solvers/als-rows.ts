/**
 * The ALS row loops, run by the thread pool (src/parallel) over chunks of rows of one side's
 * rating index (users by user, items by item). For row i with ratings p ∈ [ptr[i], ptr[i+1])
 * and partner rows k = partner[p] of the other factor W:
 *
 * - `solve`:     out(i,:) = C_i⁻¹ Σ_p A(p)·W(k,:)ᵀ,   C_i = λ·I + Σ_p W(k,:)ᵀW(k,:)  (an ALS update)
 * - `influence`: out(i,:) = C_i⁻¹ · G · S(i,:)ᵀ       (Lemma 6's a_i and b_j; G symmetric r × r)
 * - `factor`:    out[i·r², …) = the Cholesky factor of C_i (row-major, lower triangle)
 * - `residual`:  partial[c] = Σ_i Σ_p (A(p) − S(i,:)·W(k,:)ᵀ)² over the chunk
 * - `gradient`:  g(i,:) = −2 Σ_p (A(p) − S(i,:)·W(k,:)ᵀ)·W(k,:),  t(i,:) = 2 Σ_p A(p)·W(k,:),
 *                partial[c] as in `residual`  (the data part of ∇L and its scale)
 *
 * S is this side's own factor. The source is generated per rank r and mode: for r ≤ 16 the
 * r(r+1)/2 + r sums of the Gram pass live in local variables (V8 keeps them in registers or
 * stack slots, with no typed-array bounds checks or stores inside the loop), larger r use
 * plain loops. The factor and solve are dense/cholesky.ts's functions, their source text
 * included in the kernel's (the workers cannot import). Every row is computed on its own in a fixed order, so the factors do not
 * depend on the number of threads; the `residual` and `gradient` sums are added chunk by
 * chunk. A row whose C_i is not positive definite throws, naming the row.
 */
import type { RatingIndex } from '../ratings/ratings.js';
import { choleskyFactor, choleskySolve } from './dense/cholesky.js';
import { generatedKernel, getPool, MAX_CHUNKS, rowChunks, sharedFloat64, type GeneratedKernel } from '../parallel/pool.js';

export type AlsRowMode = 'solve' | 'influence' | 'factor' | 'residual' | 'gradient';

const UNROLL_MAX = 16;

function gramSource(r: number): string[] {
  const lines: string[] = [];
  if (r <= UNROLL_MAX) {
    const acc: string[] = [];
    for (let x = 0; x < r; x++) {
      acc.push(`b${x} = 0`);
      for (let y = 0; y <= x; y++) acc.push(`c${x}_${y} = 0`);
    }
    lines.push(`let ${acc.join(', ')};`);
    lines.push('for (let p = start; p < end; p++) {');
    lines.push(`  const o = partner[p] * ${r}; const a = value[p];`);
    lines.push(`  const ${Array.from({ length: r }, (_, x) => `w${x} = W[o + ${x}]`).join(', ')};`);
    for (let x = 0; x < r; x++) {
      const terms = [`b${x} += a * w${x};`];
      for (let y = 0; y <= x; y++) terms.push(`c${x}_${y} += w${x} * w${y};`);
      lines.push('  ' + terms.join(' '));
    }
    lines.push('}');
    for (let x = 0; x < r; x++) {
      const terms = [`b[${x}] = b${x};`];
      for (let y = 0; y <= x; y++) terms.push(`C[${x * r + y}] = c${x}_${y};`);
      lines.push(terms.join(' '));
    }
  } else {
    lines.push('C.fill(0); b.fill(0);');
    lines.push('for (let p = start; p < end; p++) {');
    lines.push(`  const o = partner[p] * ${r}; const a = value[p];`);
    lines.push(`  for (let x = 0; x < ${r}; x++) {`);
    lines.push('    const wx = W[o + x]; b[x] += a * wx; const row = x * ' + r + ';');
    lines.push('    for (let y = 0; y <= x; y++) C[row + y] += wx * W[o + y];');
    lines.push('  }');
    lines.push('}');
  }
  return lines;
}

/** Σ_p (A(p) − S(i,:)·W(k,:)ᵀ)² into `sq`, and for `gradient` the two row sums into g and t. */
function residualSource(r: number, gradient: boolean): string[] {
  const lines = [`const so = i * ${r};`];
  const s = Array.from({ length: r }, (_, x) => `s${x} = S[so + ${x}]`);
  if (r <= UNROLL_MAX) {
    lines.push(`const ${s.join(', ')};`);
    if (gradient) lines.push(`let ${Array.from({ length: r }, (_, x) => `g${x} = 0, t${x} = 0`).join(', ')};`);
    lines.push('for (let p = start; p < end; p++) {');
    lines.push(`  const o = partner[p] * ${r}; const a = value[p];`);
    lines.push(`  const ${Array.from({ length: r }, (_, x) => `w${x} = W[o + ${x}]`).join(', ')};`);
    const pred = Array.from({ length: r }, (_, x) => `s${x} * w${x}`);
    // the prediction summed left to right, as the serial objective does
    lines.push(`  let pred = 0; ${pred.map((t) => `pred += ${t};`).join(' ')}`);
    lines.push('  const res = a - pred; sq += res * res;');
    if (gradient) {
      for (let x = 0; x < r; x++) lines.push(`  g${x} -= 2 * res * w${x}; t${x} += 2 * a * w${x};`);
    }
    lines.push('}');
    if (gradient) for (let x = 0; x < r; x++) lines.push(`g[so + ${x}] = g${x}; t[so + ${x}] = t${x};`);
  } else {
    lines.push('for (let p = start; p < end; p++) {');
    lines.push(`  const o = partner[p] * ${r}; const a = value[p];`);
    lines.push(`  let pred = 0; for (let x = 0; x < ${r}; x++) pred += S[so + x] * W[o + x];`);
    lines.push('  const res = a - pred; sq += res * res;');
    if (gradient) lines.push(`  for (let x = 0; x < ${r}; x++) { g[so + x] -= 2 * res * W[o + x]; t[so + x] += 2 * a * W[o + x]; }`);
    lines.push('}');
  }
  return lines;
}

function kernelSource(r: number, mode: AlsRowMode): string {
  const body: string[] = [];
  body.push('const ptr = args[0], partner = args[1], value = args[2], W = args[3];');
  if (mode === 'residual' || mode === 'gradient') {
    body.push('const S = args[4], partial = args[5], g = args[6], t = args[7];');
    if (mode === 'gradient' && r > UNROLL_MAX) body.push(`g.fill(0, lo * ${r}, hi * ${r}); t.fill(0, lo * ${r}, hi * ${r});`);
    body.push('let sq = 0;');
    body.push('for (let i = lo; i < hi; i++) {');
    body.push('  const start = ptr[i], end = ptr[i + 1];');
    body.push(...residualSource(r, mode === 'gradient').map((l) => '  ' + l));
    body.push('}');
    body.push('partial[c] = sq;');
  } else {
    body.push('const out = args[4], lambda = args[5], G = args[6], S = args[7];');
    body.push(`const C = new Float64Array(${r * r}), b = new Float64Array(${r});`);
    body.push('for (let i = lo; i < hi; i++) {');
    body.push('  const start = ptr[i], end = ptr[i + 1];');
    body.push(...gramSource(r).map((l) => '  ' + l));
    if (mode === 'influence') {
      body.push(`  for (let x = 0; x < ${r}; x++) { let s = 0; for (let y = 0; y < ${r}; y++) s += G[x * ${r} + y] * S[i * ${r} + y]; b[x] = s; }`);
    }
    // C + λI factored and solved by dense/cholesky.ts's own functions (their text is part of the kernel)
    body.push(`  for (let x = 0; x < ${r}; x++) C[x * ${r} + x] += lambda;`);
    body.push(`  if (!choleskyFactor(C, ${r})) throw new Error('als: Gram matrix of row ' + i + ' is not positive definite (λ = ' + lambda + ')');`);
    if (mode !== 'factor') body.push(`  choleskySolve(C, ${r}, b);`);
    body.push(mode === 'factor' ? `  out.set(C, i * ${r * r});` : `  out.set(b, i * ${r});`);
    body.push('}');
  }
  const kernel = `function alsRows_${mode}_${r}(args, lo, hi, c) {\n${body.join('\n')}\n}`;
  if (mode === 'residual' || mode === 'gradient') return kernel;
  return `(() => {\nconst choleskyFactor = ${choleskyFactor.toString()};\nconst choleskySolve = ${choleskySolve.toString()};\nreturn ${kernel};\n})()`;
}

export function alsRowsKernel(r: number, mode: AlsRowMode): GeneratedKernel {
  return generatedKernel(`alsRows:${mode}:${r}`, () => kernelSource(r, mode));
}

/** Row chunks weighting a row's r × r factor and solve against its ratings' Gram updates. */
function chunksFor(index: RatingIndex, nRows: number, r: number, mode: AlsRowMode): Int32Array {
  const perRating = mode === 'residual' || mode === 'gradient' ? r : (r * (r + 3)) / 2;
  const perRow = mode === 'residual' || mode === 'gradient' ? r : (r * r * r) / 6 + 3 * r * r;
  return rowChunks(index.ptr, nRows, Math.max(1, Math.round(perRow / perRating)));
}

/** work estimate for the pool's serial threshold: ratings plus rows */
function work(index: RatingIndex, nRows: number): number {
  return index.ptr[nRows]! + nRows;
}

/**
 * Run `solve`, `influence` or `factor` over every row of one side: `W` the partner factor, `out`
 * the result (n × r, or n × r² for `factor`), `G`/`S` only for `influence`. Parallel when the
 * index, W, out (and G, S) are on SharedArrayBuffers.
 */
export function alsRows(
  mode: 'solve' | 'influence' | 'factor',
  index: RatingIndex,
  nRows: number,
  W: Float64Array,
  r: number,
  lambda: number,
  out: Float64Array,
  G: Float64Array | null = null,
  S: Float64Array | null = null,
): void {
  if (mode === 'influence' && (!G || !S)) throw new Error('alsRows: influence needs G and S');
  const bounds = chunksFor(index, nRows, r, mode);
  const args = [index.ptr, index.other, index.value, W, out, lambda, ...(mode === 'influence' ? [G!, S!] : [])];
  getPool().run(alsRowsKernel(r, mode), args, bounds, work(index, nRows));
}

/**
 * Σ (A(p) − S(i,:)·W(k,:)ᵀ)² over every rating of one side; with `g` and `t` (n × r, shared
 * like the rest for the work to be parallel) also the data gradient rows and their scale rows.
 */
export function alsResiduals(
  index: RatingIndex,
  nRows: number,
  S: Float64Array,
  W: Float64Array,
  r: number,
  gradient: { g: Float64Array; t: Float64Array } | null = null,
): number {
  const mode = gradient ? 'gradient' : 'residual';
  const bounds = chunksFor(index, nRows, r, mode);
  const partial = sharedFloat64(MAX_CHUNKS);
  const args = [index.ptr, index.other, index.value, W, S, partial, ...(gradient ? [gradient.g, gradient.t] : [])];
  getPool().run(alsRowsKernel(r, mode), args, bounds, work(index, nRows));
  let s = 0;
  for (let c = 0; c < bounds.length - 1; c++) s += partial[c]!;
  return s;
}
