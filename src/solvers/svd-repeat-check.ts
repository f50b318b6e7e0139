/**
 * Find singular triplets a single Krylov sequence missed.
 *
 * Golub–Kahan–Lanczos from one start vector sees one direction of every singular subspace: an
 * exactly repeated singular value (identical disjoint components, say two identical out-stars)
 * shows up once, and the solver then reports the next distinct value as σ(k) with tiny
 * residuals. Every triplet it did find is exact, so the complement of the found pairs is
 * invariant under A and Aᵀ; a second run from a fresh start on that complement
 * (`lanczosSvd` with `deflate`) has Ritz values that bound its largest singular value from
 * below. A Ritz value above the found σ(k) therefore proves a triplet was missed. It is merged
 * in (it is a genuine singular triplet of A, orthogonal to the others) and the search repeats
 * on the new complement, until the complement's largest value is shown to lie below σ(k)
 * (its Ritz value converged to well within its distance from σ(k)) or the budget is spent.
 */
import { lanczosSvdSteps, type LanczosSvdResult } from './lanczos-svd.js';
import type { ReadbackSpace } from '../linalg/operators.js';
import { runAsync, runSync, type Steps } from '../linalg/steps.js';
import type { LinearOperator, VectorSpace } from './vector-space.js';

export interface SvdRepeatCheck {
  /** triplets the first run missed and the search found (merged into the result) */
  found: number;
  /** complement runs made */
  rounds: number;
  /** the complement's largest singular value, as last measured */
  complementSigma: number;
  /** it was shown to lie below σ(k) (false: the budget ran out first; the evidence is the Ritz value above) */
  conclusive: boolean;
  /** products with A spent on the search */
  products: number;
}

export interface SvdRepeatOptions {
  k: number;
  seed: number;
  /** residual tolerance of the complement runs, relative to the complement's σ1 */
  tol: number;
  basisSize?: number;
  /** products allowed per complement run (default max(8 cycles, the first run's count)) */
  budget?: number;
  /** complement runs at most (default k + 1) */
  maxRounds?: number;
}

/**
 * Complete `svd` (the top-k triplets of one Lanczos run, owned by the caller and consumed
 * here) with the triplets it missed. Returns the corrected top k (ownership to the caller) and
 * what the search did; the result's iteration count includes the search's products.
 */
export function completeTriplets<V>(
  op: LinearOperator<V>,
  space: VectorSpace<V>,
  svd: LanczosSvdResult<V>,
  options: SvdRepeatOptions,
): { svd: LanczosSvdResult<V>; check: SvdRepeatCheck } {
  return runSync(completeTripletsSteps(op, space, svd, options));
}

/** The same on a device that reads back asynchronously (linalg/steps.ts). */
export function completeTripletsAsync<V>(
  op: LinearOperator<V>,
  space: ReadbackSpace<V>,
  svd: LanczosSvdResult<V>,
  options: SvdRepeatOptions,
): Promise<{ svd: LanczosSvdResult<V>; check: SvdRepeatCheck }> {
  return runAsync(completeTripletsSteps(op, space, svd, options));
}

export function* completeTripletsSteps<V>(
  op: LinearOperator<V>,
  space: ReadbackSpace<V>,
  svd: LanczosSvdResult<V>,
  options: SvdRepeatOptions,
): Steps<{ svd: LanczosSvdResult<V>; check: SvdRepeatCheck }> {
  const { k } = options;
  type Triplet = { sigma: number; u: V; v: V; rAv: number; rATu: number };
  const found: Triplet[] = Array.from(svd.sigma, (sigma, i) => ({ sigma, u: svd.u[i]!, v: svd.v[i]!, rAv: svd.residualAv[i]!, rATu: svd.residualATu[i]! }));
  const minDim = Math.min(op.rows, op.cols);
  const maxRounds = options.maxRounds ?? k + 1;
  let products = 0;
  let rounds = 0;
  let nFound = 0;
  let complementSigma = 0;
  // the last complement run must show its value below σ(k) (or the complement be empty)
  let conclusive = false;
  let restarts = svd.restarts;
  let converged = svd.converged;
  const m = options.basisSize ?? 12;
  const budget = options.budget ?? Math.max(8 * m, svd.iterations);
  const eps = space.precision === 'float32' ? 5.96e-8 : 1.11e-16;
  while (found.length < minDim && rounds < maxRounds) {
    rounds++;
    const sk = found[k - 1]!.sigma;
    const s1 = found[0]!.sigma;
    // what the found σ(k) is known to: its residuals, and the float working precision
    const resolve = Math.max(10 * Math.max(found[k - 1]!.rAv, found[k - 1]!.rATu), 100 * eps * s1);
    const threshold = sk + resolve;
    let lowerBound = 0;
    const check = yield* lanczosSvdSteps(op, space, {
      k: 1,
      seed: options.seed + 7919 * rounds,
      basisSize: Math.min(m, minDim - found.length),
      tol: options.tol,
      maxRestarts: Math.max(1, Math.ceil(budget / Math.max(1, Math.floor(m / 2)))),
      deflate: { u: found.map((t) => t.u), v: found.map((t) => t.v) },
      accept: (s) => {
        lowerBound = Math.max(lowerBound, s.sigma[0]!);
        // Converged to well within its distance below σ(k): nothing was missed. (A value above
        // σ(k) proves a missed triplet; that one runs on to the full tolerance.)
        return s.sigma[0]! < sk && s.residuals[0]! <= 0.1 * (sk - s.sigma[0]!);
      },
    });
    products += check.iterations;
    restarts += check.restarts;
    const sc = check.sigma[0]!;
    complementSigma = Math.max(sc, lowerBound);
    const resid = Math.max(check.residualAv[0]!, check.residualATu[0]!);
    if (sc > threshold) {
      // a genuine triplet above σ(k): merge it and look again
      nFound++;
      found.push({ sigma: sc, u: check.u[0]!, v: check.v[0]!, rAv: check.residualAv[0]!, rATu: check.residualATu[0]! });
      found.sort((a, b) => b.sigma - a.sigma);
      converged = converged && check.converged;
      continue;
    }
    space.dispose([...check.u, ...check.v]);
    // shown below σ(k), or converged (then equal to σ(k) within what both are known to: a
    // repeat beyond the cut, which leaves σ1..σk as they are)
    conclusive = check.converged || resid <= 0.1 * (sk - sc);
    break;
  }
  if (found.length >= minDim) conclusive = true;
  const top = found.slice(0, k);
  space.dispose(found.slice(k).flatMap((t) => [t.u, t.v]));
  return {
    svd: {
      ...svd,
      sigma: Float64Array.from(top, (t) => t.sigma),
      u: top.map((t) => t.u),
      v: top.map((t) => t.v),
      residualAv: Float64Array.from(top, (t) => t.rAv),
      residualATu: Float64Array.from(top, (t) => t.rATu),
      iterations: svd.iterations + products,
      restarts,
      converged,
    },
    check: { found: nFound, rounds, complementSigma, conclusive, products },
  };
}
