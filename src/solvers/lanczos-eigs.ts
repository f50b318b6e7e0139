/**
 * Extreme eigenpairs of a symmetric operator by thick-restart Lanczos (Wu & Simon 2000) with
 * full reorthogonalisation (classical Gram–Schmidt, twice).
 *
 * One cycle extends an orthonormal basis V (m vectors) with A·v_j orthogonalised against V;
 * the projected matrix T = VᵀAV is measured from the reorthogonalisation coefficients, so
 * after a restart (T = diag(kept Ritz values) plus the arrow the next product measures) the
 * same loop continues. T is solved on the host in float64 (Householder + QL). A Ritz pair
 * (θ, y) has ‖Ay − θy‖ = β·|s_m| (β = norm of the last residual, s_m = last component of the
 * small eigenvector); the result reports true residuals recomputed at the end.
 *
 * `deflate` holds known orthonormal eigenvectors (a Laplacian's null space, say): the Krylov
 * space is kept orthogonal to them, so the solver finds the next eigenpairs without having to
 * resolve an exactly repeated eigenvalue it cannot see.
 *
 * Vectors are whatever the VectorSpace holds (float32 tensors or float64 host arrays).
 */
import { Rng } from '../util/rng.js';
import { symEig, type SymEigResult } from './dense/sym-eig.js';
import { freshOrthogonalSteps, type VectorSpace } from './vector-space.js';
import type { ReadbackSpace } from '../linalg/operators.js';
import { read, runAsync, runSync, type Steps } from '../linalg/steps.js';

export type { SymmetricOperator } from '../linalg/operators.js';
import type { SymmetricOperator } from '../linalg/operators.js';

export interface RitzState {
  /** Ritz values of the wanted end, best first (ascending for 'smallest') */
  values: Float64Array;
  /** residual norms β·|s_m| of those Ritz pairs (estimates from the recurrence) */
  residuals: Float64Array;
  /** current estimate of ‖A‖ (largest |Ritz value| seen, or the bound given) */
  normEstimate: number;
}

export interface LanczosEigsOptions<V> {
  /** eigenpairs wanted */
  k: number;
  which?: 'smallest' | 'largest';
  seed?: number;
  /** Krylov basis per cycle (default max(2k + 20, 40), capped by the dimension) */
  basisSize?: number;
  /** residual tolerance relative to ‖A‖: default 1e-5 in float32, 1e-12 in float64 */
  tol?: number;
  /** an upper bound of ‖A‖ to scale tol by (default: the largest |Ritz value| seen) */
  normBound?: number;
  /** start vectors per Krylov sequence (band Lanczos); eigenvalues repeated up to this many times are found in full (default 1) */
  blockSize?: number;
  /** stop after this many cycles (default 500) */
  maxRestarts?: number;
  /** start vector (length size); default seeded Gaussian */
  start?: Float64Array;
  /** orthonormal vectors the Krylov space is kept orthogonal to */
  deflate?: readonly V[];
  /**
   * acceptance in place of (or before) the residual test, called after every cycle with the
   * first `k` Ritz pairs plus one more where the basis allows it
   */
  accept?: (state: RitzState) => boolean;
  /** called after every cycle (progress) */
  onCycle?: (state: RitzState & { products: number; restarts: number }) => void;
}

export interface LanczosEigsResult<V> {
  /** the k wanted eigenvalues, best first */
  values: Float64Array;
  vectors: V[];
  /** true ‖A y_i − θ_i y_i‖, recomputed */
  residuals: Float64Array;
  normEstimate: number;
  /** products with A */
  iterations: number;
  restarts: number;
  converged: boolean;
  tol: number;
  precision: 'float32' | 'float64';
}

export function lanczosEigs<V>(op: SymmetricOperator<V>, space: VectorSpace<V>, options: LanczosEigsOptions<V>): LanczosEigsResult<V> {
  return runSync(lanczosEigsSteps(op, space, options));
}

/** The same on a device that reads back asynchronously (linalg/steps.ts). */
export function lanczosEigsAsync<V>(op: SymmetricOperator<V>, space: ReadbackSpace<V>, options: LanczosEigsOptions<V>): Promise<LanczosEigsResult<V>> {
  return runAsync(lanczosEigsSteps(op, space, options));
}

export function* lanczosEigsSteps<V>(op: SymmetricOperator<V>, space: ReadbackSpace<V>, options: LanczosEigsOptions<V>): Steps<LanczosEigsResult<V>> {
  const { k } = options;
  const which = options.which ?? 'smallest';
  const deflate = options.deflate ?? [];
  const dim = op.size - deflate.length;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`lanczosEigs: k must be a positive integer, got ${k}`);
  if (k > dim) throw new RangeError(`lanczosEigs: k = ${k} exceeds the dimension ${dim} left after deflation`);
  const b = options.blockSize ?? 1;
  if (!Number.isInteger(b) || b < 1) throw new RangeError(`lanczosEigs: blockSize must be a positive integer, got ${b}`);
  if (b > dim) throw new RangeError(`lanczosEigs: block size ${b} exceeds the dimension ${dim}`);
  const m = Math.min(dim, options.basisSize ?? Math.max(2 * k + 20, 40));
  if (m < k) throw new RangeError(`lanczosEigs: basis size ${m} < k = ${k}`);
  const tol = options.tol ?? (space.precision === 'float32' ? 1e-5 : 1e-12);
  const maxRestarts = options.maxRestarts ?? 500;
  const rng = new Rng(options.seed ?? 1);
  const keep = Math.min(m - 1, k + Math.ceil((m - k) / 2));
  // m = dim: the first cycle spans the whole space and never restarts
  if (keep < k && m < dim) throw new RangeError(`lanczosEigs: basis size ${m} leaves no room to restart with ${k} vectors`);
  const breakdown = 100 * (space.precision === 'float32' ? 5.96e-8 : 1.11e-16);
  const nWanted = Math.min(k + 1, m);

  // V holds the basis; with block size b the cycle multiplies v_j and appends its new
  // direction at j + b (band Lanczos), so b start vectors give b independent Krylov
  // sequences and an eigenvalue repeated up to b times is seen in full.
  const V: V[] = [];
  for (let t = 0; t < b; t++) {
    const x0 = t === 0 && options.start ? space.fromFloat64(options.start) : space.random(op.size, rng);
    const { x: x1 } = yield* read(space.orthogonalize(x0, [...deflate, ...V]));
    space.dispose(x0);
    const nrm = yield* read(space.norm(x1));
    if (!(nrm > 0)) throw new RangeError('lanczosEigs: the start vector lies in the deflated space');
    V.push(space.scale(x1, 1 / nrm));
    space.dispose(x1);
  }
  const ld = m + b;
  const T = new Float64Array(ld * ld); // row-major; rows m..m+b−1 couple V_m to the next block
  let kk = 0;
  let iterations = 0;
  let restarts = 0;
  let normEstimate = options.normBound ?? 0;
  let order: number[] = [];
  let eig: SymEigResult | undefined;
  let accepted = false;
  let state: RitzState = { values: new Float64Array(0), residuals: new Float64Array(0), normEstimate };
  const off = deflate.length;
  for (;;) {
    for (let j = kk; j < m; j++) {
      const w0 = op.apply(V[j]!);
      iterations++;
      const w0norm = yield* read(space.norm(w0));
      // Deflated vectors take part in both Gram–Schmidt passes: projecting them out on
      // their own lets the V-pass reintroduce them at ε·‖A‖, which a small β then amplifies.
      const { x: w, coeffs } = yield* read(space.orthogonalize(w0, deflate.length > 0 ? [...deflate, ...V] : V));
      space.dispose(w0);
      for (let i = 0; i < V.length; i++) {
        T[i * ld + j] = coeffs[off + i]!;
        T[j * ld + i] = coeffs[off + i]!;
      }
      const beta = yield* read(space.norm(w));
      const row = V.length; // = j + b
      if (!(beta > breakdown * w0norm) || beta === 0) {
        // A·v_j lies in span(V) to working precision: an invariant subspace. Continue with
        // a fresh orthogonal direction (its coupling to V is zero).
        const fresh = yield* freshOrthogonalSteps(space, [...deflate, ...V], op.size, rng);
        if (fresh) V.push(fresh);
        else if (j >= m - b) V.push(space.scale(w, 0)); // the whole space is spanned: no next cycle
        else throw new Error('lanczosEigs: the basis is complete before the cycle ends');
        T[row * ld + j] = 0;
        T[j * ld + row] = 0;
      } else {
        V.push(space.scale(w, 1 / beta));
        T[row * ld + j] = beta;
        T[j * ld + row] = beta;
      }
      space.dispose(w);
    }
    const Tm = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) Tm[i * m + j] = T[i * ld + j]!;
    eig = symEig(Tm, m);
    order = Array.from({ length: m }, (_, i) => (which === 'smallest' ? i : m - 1 - i));
    for (let i = 0; i < m; i++) normEstimate = Math.max(normEstimate, Math.abs(eig.values[i]!));
    const values = new Float64Array(nWanted);
    const residuals = new Float64Array(nWanted);
    for (let t = 0; t < nWanted; t++) {
      const c = order[t]!;
      values[t] = eig.values[c]!;
      // ‖A y − θ y‖² = Σ over the next block's rows of (T[row, :m]·s)²
      let rr = 0;
      for (let i = m; i < m + b; i++) {
        let x = 0;
        for (let j = Math.max(0, i - b); j < m; j++) x += T[i * ld + j]! * eig.vectors[c * m + j]!;
        rr += x * x;
      }
      residuals[t] = Math.sqrt(rr);
    }
    state = { values, residuals, normEstimate };
    options.onCycle?.({ ...state, products: iterations, restarts });
    let worst = 0;
    for (let t = 0; t < k; t++) worst = Math.max(worst, residuals[t]!);
    accepted = worst <= tol * normEstimate || (options.accept?.(state) ?? false);
    const done = accepted || m === dim || restarts >= maxRestarts;
    if (done) break;
    restarts++;
    // Thick restart: V ← [Ritz vectors of the wanted end, the next block], T ← diag(θ) (the
    // coupling of the next block to the kept vectors is measured again by its products).
    const coeffs = new Float64Array(m * keep);
    for (let t = 0; t < keep; t++) coeffs.set(eig.vectors.subarray(order[t]! * m, order[t]! * m + m), t * m);
    const kept = space.combine(V.slice(0, m), coeffs, m, keep);
    const next = V.slice(m);
    space.dispose(V.slice(0, m));
    V.length = 0;
    V.push(...kept, ...next);
    T.fill(0);
    for (let t = 0; t < keep; t++) T[t * ld + t] = eig.values[order[t]!]!;
    kk = keep;
  }

  const ritz = eig!; // the loop runs at least one cycle
  const coeffs = new Float64Array(m * k);
  for (let t = 0; t < k; t++) coeffs.set(ritz.vectors.subarray(order[t]! * m, order[t]! * m + m), t * m);
  const vectors = space.combine(V.slice(0, m), coeffs, m, k);
  space.dispose(V);
  const values = state.values.slice(0, k);
  const residuals = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    if ((yield* read(space.sum(vectors[t]!))) < 0) {
      const flipped = space.scale(vectors[t]!, -1);
      space.dispose(vectors[t]!);
      vectors[t] = flipped;
    }
    const ay = op.apply(vectors[t]!);
    const r = space.axpy(ay, -values[t]!, vectors[t]!);
    residuals[t] = yield* read(space.norm(r));
    space.dispose([ay, r]);
  }
  let worst = 0;
  for (let t = 0; t < k; t++) worst = Math.max(worst, residuals[t]!);
  const converged = worst <= tol * normEstimate || accepted || normEstimate === 0;
  return { values, vectors, residuals, normEstimate, iterations, restarts, converged, tol, precision: space.precision };
}
