/**
 * The detect task's fit: a detection (GBGP or a baseline) and F*, the objective maximised again
 * on the detected supports Ψ held fixed (derivative.ts: polish). B is F*'s derivative, so the fit
 * is unresolved when that re-solve does not converge; GBGP itself stopping without converging
 * (its supports cycling) is reported in the solver facts, and F* is defined on the supports it
 * returned either way.
 */
import type { Interdependent } from '../../graph/interdependent.js';
import type { TaskContext, TaskFit } from '../task.js';
import type { ScanKind, ScanProblem } from './objective.js';
import { detect, featureIndex, type DetectMethod, type Detection } from './methods.js';
import { bridgeChanges, polish, type BridgeChange } from './derivative.js';

export interface DetectTaskOptions {
  method: DetectMethod;
  objective: ScanKind;
  sparsity: number;
  lambda: number;
  feature?: string;
  maxIter: number;
  patience: number;
}

export interface DetectFit extends TaskFit {
  network: Interdependent;
  problem: ScanProblem;
  detection: Detection;
  /** F*'s maximiser on the fixed supports */
  x: Float64Array;
  support: Uint8Array;
  /** the bridges of the detected subgraphs with their exact change of F*, computed on first use */
  bridges(): BridgeChange[];
}

export async function fitDetect(net: Interdependent, o: DetectTaskOptions, ctx: TaskContext): Promise<DetectFit> {
  const log = ctx.log ?? (() => {});
  const feature = featureIndex(net, o.feature, 'detect: feature');
  const detection = await detect(net, { method: o.method, objective: o.objective, s: o.sparsity, lambda: o.lambda, feature, maxIter: o.maxIter, patience: o.patience });
  const problem = detection.problem;
  const star = polish(problem, detection.support, detection.x);
  let selected = 0;
  for (let i = 0; i < star.x.length; i++) if (star.x[i]! > 0) selected++;
  log(`detect: ${o.method} ${detection.stopReason} after ${detection.iterations} iterations (${detection.seconds.toFixed(2)} s); F* ${star.value.toPrecision(8)} on the detected supports, ${selected} nodes selected`);
  let bridges: BridgeChange[] | null = null;
  return {
    objective: star.value,
    solver: {
      solver: `${o.method}, then problem (6) on the detected supports`,
      precision: 'float64',
      iterations: detection.iterations,
      converged: star.converged,
      residual: star.stationarity,
      detectionStop: detection.stopReason,
      pcsfCalls: detection.pcsfCalls,
      polishSteps: star.iterations,
    },
    wellPosed: star.converged
      ? { illPosed: false, detail: `with the supports fixed, F* is the value of a box-constrained maximum, differentiable in the coupling weights (envelope theorem; stationarity ${star.stationarity.toExponential(2)}); edges inside blocks matter only through connectivity (bridges: exact changes)` }
      : { illPosed: false, unresolved: true, detail: `F* on the detected supports did not converge (stationarity ${star.stationarity.toExponential(2)} after ${star.iterations} steps)` },
    network: net,
    problem,
    detection,
    x: star.x,
    support: detection.support,
    bridges: () => (bridges ??= bridgeChanges(problem, net, detection.support, star.x, star.value)),
  };
}
