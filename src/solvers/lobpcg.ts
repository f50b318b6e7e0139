/**
 * The smallest eigenpairs of a symmetric positive semidefinite operator by LOBPCG (Knyazev
 * 2001) in float64, on row-major blocks (n × b, see parallel/block-kernels.ts) whose
 * arithmetic runs on the thread pool.
 *
 * Each iteration takes the residuals R = AX − XΘ of the current Ritz block X, preconditions
 * them (W = T·R, T ≈ A⁺), and does Rayleigh–Ritz on span[X, W, P], P being the previous
 * step's direction; the b lowest Ritz pairs become the next X. With a preconditioner close to
 * A⁺ the rate no longer depends on the gaps relative to ‖A‖ (the Krylov bound) but on the
 * gaps relative to the eigenvalues themselves, which is what makes tiny relative gaps cheap.
 *
 * Numerics, following Hetmaniuk & Lehoucq (2006) and scipy's lobpcg, and what broke here
 * without each:
 * - W (unit columns) is orthogonalised against X twice and orthonormalised through its Gram
 *   matrix's eigendecomposition, dropping directions below W_MIN; P likewise against X and W
 *   (P_MIN), so the basis of the Rayleigh–Ritz step is orthonormal. Its Gram matrix is still
 *   measured; when it is not numerically positive definite P is dropped for that step.
 * - AW and AP are computed by products; AX follows implicitly (AX = [AX AW AP]·C), and every
 *   `refresh` iterations, and before any answer is accepted, X is re-orthonormalised and AX
 *   recomputed, so the residuals the acceptance test sees are true residuals.
 * - Columns whose residual is at the float64 floor (LOCK·‖A‖) are left out of W (soft
 *   locking): a coarser lock kept the acceptance test from being met.
 * - A stall (the worst wanted residual not halving in STALL_GIVE_UP iterations) ends the solve
 *   as not converged; the caller decides what follows (laplacian-eigs.ts: Lanczos).
 *
 * `project` keeps every block in the complement of a known invariant subspace (a Laplacian's
 * null space), applied after each preconditioning.
 */
import { Rng } from '../util/rng.js';
import { symEig } from './dense/sym-eig.js';
import { choleskyFactor } from './dense/cholesky.js';
import { generatedKernel, getPool, sharedFloat64, vectorChunks, type ThreadPool } from '../parallel/pool.js';
import { combineSource, columnSquaresSource, gramSource } from '../parallel/block-kernels.js';

/**
 * Row-major block arithmetic on the pool, with kernels generated for the block widths
 * (parallel/block-kernels.ts); every reduction adds chunk partials in chunk order, so results
 * do not depend on the thread count.
 */
export class BlockSpace {
  private readonly bounds: Int32Array;
  private partial = sharedFloat64(0);
  constructor(
    readonly n: number,
    readonly pool: ThreadPool = getPool(),
  ) {
    this.bounds = vectorChunks(n);
  }

  private readonly free = new Map<number, Float64Array[]>();
  private handedOut = new Set<Float64Array>();

  /** an n × b block (recycled when one of that size was released; contents undefined) */
  alloc(b: number): Float64Array {
    const x = this.free.get(this.n * b)?.pop() ?? sharedFloat64(this.n * b);
    this.handedOut.add(x);
    return x;
  }

  /**
   * Recycle every block this space handed out except `keep` (shared memory is reclaimed
   * late by the garbage collector: without this a solve on 60,000 nodes peaked at 4.5 GB).
   * No other reference to a released block may be used afterwards.
   */
  keepOnly(keep: readonly (Float64Array | null)[]): void {
    const kept = new Set<Float64Array>();
    for (const x of keep) if (x && this.handedOut.has(x)) kept.add(x);
    for (const x of this.handedOut) {
      if (kept.has(x)) continue;
      let list = this.free.get(x.length);
      if (!list) this.free.set(x.length, (list = []));
      list.push(x);
    }
    this.handedOut = kept;
  }

  private partials(size: number): Float64Array {
    const chunks = this.bounds.length - 1;
    if (this.partial.length < chunks * size) this.partial = sharedFloat64(chunks * size);
    return this.partial;
  }

  private reduce(size: number): Float64Array {
    const chunks = this.bounds.length - 1;
    const out = new Float64Array(size);
    for (let c = 0; c < chunks; c++) for (let p = 0; p < size; p++) out[p]! += this.partial[c * size + p]!;
    return out;
  }

  /** AᵀB (ba × bb, row-major); symmetric: A = B and only the upper triangle is summed, then mirrored */
  gram(A: Float64Array, ba: number, B: Float64Array, bb: number, symmetric = false): Float64Array {
    const size = ba * bb;
    const part = this.partials(size);
    const sym = symmetric && ba === bb;
    const kernel = generatedKernel(`block:gram:${ba}:${bb}:${sym ? 1 : 0}`, () => gramSource(ba, bb, sym));
    this.pool.run(kernel, [part, A, ba, B, bb, sym ? 1 : 0], this.bounds, this.n * Math.max(ba, bb));
    const out = this.reduce(size);
    if (sym) for (let p = 0; p < ba; p++) for (let q = 0; q < p; q++) out[p * bb + q] = out[q * bb + p]!;
    return out;
  }

  /**
   * Σ_s S_s·C_s into a new block: a term [S, b, C] has C row-major b × by; a term [S, −b, d] is
   * S·diag(d) (b = by).
   */
  combine(by: number, terms: readonly (readonly [Float64Array, number, ArrayLike<number>])[]): Float64Array {
    const y = this.alloc(by);
    const args: unknown[] = [y, by, terms.length];
    const widths: number[] = [];
    for (const [S, bs, C] of terms) {
      if (bs < 0 && -bs !== by) throw new RangeError(`block combine: a diagonal term of width ${-bs} into ${by} columns`);
      const shared = sharedFloat64(C.length);
      shared.set(C);
      args.push(S, bs, shared);
      widths.push(bs);
    }
    const kernel = generatedKernel(`block:combine:${by}:${widths.join(',')}`, () => combineSource(by, widths));
    this.pool.run(kernel, args, this.bounds, this.n * by);
    return y;
  }

  /** Y − Σ Q_s(Q_sᵀY) for blocks Q_s of orthonormal columns, in two passes (twice is enough) */
  projectOut(Y: Float64Array, w: number, qs: readonly (readonly [Float64Array, number])[]): Float64Array {
    for (let pass = 0; pass < 2; pass++) {
      const terms: [Float64Array, number, ArrayLike<number>][] = [[Y, -w, new Float64Array(w).fill(1)]];
      for (const [Q, bq] of qs) terms.push([Q, bq, this.gram(Q, bq, Y, w).map((x) => -x)]);
      Y = this.combine(w, terms);
    }
    return Y;
  }

  /** column norms of a row-major n × b block */
  columnNorms(A: Float64Array, b: number): Float64Array {
    const part = this.partials(b);
    const kernel = generatedKernel(`block:colsq:${b}`, () => columnSquaresSource(b));
    this.pool.run(kernel, [part, A], this.bounds, this.n * b);
    return this.reduce(b).map((x) => Math.sqrt(x));
  }
}

export interface LobpcgOptions {
  /** eigenpairs wanted (the lowest k of the block) */
  k: number;
  /** columns iterated (≥ k; the extra ones speed convergence of the wanted ones) */
  blockSize: number;
  /** Y = A·X for a row-major n × b block */
  apply(X: Float64Array, b: number): Float64Array;
  /** R ← T·R in place (T ≈ A⁺ on the complement of the projected space) */
  precondition(R: Float64Array, b: number): void;
  /** X ← X minus its component in the known invariant subspace, in place */
  project(X: Float64Array, b: number): void;
  space: BlockSpace;
  /** start columns (row-major n × s, s ≤ blockSize); the rest is seeded Gaussian */
  start?: { X: Float64Array; b: number };
  seed?: number;
  /** residual tolerance relative to normBound (default 1e-12) */
  tol?: number;
  normBound: number;
  maxIterations?: number;
  /** re-orthonormalise X and recompute AX every this many iterations (default 10) */
  refresh?: number;
  /** accept the lowest Ritz pairs (values ascending, true residual norms, k + 1 of them where the block has them) */
  accept?: (state: { values: Float64Array; residuals: Float64Array }) => boolean;
  onIteration?: (state: { iteration: number; values: Float64Array; residuals: Float64Array; products: number }) => void;
}

export interface LobpcgResult {
  /** the block's Ritz values, ascending (blockSize of them) */
  values: Float64Array;
  /** the Ritz block X, row-major n × blockSize */
  X: Float64Array;
  /** true residual norms ‖AX_j − θ_j X_j‖ */
  residuals: Float64Array;
  iterations: number;
  /** products with A, counted per column */
  products: number;
  converged: boolean;
  /** why it stopped */
  reason: 'accepted' | 'tolerance' | 'stalled' | 'max-iterations';
}

/** iterations without the worst residual halving that count as a stall (and, twice as many, as giving up) */
const STALL = 8;
/** residuals below LOCK·‖A‖ are at the float64 floor */
const LOCK = 1e-15;
/**
 * Smallest singular value kept when W (unit columns, then projected against X) and P (unit
 * columns, projected against X and W) are orthonormalised. What is left of a nearly dependent
 * column is amplified by 1/σ when normalised, and with it the rounding of the projection;
 * dropping such a direction only slows the step, while keeping W's below 1e-4 stalled a warm
 * start at 1e-7·‖L‖.
 */
const W_MIN = 1e-4;
const P_MIN = 1e-5;
const STALL_GIVE_UP = 24;

export function lobpcgSmallest(o: LobpcgOptions): LobpcgResult {
  const { k, space } = o;
  const n = space.n;
  const b = o.blockSize;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`lobpcg: k must be a positive integer, got ${k}`);
  if (!Number.isInteger(b) || b < k) throw new RangeError(`lobpcg: block size ${b} must be an integer ≥ k = ${k}`);
  if (3 * b > n) throw new RangeError(`lobpcg: block size ${b} is too large for dimension ${n} (3b ≤ n)`);
  const tolAbs = (o.tol ?? 1e-12) * o.normBound;
  // columns below this are locked (left out of W): the float64 floor of a residual, so that an
  // acceptance test finer than tol can still be met
  const lockAbs = Math.min(tolAbs, LOCK * o.normBound);
  const maxIterations = o.maxIterations ?? 1000;
  const refresh = o.refresh ?? 10;
  const rng = new Rng(o.seed ?? 1);
  let products = 0;
  const apply = (X: Float64Array, w: number): Float64Array => {
    products += w;
    return o.apply(X, w);
  };

  // the start block
  let X = space.alloc(b);
  const s0 = o.start ? Math.min(o.start.b, b) : 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < s0; t++) X[i * b + t] = o.start!.X[i * o.start!.b + t]!;
    for (let t = s0; t < b; t++) X[i * b + t] = rng.normal();
  }
  o.project(X, b);
  X = orthonormalize(space, X, b, rng, o.project);
  let AX = apply(X, b);
  let theta: Float64Array;
  ({ X, AX, theta } = rayleighRitz(space, X, AX, b));
  let P: Float64Array | null = null;
  let AP: Float64Array | null = null;
  let pCols = 0;
  let fresh = true; // AX was computed explicitly for this X
  let sinceRefresh = 0;
  let iteration = 0;
  let residuals: Float64Array = new Float64Array(b);
  const history: number[] = []; // worst residual of the wanted pairs, per iteration
  let reason: LobpcgResult['reason'] = 'max-iterations';

  for (;;) {
    // residuals R = AX − XΘ
    const R = space.combine(b, [
      [AX, -b, ones(b)],
      [X, -b, theta.map((x) => -x)],
    ]);
    residuals = space.columnNorms(R, b);
    const wanted = Math.min(b, k + 1);
    const state = { values: theta.slice(0, wanted), residuals: residuals.slice(0, wanted) };
    let done: LobpcgResult['reason'] | null = null;
    const worst = Math.max(...residuals.subarray(0, k));
    // no progress: the worst residual has not halved in STALL iterations
    const stalled = history.length >= STALL && !(worst < 0.5 * history[history.length - STALL]!);
    if (o.accept?.(state)) done = 'accepted';
    // the residual tolerance ends the solve by itself only without an acceptance test, or once
    // the residuals stop falling (the float64 floor): a finer test may still be met below it
    else if (worst <= tolAbs && (!o.accept || worst <= 1e-3 * tolAbs || stalled)) done = 'tolerance';
    else if (stalled && history.length >= STALL_GIVE_UP && !(worst < 0.5 * history[history.length - STALL_GIVE_UP]!)) done = 'stalled';
    if (done && !fresh) {
      // confirm with an explicit product: re-orthonormalise X, recompute AX, and look again
      X = orthonormalize(space, X, b, rng, o.project);
      AX = apply(X, b);
      ({ X, AX, theta } = rayleighRitz(space, X, AX, b));
      fresh = true;
      sinceRefresh = 0;
      continue;
    }
    if (done) {
      reason = done;
      break;
    }
    history.push(worst);
    o.onIteration?.({ iteration, values: theta, residuals, products });
    if (iteration >= maxIterations) break;
    iteration++;

    // W = T·R over the columns not yet converged
    const active: number[] = [];
    for (let t = 0; t < b; t++) if (residuals[t]! > lockAbs) active.push(t);
    let nw = active.length;
    const select = new Float64Array(b * nw);
    active.forEach((t, q) => (select[t * nw + q] = 1));
    let W = space.combine(nw, [[R, b, select]]);
    o.precondition(W, nw);
    o.project(W, nw);
    // unit columns, then W ⟂ X (twice) and orthonormal
    {
      const wn = space.columnNorms(W, nw);
      W = space.combine(nw, [[W, -nw, wn.map((x) => (x > 0 ? 1 / x : 0))]]);
    }
    W = space.projectOut(W, nw, [[X, b]]);
    const basis = orthonormalBasis(space, W, nw, W_MIN);
    if (!basis) {
      // the preconditioned residuals lie in span X to working precision: nothing left to gain
      reason = 'stalled';
      break;
    }
    W = basis.X;
    nw = basis.b;
    const AW = apply(W, nw);
    // P ⟂ [X, W] and orthonormal (AP alike), so that the basis of the Rayleigh–Ritz step is
    // orthonormal: an ill-conditioned [X W P] costs accuracy near convergence (Hetmaniuk & Lehoucq)
    if (P && pCols > 0) {
      // AP is recomputed, not carried along: normalising what is left of P after the projection
      // amplifies the error of an implicit AP by up to 1/P_MIN a step, and from a nearly
      // converged block that grew the residuals threefold per iteration
      const pb = orthonormalBasis(
        space,
        space.projectOut(P, pCols, [
          [X, b],
          [W, nw],
        ]),
        pCols,
        P_MIN,
      );
      if (pb) {
        P = pb.X;
        pCols = pb.b;
        AP = apply(P, pCols);
      } else {
        P = AP = null;
        pCols = 0;
      }
    }

    // Rayleigh–Ritz on span[X, W, P]
    let usedP = P !== null && pCols > 0;
    let C: Float64Array | null = null;
    let ritz: Float64Array | null = null;
    let m = 0;
    for (let attempt = 0; attempt < 2 && !C; attempt++) {
      const blocks: [Float64Array, number, Float64Array][] = [
        [X, b, AX],
        [W, nw, AW],
      ];
      if (usedP) blocks.push([P!, pCols, AP!]);
      m = blocks.reduce((s, [, w]) => s + w, 0);
      // the basis is orthonormal by construction (X from the last Rayleigh–Ritz step, W and P
      // orthonormalised against it), but only to the accuracy of the projections: G is measured,
      // since assuming G = I would cap the residuals at about ‖G − I‖·‖A‖
      const G = new Float64Array(m * m);
      const H = new Float64Array(m * m);
      let r0 = 0;
      for (let u = 0; u < blocks.length; u++) {
        let c0 = r0;
        for (let v = u; v < blocks.length; v++) {
          const [Su, bu] = blocks[u]!;
          const [Sv, bv, ASv] = blocks[v]!;
          const h = space.gram(Su, bu, ASv, bv);
          const g = space.gram(Su, bu, Sv, bv, u === v);
          for (let p = 0; p < bu; p++) {
            for (let q = 0; q < bv; q++) {
              H[(r0 + p) * m + c0 + q] = H[(c0 + q) * m + r0 + p] = h[p * bv + q]!;
              G[(r0 + p) * m + c0 + q] = G[(c0 + q) * m + r0 + p] = g[p * bv + q]!;
            }
          }
          c0 += bv;
        }
        r0 += blocks[u]![1];
      }
      // symmetrise H (the diagonal blocks' implicit A-products drift)
      for (let p = 0; p < m; p++) for (let q = 0; q < p; q++) H[p * m + q] = H[q * m + p] = 0.5 * (H[p * m + q]! + H[q * m + p]!);
      const rr = generalizedLowest(G, H, m, b);
      if (rr) {
        C = rr.C;
        ritz = rr.values;
      } else usedP = false;
    }
    if (!C) {
      reason = 'stalled';
      break;
    }
    // new X, AX and P, AP (P = the W and P parts of the combination)
    const cX = C.subarray(0, b * b);
    const cW = C.subarray(b * b, (b + nw) * b);
    const cP = usedP ? C.subarray((b + nw) * b, m * b) : null;
    const pTerms: [Float64Array, number, Float64Array][] = [[W, nw, cW.slice()]];
    const apTerms: [Float64Array, number, Float64Array][] = [[AW, nw, cW.slice()]];
    if (cP) {
      pTerms.push([P!, pCols, cP.slice()]);
      apTerms.push([AP!, pCols, cP.slice()]);
    }
    const Pn = space.combine(b, pTerms);
    const APn = space.combine(b, apTerms);
    X = space.combine(b, [
      [X, b, cX.slice()],
      [Pn, -b, ones(b)],
    ]);
    AX = space.combine(b, [
      [AX, b, cX.slice()],
      [APn, -b, ones(b)],
    ]);
    // P's columns scaled to unit norm (P_MIN is relative to that); AP is recomputed next step
    const pn = space.columnNorms(Pn, b);
    P = space.combine(b, [[Pn, -b, pn.map((x) => (x > 0 ? 1 / x : 0))]]);
    AP = null;
    pCols = b;
    theta = ritz!;
    fresh = false;
    if (++sinceRefresh >= refresh) {
      X = orthonormalize(space, X, b, rng, o.project);
      AX = apply(X, b);
      ({ X, AX, theta } = rayleighRitz(space, X, AX, b));
      fresh = true;
      sinceRefresh = 0;
    }
    space.keepOnly([X, AX, P, AP]);
  }
  return { values: theta, X, residuals, iterations: iteration, products, converged: reason === 'accepted' || reason === 'tolerance', reason };
}

function ones(b: number): Float64Array {
  return new Float64Array(b).fill(1);
}

/** Cholesky QR: X·R⁻¹ with XᵀX = RᵀR (twice, for orthogonality to working precision); null when X is rank-deficient. */
function choleskyQr(space: BlockSpace, X: Float64Array, b: number): Float64Array | null {
  let Y = X;
  for (let pass = 0; pass < 2; pass++) {
    const g = space.gram(Y, b, Y, b, true);
    const maxDiag = Math.max(...Array.from({ length: b }, (_, t) => g[t * b + t]!));
    if (!(maxDiag > 0)) return null;
    if (!choleskyFactor(g, b)) return null;
    // R = Lᵀ; minimum pivot relative to the largest
    for (let t = 0; t < b; t++) if (!(g[t * b + t]! > 1e-10 * Math.sqrt(maxDiag))) return null;
    // inverse of the upper triangle R = Lᵀ (row-major b × b)
    const rinv = new Float64Array(b * b);
    for (let j = 0; j < b; j++) {
      // solve R·x = e_j, R[p][q] = L[q][p]
      for (let p = b - 1; p >= 0; p--) {
        let s = p === j ? 1 : 0;
        for (let q = p + 1; q < b; q++) s -= g[q * b + p]! * rinv[q * b + j]!;
        rinv[p * b + j] = s / g[p * b + p]!;
      }
    }
    Y = space.combine(b, [[Y, b, rinv]]);
  }
  return Y;
}

/**
 * An orthonormal basis of the column space of X (n × b; its columns about unit or smaller),
 * dropping directions of singular value below minSingular (two passes of the Gram matrix's
 * eigendecomposition, the second only when the first was ill-conditioned). Null when nothing is left.
 */
function orthonormalBasis(space: BlockSpace, X: Float64Array, b: number, minSingular: number): { X: Float64Array; b: number } | null {
  let Y = X;
  let w = b;
  for (let pass = 0; pass < 2; pass++) {
    const g = space.gram(Y, w, Y, w, true);
    const eig = symEig(g, w);
    const top = eig.values[w - 1]!;
    if (!(top > 0)) return null;
    const keep: number[] = [];
    for (let j = w - 1; j >= 0; j--) if (eig.values[j]! > minSingular * minSingular && eig.values[j]! > 1e-24 * top) keep.push(j);
    if (keep.length === 0) return null;
    const C = new Float64Array(w * keep.length);
    keep.forEach((j, q) => {
      const s = 1 / Math.sqrt(eig.values[j]!);
      for (let p = 0; p < w; p++) C[p * keep.length + q] = eig.vectors[j * w + p]! * s;
    });
    Y = space.combine(keep.length, [[Y, w, C]]);
    // a well-conditioned Gram matrix leaves Y orthonormal to working precision after one pass
    const conditioned = keep.length === w && eig.values[0]! > 1e-6 * top;
    w = keep.length;
    if (conditioned) break;
  }
  return { X: Y, b: w };
}

/** Orthonormal columns spanning X's (projected) columns, replacing dependent ones by random vectors. */
function orthonormalize(space: BlockSpace, X: Float64Array, b: number, rng: Rng, project: (X: Float64Array, b: number) => void): Float64Array {
  for (let attempt = 0; attempt < 5; attempt++) {
    const q = choleskyQr(space, X, b);
    if (q) return q;
    // perturb and try again
    const Y = space.alloc(b);
    Y.set(X);
    for (let i = 0; i < Y.length; i++) Y[i]! += 1e-8 * rng.normal();
    project(Y, b);
    X = Y;
  }
  throw new Error('lobpcg: could not orthonormalise the block (the operator’s complement is smaller than the block)');
}

/** Rayleigh–Ritz on an orthonormal X: the Ritz vectors XQ (ascending values) and AXQ. */
function rayleighRitz(space: BlockSpace, X: Float64Array, AX: Float64Array, b: number): { X: Float64Array; AX: Float64Array; theta: Float64Array } {
  const h = space.gram(X, b, AX, b);
  for (let p = 0; p < b; p++) for (let q = 0; q < p; q++) h[p * b + q] = h[q * b + p] = 0.5 * (h[p * b + q]! + h[q * b + p]!);
  const eig = symEig(h, b);
  // eigenvectors come column-major (vector j at j·b); C[p][j] = vector j's p-th entry
  const C = new Float64Array(b * b);
  for (let j = 0; j < b; j++) for (let p = 0; p < b; p++) C[p * b + j] = eig.vectors[j * b + p]!;
  return { X: space.combine(b, [[X, b, C]]), AX: space.combine(b, [[AX, b, C]]), theta: eig.values.slice(0, b) };
}

/**
 * The `want` lowest generalized eigenvectors of H c = θ G c (G positive definite), as an
 * m × want row-major matrix C with CᵀGC = I; null when G is not numerically positive definite.
 */
function generalizedLowest(G: Float64Array, H: Float64Array, m: number, want: number): { C: Float64Array; values: Float64Array } | null {
  // scale to unit diagonal
  const d = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    const g = G[p * m + p]!;
    if (!(g > 0)) return null;
    d[p] = 1 / Math.sqrt(g);
  }
  const Gs = new Float64Array(m * m);
  const Hs = new Float64Array(m * m);
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < m; q++) {
      Gs[p * m + q] = G[p * m + q]! * d[p]! * d[q]!;
      Hs[p * m + q] = H[p * m + q]! * d[p]! * d[q]!;
    }
  }
  if (!choleskyFactor(Gs, m)) return null;
  for (let p = 0; p < m; p++) if (!(Gs[p * m + p]! > 1e-7)) return null; // condition number above about 1e14
  // K = L⁻¹ Hs L⁻ᵀ
  const Linv = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    for (let p = 0; p < m; p++) {
      let s = p === j ? 1 : 0;
      for (let q = j; q < p; q++) s -= Gs[p * m + q]! * Linv[q * m + j]!;
      Linv[p * m + j] = s / Gs[p * m + p]!;
    }
  }
  const T = new Float64Array(m * m); // L⁻¹ Hs
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < m; q++) {
      let s = 0;
      for (let r = 0; r <= p; r++) s += Linv[p * m + r]! * Hs[r * m + q]!;
      T[p * m + q] = s;
    }
  }
  const K = new Float64Array(m * m); // T L⁻ᵀ
  for (let p = 0; p < m; p++) {
    for (let q = 0; q <= p; q++) {
      let s = 0;
      for (let r = 0; r <= q; r++) s += T[p * m + r]! * Linv[q * m + r]!;
      K[p * m + q] = K[q * m + p] = s;
    }
  }
  const eig = symEig(K, m);
  // C = D L⁻ᵀ Y
  const C = new Float64Array(m * want);
  for (let j = 0; j < want; j++) {
    for (let p = 0; p < m; p++) {
      let s = 0;
      for (let r = p; r < m; r++) s += Linv[r * m + p]! * eig.vectors[j * m + r]!;
      C[p * want + j] = s * d[p]!;
    }
  }
  return { C, values: eig.values.slice(0, want) };
}
