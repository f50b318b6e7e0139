/**
 * The contracts between the Krylov solvers (solvers/) and what they run on (the sparse
 * operators in sparse/ and parallel/, the vector spaces of host arrays and tensors): below
 * all of them, so no implementer imports a solver to learn its interface.
 */
import type { Rng } from '../util/rng.js';
import type { Maybe } from './steps.js';

/**
 * The vector arithmetic a Krylov solver needs, so one algorithm runs in two precisions:
 * float32 tensors on the device and Float64Array on the host. Every method returns new
 * vectors owned by the caller; `dispose` frees them.
 */
export interface VectorSpace<V> {
  readonly precision: 'float32' | 'float64';
  random(len: number, rng: Rng): V;
  norm(x: V): number;
  /** xᵀy */
  dot(x: V, y: V): number;
  scale(x: V, s: number): V;
  /** y + a·x */
  axpy(y: V, a: number, x: V): V;
  /**
   * x minus its projection on the orthonormal `basis` (classical Gram–Schmidt, twice), and
   * the projection coefficients basisᵀx (summed over both passes).
   */
  orthogonalize(x: V, basis: readonly V[]): { x: V; coeffs: Float64Array };
  /** out_j = Σ_i basis_i · coeffs[j·ld + i] for j < k (coeffs column-major, ld ≥ basis.length) */
  combine(basis: readonly V[], coeffs: Float64Array, ld: number, k: number): V[];
  /** Σ x */
  sum(x: V): number;
  toFloat64(x: V): Float64Array;
  fromFloat64(x: Float64Array): V;
  dispose(x: V | readonly V[]): void;
}

/**
 * The same arithmetic on a space whose scalar read-backs may arrive later (a device that reads
 * back only asynchronously). Every `VectorSpace` is one; drivers written as generators
 * (linalg/steps.ts) accept either.
 */
export interface ReadbackSpace<V> extends Omit<VectorSpace<V>, 'norm' | 'dot' | 'sum' | 'orthogonalize' | 'toFloat64'> {
  norm(x: V): Maybe<number>;
  dot(x: V, y: V): Maybe<number>;
  sum(x: V): Maybe<number>;
  orthogonalize(x: V, basis: readonly V[]): Maybe<{ x: V; coeffs: Float64Array }>;
  toFloat64(x: V): Maybe<Float64Array>;
}

/** A linear map A: cols → rows with its transpose. */
export interface LinearOperator<V> {
  readonly rows: number;
  readonly cols: number;
  matvec(x: V): V;
  rmatvec(y: V): V;
}

/** A symmetric linear map (a Laplacian, say). */
export interface SymmetricOperator<V> {
  readonly size: number;
  apply(x: V): V;
}
