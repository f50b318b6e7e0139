/**
 * Helpers on vector spaces (the contracts live in linalg/operators.ts): `tensorSpace` holds
 * float32 tensors on the device, `hostSpace` and `sharedSpace` Float64Array on the host.
 */
import type { Rng } from '../util/rng.js';

export type { VectorSpace, LinearOperator } from '../linalg/operators.js';
import type { ReadbackSpace, VectorSpace } from '../linalg/operators.js';
import { read, runSync, type Steps } from '../linalg/steps.js';

/** A random unit vector orthogonal to `basis`, or null when the basis already spans the space. */
export function freshOrthogonal<V>(space: VectorSpace<V>, basis: readonly V[], len: number, rng: Rng): V | null {
  return runSync(freshOrthogonalSteps(space, basis, len, rng));
}

/** freshOrthogonal as a driver step (linalg/steps.ts), for spaces that read back asynchronously. */
export function* freshOrthogonalSteps<V>(space: ReadbackSpace<V>, basis: readonly V[], len: number, rng: Rng): Steps<V | null> {
  if (basis.length >= len) return null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const x = space.random(len, rng);
    const { x: y } = yield* read(space.orthogonalize(x, basis));
    space.dispose(x);
    const nrm = yield* read(space.norm(y));
    if (nrm > 1e-3) {
      const z = space.scale(y, 1 / nrm);
      space.dispose(y);
      return z;
    }
    space.dispose(y);
  }
  return null;
}
