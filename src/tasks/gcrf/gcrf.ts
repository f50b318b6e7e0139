/**
 * GCRF structured regression (SEEDS-SPEC §2): fit the prediction μ = Q⁻¹·Σ α_k R_k of a graph's
 * node values, with (α, β) given or trained by maximum likelihood, and the derivative network
 * of a scalar f(μ) with respect to every similarity S_ij (model.ts).
 */
import type { AttributedGraph } from '../../graph/attributed.js';
import { deviceFirst } from '../../backend/placement.js';
import { ConfigError } from '../../util/errors.js';
import type { TaskContext, TaskFit } from '../task.js';
import { asyncReadback } from '../../solvers/tensor-space.js';
import { runEither, type Steps } from '../../linalg/steps.js';
import { gcrfPairDerivative, gcrfSystem, type GcrfPrecision, type GcrfSolverChoice, type SolveReport } from './model.js';
import { describeObjective, objectiveGradient, objectiveValue, parseObjective, type GcrfObjective } from './objective.js';
import { GCRF_EXACT_TRAIN_AUTO, trainExact, trainStochastic, type GcrfTraining } from './train.js';

export interface GcrfOptions {
  /** α_k for every predictor (default 1) */
  alpha?: number | undefined;
  /** β (default 1) */
  beta?: number | undefined;
  fit: boolean;
  training: 'auto' | 'exact' | 'stochastic';
  probes: number;
  lanczosSteps: number;
  objective: string;
  solver: GcrfSolverChoice;
  precision: GcrfPrecision;
  tol: number;
  maxIter: number;
}

export interface GcrfFit extends TaskFit {
  /** α_k per predictor and β: given, or trained */
  alpha: Float64Array;
  beta: number;
  /** the prediction and the adjoint z = Q⁻¹∇f */
  mu: Float64Array;
  z: Float64Array;
  objectiveKind: GcrfObjective;
  /** the targets, when the data has them (metrics compare μ with them) */
  y: Float64Array | null;
  training?: GcrfTraining;
  /** how μ and z were solved */
  solves: { mu: SolveReport; z: SolveReport };
  /** the options, for refits and checks */
  options: GcrfOptions;
}

export function fitGcrf(data: AttributedGraph, o: GcrfOptions, ctx: TaskContext): GcrfFit | Promise<GcrfFit> {
  const log = ctx.log ?? (() => {});
  const objective = parseObjective(o.objective, data);
  let alpha: Float64Array;
  let beta: number;
  let training: GcrfTraining | undefined;
  if (o.fit) {
    if (o.alpha !== undefined || o.beta !== undefined) throw new ConfigError('gcrf: give either alpha and beta, or fit (which learns them), not both');
    const exact = o.training === 'exact' || (o.training === 'auto' && data.graph.n <= GCRF_EXACT_TRAIN_AUTO);
    training = exact ? trainExact(data, { log }) : trainStochastic(data, { probes: o.probes, steps: o.lanczosSteps, seed: ctx.seed, log });
    alpha = training.alpha;
    beta = training.beta;
    log(`gcrf: trained α = ${Array.from(alpha, (a) => a.toPrecision(6)).join(', ')}, β = ${beta.toPrecision(6)} (${training.iterations} L-BFGS steps, ${training.converged ? 'converged' : `stopped by ${training.stoppedBy}`})`);
  } else {
    alpha = new Float64Array(data.R.length).fill(o.alpha ?? 1);
    beta = o.beta ?? 1;
  }
  const A = alpha.reduce((s, a) => s + a, 0);
  const system = gcrfSystem(data.graph, A, beta, { solver: o.solver, precision: o.precision, tol: o.tol, maxIter: o.maxIter, deviceFirst: deviceFirst() });
  // the solves may start on the device, whose read-backs are awaited where the backend needs it
  const steps = solveAndAssemble(data, o, system, objective, alpha, beta, training);
  return runEither(steps, system.deviceStage && asyncReadback());
}

function* solveAndAssemble(
  data: AttributedGraph,
  o: GcrfOptions,
  system: ReturnType<typeof gcrfSystem>,
  objective: GcrfObjective,
  alpha: Float64Array,
  beta: number,
  training: GcrfTraining | undefined,
): Steps<GcrfFit> {
  const A = alpha.reduce((s, a) => s + a, 0);
  try {
    const n = data.graph.n;
    const b = new Float64Array(n);
    data.R.forEach((r, k) => {
      for (let i = 0; i < n; i++) b[i]! += alpha[k]! * r[i]!;
    });
    const first = yield* system.solveSteps(b);
    const mu = first.x;
    const g = objectiveGradient(objective, mu);
    const second = yield* system.solveSteps(g);
    const z = second.x;
    const converged = first.report.converged && second.report.converged;
    const residual = Math.max(first.report.residual, second.report.residual);
    const iterations = first.report.iterations + second.report.iterations;
    const precision = first.report.precision;
    return {
      objective: objectiveValue(objective, mu),
      solver: {
        solver: `${first.report.method} on Q = αI + βL (μ and z = Q⁻¹∇f)`,
        precision,
        iterations,
        converged,
        residual,
        residualMeaning: 'max over the two solves of ‖Q·x − b‖ / ‖b‖',
        ...(first.report.stages ? { stages: [first.report.stages, second.report.stages] } : {}),
        ...(training ? { training } : {}),
      },
      wellPosed: converged
        ? { illPosed: false, detail: `Q = ${A.toPrecision(6)}·I + ${beta.toPrecision(6)}·L is positive definite (α > 0, β ≥ 0, S ≥ 0): μ and B are defined; ${describeObjective(objective)}` }
        : {
            illPosed: false,
            unresolved: true,
            detail: `the solves reached ‖Qx − b‖/‖b‖ = ${residual.toExponential(2)}, not the tolerance ${o.tol} (${iterations} iterations; raise max-iter, or use solver: dense below a few thousand nodes)`,
          },
      alpha,
      beta,
      mu,
      z,
      objectiveKind: objective,
      y: data.y,
      ...(training ? { training } : {}),
      solves: { mu: first.report, z: second.report },
      options: o,
    };
  } finally {
    system.dispose();
  }
}

/** B for every edge of the graph (0 on self-loops). */
export function gcrfDerivative(data: AttributedGraph, fit: GcrfFit): Float64Array {
  return gcrfPairDerivative(fit.beta, fit.mu, fit.z, data.graph.edges);
}
