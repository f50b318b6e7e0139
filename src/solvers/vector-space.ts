/**
 * The vector arithmetic a Krylov solver needs, abstracted so one algorithm runs in two
 * precisions: float32 tensors on the device (`tensorSpace`) and Float64Array on the host
 * (`hostSpace`). Every method returns new vectors owned by the caller; `dispose` frees them.
 */
import type { Rng } from '../util/rng.js';

export interface VectorSpace<V> {
  readonly precision: 'float32' | 'float64';
  random(len: number, rng: Rng): V;
  norm(x: V): number;
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

/** A linear map A: cols → rows with its transpose. */
export interface LinearOperator<V> {
  readonly rows: number;
  readonly cols: number;
  matvec(x: V): V;
  rmatvec(y: V): V;
}

/** A random unit vector orthogonal to `basis`, or null when the basis already spans the space. */
export function freshOrthogonal<V>(space: VectorSpace<V>, basis: readonly V[], len: number, rng: Rng): V | null {
  if (basis.length >= len) return null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const x = space.random(len, rng);
    const { x: y } = space.orthogonalize(x, basis);
    space.dispose(x);
    const nrm = space.norm(y);
    if (nrm > 1e-3) {
      const z = space.scale(y, 1 / nrm);
      space.dispose(y);
      return z;
    }
    space.dispose(y);
  }
  return null;
}
