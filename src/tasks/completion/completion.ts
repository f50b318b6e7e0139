/**
 * Matrix completion by ALS (SPEC Task 3): min ‖P_Ω(A − UVᵀ)‖² + λu‖U‖² + λv‖V‖², f = ‖UVᵀ‖²_F,
 * and the derivative network is Lemma 6's influence of every observed rating (bipartite
 * input, so B = ∂f/∂A with no Eq. 5 symmetrisation).
 *
 * Engine: `host` runs the sweeps in float64 on the host (fused Gram passes, Cholesky);
 * `tensor` runs them as tensor ops in float32 (gather, batched outer products,
 * unsortedSegmentSum, batched Gauss–Jordan); `auto` picks tensor on a native tensorflow
 * backend and host otherwise. The influence is computed in float64 from the returned factors
 * either way, so `--factors-out` writes exactly the factors it came from.
 */
import * as tf from '@tensorflow/tfjs-core';
import { deviceFirst } from '../../backend/placement.js';
import { ConfigError } from '../../util/errors.js';
import type { Ratings } from '../../ratings/ratings.js';
import { als, type AlsResult } from '../../solvers/als.js';
import { alsTensorAnywhere } from '../../solvers/als-tensor.js';
import { gram, lemma6Influence } from './influence.js';
import type { TaskContext, TaskFit } from '../task.js';

/** The task's options, validated by the kit's schema (index.ts). */
export interface CompletionOptions {
  /** r, the rank of U and V */
  rank: number;
  /** λ for both sides; lambdaU / lambdaV override one side */
  lambda: number;
  lambdaU?: number | undefined;
  lambdaV?: number | undefined;
  /** ALS sweeps */
  iters: number;
  /** stop early once the relative stationarity falls to this (0: run every sweep) */
  tol: number;
  engine: 'auto' | 'host' | 'tensor';
  /** start a refit from the warm start's factors (TaskContext.warmStart) instead of the seeded start */
  warmStart?: boolean;
}

export interface CompletionFit extends TaskFit {
  /** n1 × r and n2 × r, row-major, float64: the factors B is computed from */
  U: Float64Array;
  V: Float64Array;
  rank: number;
  lambdaU: number;
  lambdaV: number;
  nUsers: number;
  nItems: number;
  /** the observed cells (rating order) the fit saw; the complement RMSE sums over the rest */
  observed: { user: Int32Array; item: Int32Array };
  als: Omit<AlsResult, 'U' | 'V'>;
  engine: 'host' | 'tensor';
}

/** f = ‖UVᵀ‖²_F = Σ (UᵀU) ∘ (VᵀV). */
export function completionObjective(U: Float64Array, V: Float64Array, r: number): number {
  const gu = gram(U, r);
  const gv = gram(V, r);
  let f = 0;
  for (let k = 0; k < r * r; k++) f += gu[k]! * gv[k]!;
  return f;
}

/** Fit U and V by ALS (host float64 or tensor float32 sweeps) and state what B is at them. */
export function fitCompletion(ratings: Ratings, o: CompletionOptions, ctx: TaskContext): CompletionFit | Promise<CompletionFit> {
  if (o.rank > Math.min(ratings.nUsers, ratings.nItems)) {
    throw new ConfigError(`completion: rank ${o.rank} exceeds min(users, items) = min(${ratings.nUsers}, ${ratings.nItems}); UVᵀ cannot have a higher rank than that`);
  }
  const lambdaU = o.lambdaU ?? o.lambda;
  const lambdaV = o.lambdaV ?? o.lambda;
  const engine = o.engine === 'auto' ? (deviceFirst() ? 'tensor' : 'host') : o.engine;
  // (the tensor engine's factors are read back asynchronously on webgpu: then the fit is a promise)
  const run = engine === 'tensor' ? alsTensorAnywhere : als;
  const t0 = performance.now();
  const res = run(ratings, {
    rank: o.rank,
    lambdaU,
    lambdaV,
    iters: o.iters,
    tol: o.tol,
    seed: ctx.seed,
    start: o.warmStart ? warmFactors(ctx.warmStart, ratings, o.rank) : undefined,
    onSweep: ctx.log
      ? (s, obj, st) => ctx.log!(`ALS sweep ${s}/${o.iters}: objective ${obj.toPrecision(10)}${Number.isNaN(st) ? '' : `, stationarity ${st.toExponential(2)}`} (${((performance.now() - t0) / 1000).toFixed(2)} s)`)
      : undefined,
  });
  const assemble = (res: AlsResult): CompletionFit => assembleCompletion(res, o, engine, lambdaU, lambdaV, ratings);
  return res instanceof Promise ? res.then(assemble) : assemble(res);
}

/** The factors of an earlier completion fit of the same users, items and rank (copies), or undefined. */
function warmFactors(warm: TaskFit | undefined, ratings: Ratings, rank: number): { U: Float64Array; V: Float64Array } | undefined {
  if (!warm || !('U' in warm) || !('V' in warm) || !('rank' in warm)) return undefined;
  const w = warm as CompletionFit;
  if (w.rank !== rank || w.nUsers !== ratings.nUsers || w.nItems !== ratings.nItems) return undefined;
  return { U: w.U.slice(), V: w.V.slice() };
}

function assembleCompletion(res: AlsResult, o: CompletionOptions, engine: 'host' | 'tensor', lambdaU: number, lambdaV: number, ratings: Ratings): CompletionFit {
  const { U, V, ...rest } = res;
  return {
    objective: completionObjective(U, V, o.rank),
    solver: {
      solver: `ALS (${engine})`,
      precision: engine === 'tensor' ? 'float32' : 'float64',
      iterations: res.sweeps,
      converged: res.converged,
      stoppedBy: res.stoppedBy,
      ...(res.converged
        ? {}
        : { note: `ALS ran the ${res.sweeps} sweeps asked for (a setting, not a stopping rule) and stopped at relative stationarity ${res.stationarity.toExponential(2)}${o.tol > 0 ? `, above tol = ${o.tol}` : '; the task option tol sets one'}; B is Lemma 6 at these factors` }),
      residual: res.stationarity,
      residualMeaning: '‖∇L‖_F / (‖2·P_Ω(A)·V‖_F + ‖2·P_Ω(A)ᵀ·U‖_F)',
      objectivePerSweep: res.objective,
    },
    wellPosed: {
      illPosed: false,
      detail: `Lemma 6 is defined at any factors: λu = ${lambdaU}, λv = ${lambdaV} > 0 keep every Gram matrix C_i, D_j positive definite`,
    },
    U,
    V,
    rank: o.rank,
    lambdaU,
    lambdaV,
    nUsers: ratings.nUsers,
    nItems: ratings.nItems,
    observed: { user: ratings.user, item: ratings.item },
    als: rest,
    engine,
  };
}

/** B: Lemma 6's influence of every observed rating, in rating order. */
export function completionDerivative(ratings: Ratings, fit: CompletionFit): Float64Array {
  return lemma6Influence(ratings, fit.U, fit.V, fit.rank, fit.lambdaU, fit.lambdaV);
}
