/**
 * The smallest eigenpairs of a graph Laplacian beyond its null space by LOBPCG
 * (solvers/lobpcg.ts) preconditioned with a randomised approximate Cholesky factor of L
 * (solvers/approx-chol.ts), in float64 on the thread pool.
 *
 * Why: the Krylov bound. Lanczos needs about ‖L‖/gap products at a relative gap (λr+1 − λr)/‖L‖
 * of 3e-7 (collaboration graphs), thousands of them; with a preconditioner T ≈ L⁺ the rate of
 * LOBPCG depends on the gaps relative to the eigenvalues themselves, and the factor costs
 * about one product with L to apply. On ca-HepPh this takes 30–40 iterations of a block of 8.
 *
 * The null space (one indicator per connected component) is projected out of every block,
 * as the Lanczos path deflates it. Convergence is the caller's acceptance test (the
 * Davis–Kahan bound) or the residual tolerance at the float64 floor.
 *
 * Repeat detection: a block of b random vectors sees every eigenvalue up to λb with its
 * multiplicity, but the answer is still checked: a preconditioned iteration from a fresh random
 * vector on the complement of the found eigenvectors (and the null space). Its Rayleigh
 * quotient bounds the complement's smallest eigenvalue from above, so a value below the found
 * λ(r+1) proves an eigenvalue was missed; the solve then runs again with a wider block.
 */
import type { Csr } from '../graph/csr.js';
import type { Components } from '../graph/components.js';
import { approxChol } from './approx-chol.js';
import { BlockSpace, lobpcgSmallest, type LobpcgResult } from './lobpcg.js';
import { getPool, sharedFloat64, type ThreadPool } from '../parallel/pool.js';
import { shareCsr } from '../parallel/shared-csr.js';
import { Rng } from '../util/rng.js';

export interface LaplacianLobpcgOptions {
  /** eigenpairs wanted beyond the null space */
  k: number;
  components: Components;
  /** degrees of the graph (D) */
  degrees: Float64Array;
  normBound: number;
  seed: number;
  /** start vectors (length n each; their null-space part is removed) */
  start?: readonly Float64Array[];
  /** acceptance on the lowest k Ritz pairs (index 0 = the first eigenvalue beyond the null space) */
  accept: (state: { values: Float64Array; residuals: Float64Array }) => boolean;
  /** residual tolerance relative to normBound (default 1e-12) */
  tol?: number;
  /** block size (default max(k + 3, ⌈1.5k⌉)) */
  blockSize?: number;
  maxIterations?: number;
  log?: (message: string) => void;
  pool?: ThreadPool;
}

export interface LaplacianLobpcgResult {
  /** the k eigenvalues, ascending */
  values: Float64Array;
  /** the k eigenvectors (length n each) */
  vectors: Float64Array[];
  /** the block's other Ritz vectors (beyond the k), a warm start's guard columns */
  guard: Float64Array[];
  /** true residual norms */
  residuals: Float64Array;
  converged: boolean;
  reason: LobpcgResult['reason'];
  iterations: number;
  /** products with L, per column, the repeat check included */
  products: number;
  blockSize: number;
  /** stored entries of the approximate Cholesky factor (the graph has nnz/2 edges) */
  factorEntries: number;
  repeatCheck: { found: boolean; lowest: number; products: number; blockSize: number };
}

/** Widest block the repeat search escalates to, beyond the default. */
const MAX_EXTRA = 4;

export function laplacianLobpcg(a: Csr, o: LaplacianLobpcgOptions): LaplacianLobpcgResult {
  const n = a.nRows;
  const pool = o.pool ?? getPool();
  const log = o.log ?? (() => {});
  const { label, sizes, count } = o.components;
  const space = new BlockSpace(n, pool);
  const s = shareCsr(a);
  const deg = sharedFloat64(n);
  deg.set(o.degrees);
  const f = approxChol(a, new Rng(o.seed ^ 0x5bd1e995));
  let products = 0;
  const applyIn = (sp: BlockSpace) => (X: Float64Array, b: number): Float64Array => {
    const Y = sp.alloc(b);
    pool.run('blockLaplacian', [s.rowPtr, s.colIdx, s.values, deg, X, Y, b], s.chunks, n * b);
    return Y;
  };
  const apply = applyIn(space);
  // the null space: subtract each component's mean from every column
  const projectNull = (X: Float64Array, b: number): void => {
    const m = new Float64Array(count * b);
    for (let i = 0; i < n; i++) {
      const c = label[i]! * b;
      for (let t = 0; t < b; t++) m[c + t]! += X[i * b + t]!;
    }
    for (let c = 0; c < count; c++) for (let t = 0; t < b; t++) m[c * b + t]! /= sizes[c]!;
    for (let i = 0; i < n; i++) {
      const c = label[i]! * b;
      for (let t = 0; t < b; t++) X[i * b + t]! -= m[c + t]!;
    }
  };
  // the preconditioner in a fixed number of column groups (one per pool chunk), so the
  // result does not depend on the thread count; a group's buffer is kept for the next call
  const groupBuffers = new Map<string, Float64Array>();
  const groupBuffer = (g: number, w: number): Float64Array => {
    let B = groupBuffers.get(`${g}:${w}`);
    if (!B) groupBuffers.set(`${g}:${w}`, (B = sharedFloat64(n * w)));
    return B;
  };
  const precondition = (R: Float64Array, b: number): void => {
    const groups = Math.min(GROUPS, b);
    const widths: number[] = [];
    for (let g = 0, rest = b; g < groups; g++) {
      const w = Math.ceil(rest / (groups - g));
      widths.push(w);
      rest -= w;
    }
    const bufs = widths.map((w, g) => groupBuffer(g, w));
    let off = 0;
    widths.forEach((w, g) => {
      const B = bufs[g]!;
      for (let i = 0; i < n; i++) for (let t = 0; t < w; t++) B[i * w + t] = R[i * b + off + t]!;
      off += w;
    });
    const args: unknown[] = [f.order, f.colPtr, f.rowIdx, f.fraction, f.diag, n];
    widths.forEach((w, g) => args.push(bufs[g]!, w));
    pool.run('approxCholSolve', args, Int32Array.from({ length: groups + 1 }, (_, i) => i), 4 * n * b);
    off = 0;
    widths.forEach((w, g) => {
      const B = bufs[g]!;
      for (let i = 0; i < n; i++) for (let t = 0; t < w; t++) R[i * b + off + t] = B[i * w + t]!;
      off += w;
    });
  };

  const k = o.k;
  const dim = n - count;
  let blockSize = Math.min(o.blockSize ?? Math.max(k + 3, Math.ceil(1.5 * k)), Math.floor(dim / 3));
  if (blockSize < k) throw new RangeError(`laplacianLobpcg: ${k} eigenpairs need a block of at least ${k}, and the graph allows ${blockSize} (3 × block ≤ ${dim})`);
  const startBlock = (): { X: Float64Array; b: number } | undefined => {
    if (!o.start?.length) return undefined;
    // the start vectors less their null-space part; those that were (nearly) in it are dropped
    const w0 = o.start.length;
    const all = toBlock(o.start, n);
    const before = space.columnNorms(all, w0);
    projectNull(all, w0);
    const after = space.columnNorms(all, w0);
    const keep: number[] = [];
    for (let t = 0; t < w0 && keep.length < blockSize; t++) if (after[t]! > 1e-6 * before[t]!) keep.push(t);
    if (keep.length === 0) return undefined;
    return { X: toBlock(keep.map((t) => columnOf(all, w0, t)), n), b: keep.length };
  };
  let start = startBlock();
  let iterations = 0;
  let checkProducts = 0;
  const maxBlock = Math.min(blockSize + MAX_EXTRA, Math.floor(dim / 3));
  for (;;) {
    const res = lobpcgSmallest({
      k,
      blockSize,
      space,
      apply,
      precondition,
      project: projectNull,
      start,
      seed: o.seed,
      tol: o.tol,
      normBound: o.normBound,
      maxIterations: o.maxIterations,
      accept: o.accept,
      onIteration: (st) => {
        if (st.iteration > 0 && st.iteration % 50 === 0) log(`LOBPCG: ${st.iteration} iterations, ${st.products} products, worst residual ${(Math.max(...st.residuals.subarray(0, k)) / o.normBound).toExponential(2)}·‖L‖`);
      },
    });
    iterations += res.iterations;
    products += res.products;
    const columns = Array.from({ length: blockSize }, (_, t) => columnOf(res.X, blockSize, t));
    const vectors = columns.slice(0, k);
    const guard = columns.slice(k);
    const values = res.values.slice(0, k);
    const residuals = res.residuals.slice(0, k);
    const checkSpace = new BlockSpace(n, pool);
    const check = k < dim - 1 ? missedEigenvalue(checkSpace, applyIn(checkSpace), precondition, projectNull, res, k, blockSize, o) : { found: false, lowest: Infinity, products: 0 };
    checkProducts += check.products;
    products += check.products;
    const repeatCheck = { found: check.found, lowest: check.lowest, products: checkProducts, blockSize };
    if (check.found && blockSize < maxBlock) {
      log(`LOBPCG: an eigenvalue was missed (Rayleigh quotient ${check.lowest.toPrecision(8)} on the complement < ${values[k - 1]!.toPrecision(8)}): solving again with block size ${blockSize + 1}`);
      blockSize++;
      start = { X: res.X, b: blockSize - 1 };
      continue;
    }
    return {
      values,
      vectors,
      guard,
      residuals,
      converged: res.converged,
      reason: res.reason,
      iterations,
      products,
      blockSize,
      factorEntries: f.entries,
      repeatCheck,
    };
  }
}

/** Column groups of the preconditioner (independent of the thread count). */
const GROUPS = 4;

/**
 * One preconditioned iteration (LOBPCG, block 1) from a fresh random vector on the complement
 * of the found eigenvectors and the null space, for at most CHECK_ITERATIONS: found when its
 * Rayleigh quotient falls below λ(k) − residual (it is an upper bound of the complement's
 * smallest eigenvalue), not found once it has converged above.
 */
function missedEigenvalue(
  space: BlockSpace,
  apply: (X: Float64Array, b: number) => Float64Array,
  precondition: (R: Float64Array, b: number) => void,
  projectNull: (X: Float64Array, b: number) => void,
  res: LobpcgResult,
  k: number,
  b: number,
  o: LaplacianLobpcgOptions,
): { found: boolean; lowest: number; products: number } {
  const threshold = res.values[k - 1]! - res.residuals[k - 1]!;
  // the found vectors as an n × k block
  const U = toBlock(
    Array.from({ length: k }, (_, t) => columnOf(res.X, b, t)),
    space.n,
    space.alloc(k),
  );
  const project = (X: Float64Array, w: number): void => {
    projectNull(X, w);
    X.set(space.projectOut(X, w, [[U, k]]));
  };
  let lowest = Infinity;
  const check = lobpcgSmallest({
    k: 1,
    blockSize: 1,
    space,
    apply,
    precondition,
    project,
    seed: o.seed + 7919,
    tol: 1e-10,
    normBound: o.normBound,
    maxIterations: CHECK_ITERATIONS,
    accept: (st) => {
      lowest = Math.min(lowest, st.values[0]!);
      return st.values[0]! < threshold || st.residuals[0]! <= 1e-3 * Math.abs(st.values[0]! - threshold);
    },
  });
  lowest = Math.min(lowest, check.values[0]!);
  return { found: lowest < threshold, lowest, products: check.products };
}

const CHECK_ITERATIONS = 40;

/** Column t of a row-major n × b block, as a vector on shared memory. */
function columnOf(X: Float64Array, b: number, t: number): Float64Array {
  const n = X.length / b;
  const v = sharedFloat64(n);
  for (let i = 0; i < n; i++) v[i] = X[i * b + t]!;
  return v;
}

/** Vectors of length n as the columns of a row-major block (into `out` when given). */
function toBlock(vectors: readonly Float64Array[], n: number, out: Float64Array = new Float64Array(n * vectors.length)): Float64Array {
  const b = vectors.length;
  vectors.forEach((v, t) => {
    for (let i = 0; i < n; i++) out[i * b + t] = v[i]!;
  });
  return out;
}
