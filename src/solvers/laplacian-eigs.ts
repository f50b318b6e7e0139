/**
 * The r smallest eigenpairs of a graph Laplacian L = D − A, accurate enough that the
 * invariant subspace U they span is right to float64 working accuracy.
 *
 * Why this is hard: the small eigenvalues of L are badly separated relative to ‖L‖ (on
 * ca-HepPh λ6 − λ5 = 2.7e-4 while ‖L‖ ≈ 500), so float32 arithmetic (noise ≈ 6e-8·‖L‖)
 * cannot tell u5 from u6. What we do:
 * 1. The null space is known exactly: one normalised indicator vector per connected
 *    component. It is deflated (the Krylov space stays orthogonal to it), so a repeated zero
 *    eigenvalue never has to be resolved numerically.
 * 2. In float64 on the host, LOBPCG preconditioned with an approximate Cholesky factor of L
 *    (laplacian-lobpcg.ts) finds the next r + 1 − c eigenpairs (c components); when it stalls,
 *    thick-restart Lanczos continues from its subspace. On a native backend (tensorflow, CUDA)
 *    float32 Lanczos runs on the device first, and the float64 stage starts from the float32
 *    subspace when that cannot meet the accuracy. On the cpu and wasm backends the device
 *    kernels run in JavaScript anyway, so `auto` goes straight to float64 on the host. A
 *    refit can start from an earlier fit's vectors (`start`).
 * 3. Acceptance is residual-based: with R = LU − UΘ and δ = λ(r+1) − θ(r) the Davis–Kahan
 *    theorem bounds the angle between U and the exact subspace by ‖R‖_F / δ; the solver
 *    stops when that bound is below `subspaceTol` (or all residuals are at the float64
 *    floor) and reports the bound, the residuals and which precision produced the answer.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from '../graph/csr.js';
import type { Components } from '../graph/components.js';
import { degrees, denseLaplacian, laplacianNormBound, sharedLaplacian, tensorLaplacian } from '../sparse/laplacian.js';
import { symEig } from './dense/sym-eig.js';
import { solvesOnDevice } from '../backend/placement.js';
import { sparseFromCsr, disposeSparse } from '../sparse/sparse-matrix.js';
import { sharedSpace } from './shared-space.js';
import { getPool } from '../parallel/pool.js';
import { deviceSpace } from './tensor-space.js';
import { lanczosEigsSteps, type LanczosEigsResult, type RitzState, type SymmetricOperator } from './lanczos-eigs.js';
import type { ReadbackSpace } from '../linalg/operators.js';
import { read, runAsync, runSync, type Steps } from '../linalg/steps.js';
import { laplacianLobpcg } from './laplacian-lobpcg.js';

export type EigPrecision = 'auto' | 'float32' | 'float64';

export interface LaplacianEigsOptions {
  /** eigenvectors wanted (the cut is between λr and λr+1) */
  r: number;
  seed?: number;
  precision?: EigPrecision;
  /** accept when the Davis–Kahan bound on sin∠(U, exact subspace) is below this (default 1e-6) */
  subspaceTol?: number;
  /** float64 residual tolerance relative to ‖L‖ (default 1e-12) */
  tol?: number;
  basisSize?: number;
  /**
   * Lanczos block size. Default 1, followed by a search for missed repeated eigenvalues that
   * re-solves with one more start vector each time it finds one (up to 4).
   */
  blockSize?: number;
  maxRestarts?: number;
  /** the graph's connected components (their indicators span the null space) */
  components: Components;
  /**
   * The float64 method: 'lobpcg' (preconditioned with an approximate Cholesky factor of L,
   * laplacian-lobpcg.ts), 'lanczos' (thick-restart, the fallback), or 'auto' (LOBPCG, and
   * Lanczos started from its subspace when it does not converge).
   */
  method?: 'auto' | 'lobpcg' | 'lanczos';
  /**
   * Start vectors (length n each), e.g. the eigenvectors of a fit before a few edges changed:
   * LOBPCG starts its block from them, Lanczos from their sum. The acceptance test is the same,
   * so the answer is the same to the stated accuracy.
   */
  start?: readonly Float64Array[];
  /** LOBPCG's iteration budget (default 1000); past it, `auto` continues with Lanczos */
  lobpcgIterations?: number;
  log?: (message: string) => void;
}

export interface EigStage {
  precision: 'float32' | 'float64';
  method: 'dense' | 'lanczos' | 'lobpcg';
  products: number;
  restarts: number;
  /** worst residual ‖Lu − λu‖ / ‖L‖ over the r + 1 pairs, in float64 */
  residual: number;
  subspaceBound: number;
  accepted: boolean;
}

export interface LaplacianEigsResult {
  /** λ1 … λ(r+1), ascending */
  values: Float64Array;
  /** u1 … ur (float64, unit, orthogonal) */
  vectors: Float64Array[];
  /** ‖L u_i − λ_i u_i‖ for i = 1 … r + 1, in float64 */
  residuals: Float64Array;
  /** the ‖L‖ scale residuals are measured against */
  normBound: number;
  /** Davis–Kahan bound on the angle between U and the exact eigenspace (Infinity: unresolved) */
  subspaceBound: number;
  /** zero eigenvalues known exactly (connected components) */
  nullity: number;
  /** precision of the accepted answer */
  precision: 'float32' | 'float64';
  stages: EigStage[];
  /** products with L over all stages */
  iterations: number;
  converged: boolean;
  /** the search for an eigenvalue a single Krylov sequence missed (float64 path) */
  repeatCheck?: RepeatCheck;
  /** the method of the accepted answer */
  method: 'dense' | 'lanczos' | 'lobpcg';
  /**
   * approximate eigenvectors beyond u_r (u_r+1 and, from LOBPCG, the rest of its block): with
   * `vectors`, the start of a refit after a small edit (`start`)
   */
  beyond: Float64Array[];
}

export function laplacianEigs(a: Csr, options: LaplacianEigsOptions): LaplacianEigsResult {
  return runSync(laplacianEigsSteps(a, options));
}

/** The same with a device stage that reads back asynchronously (linalg/steps.ts). */
export function laplacianEigsAsync(a: Csr, options: LaplacianEigsOptions): Promise<LaplacianEigsResult> {
  return runAsync(laplacianEigsSteps(a, options));
}

export function* laplacianEigsSteps(a: Csr, options: LaplacianEigsOptions): Steps<LaplacianEigsResult> {
  const { r, components } = options;
  const n = a.nRows;
  if (!Number.isInteger(r) || r < 1) throw new RangeError(`laplacianEigs: r must be a positive integer, got ${r}`);
  if (r + 1 > n) throw new RangeError(`laplacianEigs: ${r + 1} eigenpairs (r + 1) asked of a ${n}-node graph`);
  const subspaceTol = options.subspaceTol ?? 1e-6;
  const d = degrees(a);
  const normBound = Math.max(laplacianNormBound(a, d), 1e-300);
  // float64 vectors and products on the thread pool
  const pool = getPool();
  const space = sharedSpace(pool);
  const L = sharedLaplacian(a, d, pool, space.alloc);
  const log = options.log ?? (() => {});

  // 1. The null space: normalised component indicators, in component order.
  const c = components.count;
  const nullVecs = nullSpaceBasis(components).map((z) => space.fromFloat64(z));
  const nullResiduals: number[] = [];
  for (const z of nullVecs) nullResiduals.push(yield* read(space.norm(L.apply(z))));
  const stages: EigStage[] = [];
  if (c >= r + 1) {
    // λr = λr+1 = 0: nothing to solve, and the cut is ill-posed (reported by the caller).
    return {
      values: new Float64Array(r + 1),
      vectors: nullVecs.slice(0, r),
      residuals: Float64Array.from(nullResiduals.slice(0, r + 1)),
      normBound,
      subspaceBound: Infinity,
      nullity: c,
      precision: 'float64',
      stages,
      iterations: 0,
      converged: true,
      method: 'dense',
      beyond: nullVecs.slice(r),
    };
  }
  const k = r + 1 - c; // eigenpairs to compute beyond the null space
  const nullResidual = Math.max(0, ...nullResiduals);

  /** Davis–Kahan bound from the Ritz values/residuals of the computed pairs (index 0 = λ(c+1)). */
  const bound = (values: ArrayLike<number>, residuals: ArrayLike<number>): number => {
    let rss = c > 0 ? nullResidual * nullResidual * Math.min(c, r) : 0;
    for (let t = 0; t < r - c; t++) rss += residuals[t]! ** 2;
    const thetaR = r - c >= 1 ? values[r - c - 1]! : 0;
    const next = values[k - 1]!;
    const resNext = residuals[k - 1]!;
    const delta = next - resNext - thetaR;
    // the gap itself must be resolved before the bound can be trusted
    if (!(delta > 0) || resNext > 0.1 * (next - thetaR)) return Infinity;
    return Math.sqrt(rss) / delta;
  };
  const accept = (s: Pick<RitzState, 'values' | 'residuals'>): boolean => bound(s.values, s.residuals) <= subspaceTol;

  const precision = options.precision ?? 'auto';
  const devicePath = solvesOnDevice(precision);
  let start: Float64Array | undefined;
  let startVectors: readonly Float64Array[] | undefined = options.start;
  let iterations = 0;
  let answer: { values: Float64Array; vectors: Float64Array[]; residuals: Float64Array; bound: number; precision: 'float32' | 'float64'; converged: boolean; method: EigStage['method']; guard?: Float64Array[] } | null = null;
  let repeatCheck: RepeatCheck | undefined;
  let float64Block = options.blockSize ?? 1;

  if (n - c <= DENSE_MAX_DIM) {
    // Tiny problems: a dense float64 eigendecomposition of L with its null space shifted to
    // the top of the spectrum; exact for repeated eigenvalues, no Krylov space to run out of.
    const res = denseStage(a, nullVecs, k, normBound);
    const residuals: number[] = [];
    for (const [t, v] of res.vectors.entries()) {
      const x = space.fromFloat64(v);
      residuals.push(yield* read(space.norm(space.axpy(L.apply(x), -res.values[t]!, x))));
    }
    const b = bound(res.values, residuals);
    stages.push({ precision: 'float64', method: 'dense', products: 0, restarts: 0, residual: Math.max(...residuals) / normBound, subspaceBound: b, accepted: true });
    answer = { values: res.values, vectors: res.vectors, residuals: Float64Array.from(residuals), bound: b, precision: 'float64', converged: true, method: 'dense' };
  } else if (devicePath) {
    const res = yield* float32Stage(a, d, nullVecs, k, normBound, options, accept, log, r);
    iterations += res.iterations;
    repeatCheck = res.repeatCheck;
    if (repeatCheck?.found) float64Block = Math.max(float64Block, 2);
    const vecs = res.vectors;
    const residuals: number[] = [];
    for (const [t, v] of vecs.entries()) residuals.push(yield* read(space.norm(space.axpy(L.apply(v), -res.values[t]!, v))));
    const b = bound(res.values, residuals);
    const ok = b <= subspaceTol;
    stages.push({ precision: 'float32', method: 'lanczos', products: res.iterations, restarts: res.restarts, residual: Math.max(...residuals) / normBound, subspaceBound: b, accepted: ok || precision === 'float32' });
    log(`float32 Lanczos: ${res.iterations} products, residual ${(Math.max(...residuals) / normBound).toExponential(2)}·‖L‖, subspace bound ${b.toExponential(2)}${ok ? '' : precision === 'float32' ? ' (kept: --precision float32)' : ' (refining in float64)'}`);
    if (ok || precision === 'float32') {
      answer = { values: res.values, vectors: vecs, residuals: Float64Array.from(residuals), bound: b, precision: 'float32', converged: ok && res.converged, method: 'lanczos' };
    } else {
      startVectors = vecs;
    }
  }
  const method = options.method ?? 'auto';
  if (!answer && method !== 'lanczos' && n - c >= 3 * (k + 3)) {
    // LOBPCG's Ritz values move within a few iterations: λ(r+1) is also held to a residual of
    // 1e-8·‖L‖ (its error is then below that), not only resolved enough to show the gap
    const acceptLobpcg = (s: Pick<RitzState, 'values' | 'residuals'>): boolean => accept(s) && s.residuals[k - 1]! <= 1e-8 * normBound;
    const res = laplacianLobpcg(a, { k, components, degrees: d, normBound, seed: options.seed ?? 1, start: startVectors, accept: acceptLobpcg, tol: options.tol, maxIterations: options.lobpcgIterations, log, pool });
    iterations += res.products;
    repeatCheck = res.repeatCheck;
    const b = bound(res.values, res.residuals);
    const ok = res.converged && !res.repeatCheck.found;
    stages.push({ precision: 'float64', method: 'lobpcg', products: res.products, restarts: res.iterations, residual: Math.max(...res.residuals) / normBound, subspaceBound: b, accepted: ok || method === 'lobpcg' });
    log(
      `float64 LOBPCG (block ${res.blockSize}, approximate Cholesky factor of ${res.factorEntries} entries): ${res.iterations} iterations, ${res.products} products, ` +
        `residual ${(Math.max(...res.residuals) / normBound).toExponential(2)}·‖L‖, subspace bound ${b.toExponential(2)}` +
        (ok ? '' : method === 'lobpcg' ? ` (${res.reason}; kept: method lobpcg)` : ` (${res.repeatCheck.found ? 'an eigenvalue was missed' : res.reason}: continuing with Lanczos from its subspace)`),
    );
    if (ok || method === 'lobpcg') {
      answer = { values: res.values, vectors: res.vectors, residuals: res.residuals, bound: b, precision: 'float64', converged: res.converged, method: 'lobpcg', guard: res.guard };
    } else {
      startVectors = res.vectors;
    }
  }
  if (!answer && startVectors?.length) {
    start = space.alloc(n).fill(0);
    for (const v of startVectors) for (let i = 0; i < n; i++) start[i]! += v[i]!;
  }
  if (!answer) {
    const solve64 = (blockSize: number): Steps<LanczosEigsResult<Float64Array>> =>
      lanczosEigsSteps(L, space, {
        k,
        which: 'smallest',
        seed: options.seed,
        tol: options.tol ?? 1e-12,
        normBound,
        basisSize: options.basisSize ?? blockBasis(k, blockSize),
        blockSize: Math.min(blockSize, n - c),
        maxRestarts: options.maxRestarts ?? (blockSize > 1 ? 1500 : 500),
        deflate: nullVecs,
        start,
        accept,
        onCycle: (s) => {
          if (s.restarts > 0 && s.restarts % 100 === 0) log(`float64 Lanczos: ${s.products} products, bound ${bound(s.values, s.residuals).toExponential(2)}`);
        },
      });
    const searched = yield* solveWithRepeatSearch(L, space, nullVecs, { k, n, c, r, normBound, seed: options.seed ?? 1, blockSize: float64Block, log }, solve64);
    iterations += searched.iterations;
    repeatCheck = searched.repeatCheck ?? repeatCheck;
    const res = searched.res;
    const b = bound(res.values, res.residuals);
    stages.push({ precision: 'float64', method: 'lanczos', products: searched.iterations, restarts: res.restarts, residual: Math.max(...res.residuals) / normBound, subspaceBound: b, accepted: true });
    answer = { values: res.values, vectors: res.vectors, residuals: res.residuals, bound: b, precision: 'float64', converged: res.converged, method: 'lanczos' };
  }

  const values = new Float64Array(r + 1);
  const residuals = new Float64Array(r + 1);
  residuals.set(nullResiduals);
  values.set(answer.values.subarray(0, k), c);
  residuals.set(answer.residuals.subarray(0, k), c);
  const vectors = [...nullVecs, ...answer.vectors.slice(0, r - c)];
  return {
    values,
    vectors,
    residuals,
    normBound,
    subspaceBound: answer.bound,
    nullity: c,
    precision: answer.precision,
    stages,
    iterations,
    converged: answer.converged,
    repeatCheck,
    method: answer.method,
    beyond: [...answer.vectors.slice(r - c), ...(answer.guard ?? [])],
  };
}

/** Orthonormal basis of L's null space: the normalised indicator of every component. */
export function nullSpaceBasis(components: Components): Float64Array[] {
  const n = components.label.length;
  const basis = Array.from({ length: components.count }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const c = components.label[i]!;
    basis[c]![i] = 1 / Math.sqrt(components.sizes[c]!);
  }
  return basis;
}

export interface RepeatCheck {
  /** a Ritz value of the deflated complement fell below the found λ(r+1) (after the last solve) */
  found: boolean;
  /** block size of the last solve (it grows by one each time a missed eigenvalue is found) */
  blockSize?: number;
  /** the smallest Ritz value reached in the complement */
  lowest: number;
  products: number;
}

/**
 * Lanczos from a fresh start on the complement of the found eigenvectors (and the null
 * space). Its Ritz values bound the complement's smallest eigenvalue from above, so one below
 * the found λ(r+1) proves an eigenvalue was missed. Budget: a quarter of the main solve's
 * products (at least 8 cycles); it stops early once its lowest Ritz value has converged.
 */
function* findMissedEigenvalue<V>(L: SymmetricOperator<V>, space: ReadbackSpace<V>, nullVecs: V[], res: LanczosEigsResult<V>, k: number, normBound: number, seed: number): Steps<RepeatCheck> {
  const next = res.values[k - 1]!;
  const threshold = next - res.residuals[k - 1]!;
  const m = 30;
  const budget = Math.max(8 * m, Math.ceil(res.iterations / 4));
  let lowest = Infinity;
  const check = yield* lanczosEigsSteps(L, space, {
    k: 1,
    which: 'smallest',
    seed: seed + 7919,
    basisSize: m,
    tol: 1e-10,
    normBound,
    deflate: [...nullVecs, ...res.vectors],
    maxRestarts: Math.ceil(budget / (m / 2)),
    accept: (s) => {
      lowest = Math.min(lowest, s.values[0]!);
      return s.values[0]! < threshold || s.residuals[0]! <= 1e-3 * Math.abs(s.values[0]! - threshold);
    },
  });
  space.dispose(check.vectors);
  lowest = Math.min(lowest, check.values[0]!);
  return { found: lowest < threshold, lowest, products: check.iterations };
}

/** Basis per cycle: lanczosEigs's default for one start vector, room for every sequence of a block. */
const blockBasis = (k: number, blockSize: number): number | undefined => (blockSize > 1 ? Math.max(2 * k + 40, 60) : undefined);

/** Widest block a repeat search escalates to (an eigenvalue repeated this often is seen in full). */
const MAX_BLOCK = 4;

/**
 * Solve with block size `blockSize`, then search the complement of what was found for an
 * eigenvalue the Krylov sequences missed (an exactly repeated one: graph symmetries give pairs,
 * k identical branches on one node give (k − 1)-fold values); when there is one, solve again
 * with one more start vector, up to MAX_BLOCK.
 */
function* solveWithRepeatSearch<V>(
  L: SymmetricOperator<V>,
  space: ReadbackSpace<V>,
  nullVecs: V[],
  o: { k: number; n: number; c: number; r: number; normBound: number; seed: number; blockSize: number; log: (message: string) => void },
  solve: (blockSize: number) => Steps<LanczosEigsResult<V>>,
): Steps<{ res: LanczosEigsResult<V>; iterations: number; repeatCheck?: RepeatCheck }> {
  let blockSize = o.blockSize;
  let res = yield* solve(blockSize);
  let iterations = res.iterations;
  let repeatCheck: RepeatCheck | undefined;
  let searchProducts = 0;
  while (o.k < o.n - o.c - 1) {
    const check = yield* findMissedEigenvalue(L, space, nullVecs, res, o.k, o.normBound, o.seed);
    searchProducts += check.products;
    iterations += check.products;
    repeatCheck = { ...check, products: searchProducts, blockSize };
    if (!check.found || blockSize >= Math.min(MAX_BLOCK, o.n - o.c)) break;
    o.log(
      `a repeated eigenvalue was missed (${space.precision} Ritz value ${check.lowest.toPrecision(8)} < λ${o.r + 1} = ${res.values[o.k - 1]!.toPrecision(8)}): solving again with block size ${blockSize + 1}`,
    );
    space.dispose(res.vectors);
    blockSize++;
    res = yield* solve(blockSize);
    iterations += res.iterations;
  }
  return { res, iterations, repeatCheck };
}

/** Dense problems up to this dimension (beyond the null space) skip Krylov methods. */
export const DENSE_MAX_DIM = 32;

function denseStage(a: Csr, nullBasis: Float64Array[], k: number, normBound: number): { values: Float64Array; vectors: Float64Array[] } {
  const n = a.nRows;
  const dense = denseLaplacian(a);
  // L + 2‖L‖·ZZᵀ: the null space moves above the rest of the spectrum, which stays as it is
  const shift = 2 * normBound;
  for (const z of nullBasis) {
    for (let i = 0; i < n; i++) {
      if (z[i] === 0) continue;
      for (let j = 0; j < n; j++) dense[i * n + j]! += shift * z[i]! * z[j]!;
    }
  }
  const eig = symEig(dense, n);
  const values = eig.values.slice(0, k);
  const vectors = Array.from({ length: k }, (_, t) => {
    const v = eig.vectors.slice(t * n, t * n + n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += v[i]!;
    if (sum < 0) for (let i = 0; i < n; i++) v[i] = -v[i]!;
    return v;
  });
  return { values, vectors };
}

function* float32Stage(
  a: Csr,
  d: Float64Array,
  nullVecs: Float64Array[],
  k: number,
  normBound: number,
  options: LaplacianEigsOptions,
  accept: (s: RitzState) => boolean,
  log: (message: string) => void,
  r: number,
): Steps<{ values: Float64Array; vectors: Float64Array[]; iterations: number; restarts: number; converged: boolean; repeatCheck?: RepeatCheck }> {
  const matrix = sparseFromCsr(a);
  const deg = tf.tensor2d(Float32Array.from(d), [a.nRows, 1]);
  // the device's vector space: synchronous read-backs where the backend has them, else awaited ones
  const space = deviceSpace();
  const deflate = nullVecs.map((z) => space.fromFloat64(z));
  const L = tensorLaplacian(matrix, deg);
  try {
    const solve = (blockSize: number): Steps<LanczosEigsResult<tf.Tensor2D>> =>
      lanczosEigsSteps(L, space, {
        k,
        which: 'smallest',
        seed: options.seed,
        normBound,
        basisSize: options.basisSize ?? blockBasis(k, blockSize),
        blockSize: Math.min(blockSize, a.nRows - nullVecs.length),
        maxRestarts: options.maxRestarts,
        deflate,
        accept,
      });
    const { res, iterations, repeatCheck } = yield* solveWithRepeatSearch(
      L,
      space,
      deflate,
      { k, n: a.nRows, c: nullVecs.length, r, normBound, seed: options.seed ?? 1, blockSize: options.blockSize ?? 1, log },
      solve,
    );
    const vectors: Float64Array[] = [];
    for (const v of res.vectors) vectors.push(yield* read(space.toFloat64(v)));
    tf.dispose(res.vectors);
    return { values: res.values, vectors, iterations, restarts: res.restarts, converged: res.converged, repeatCheck };
  } finally {
    tf.dispose([deg, ...deflate]);
    disposeSparse(matrix);
  }
}
