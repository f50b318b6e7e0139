/**
 * Conjugate gradients for a symmetric positive definite operator, on any vector space (float64
 * on the host thread pool, float32 tensors on the device). Precondition by scaling the
 * operator before calling (a Jacobi-scaled D^{-1/2}·Q·D^{-1/2} is still SPD).
 *
 * Stops when the recurrence residual falls to tol·‖b‖, then recomputes the true residual
 * ‖b − A·x‖ once: that is what `residual` reports (relative to ‖b‖), so a drift of the
 * recurrence in float32 shows instead of hiding.
 */
import type { ReadbackSpace, SymmetricOperator, VectorSpace } from '../linalg/operators.js';
import { read, runAsync, runSync, type Steps } from '../linalg/steps.js';

export interface CgOptions<V> {
  /** relative residual ‖b − Ax‖ / ‖b‖ to reach */
  tol: number;
  maxIter: number;
  /** a start (a float32 solution refined in float64, say); zero when absent */
  x0?: V;
}

export interface CgResult<V> {
  x: V;
  iterations: number;
  /** ‖b − A·x‖ / ‖b‖, recomputed at the end (0 when b = 0) */
  residual: number;
  converged: boolean;
}

export function conjugateGradient<V>(A: SymmetricOperator<V>, b: V, space: VectorSpace<V>, options: CgOptions<V>): CgResult<V> {
  return runSync(cgSteps(A, b, space, options));
}

/** The same on a device that reads back asynchronously (linalg/steps.ts). */
export function conjugateGradientAsync<V>(A: SymmetricOperator<V>, b: V, space: ReadbackSpace<V>, options: CgOptions<V>): Promise<CgResult<V>> {
  return runAsync(cgSteps(A, b, space, options));
}

export function* cgSteps<V>(A: SymmetricOperator<V>, b: V, space: ReadbackSpace<V>, options: CgOptions<V>): Steps<CgResult<V>> {
  const bn = yield* read(space.norm(b));
  if (bn === 0) return { x: space.scale(b, 0), iterations: 0, residual: 0, converged: true };
  let x: V;
  let r: V;
  if (options.x0) {
    x = space.scale(options.x0, 1);
    const ax = A.apply(x);
    r = space.axpy(b, -1, ax);
    space.dispose(ax);
  } else {
    x = space.scale(b, 0);
    r = space.scale(b, 1);
  }
  let p = space.scale(r, 1);
  let rr = yield* read(space.dot(r, r));
  const stop = options.tol * bn;
  let it = 0;
  while (Math.sqrt(rr) > stop && it < options.maxIter) {
    const ap = A.apply(p);
    const pap = yield* read(space.dot(p, ap));
    if (!(pap > 0)) {
      space.dispose(ap);
      break; // not positive definite along p (or a zero direction): stop, the residual says how far it got
    }
    const a = rr / pap;
    const x1 = space.axpy(x, a, p);
    const r1 = space.axpy(r, -a, ap);
    space.dispose([x, r, ap]);
    x = x1;
    r = r1;
    const rr1 = yield* read(space.dot(r, r));
    const p1 = space.axpy(r, rr1 / rr, p);
    space.dispose(p);
    p = p1;
    rr = rr1;
    it++;
  }
  space.dispose([r, p]);
  const ax = A.apply(x);
  const res = space.axpy(b, -1, ax);
  const residual = (yield* read(space.norm(res))) / bn;
  space.dispose([ax, res]);
  return { x, iterations: it, residual, converged: residual <= options.tol * 10 };
}
