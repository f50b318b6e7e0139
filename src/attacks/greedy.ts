/**
 * Algorithm 2, greedy: remove the best-scored edge, re-score on the perturbed data (the task
 * re-fitted when the scorer reads the fit), repeat. Ties go to the earliest edge. The removed
 * edges come back in removal order, as indices into the original data, so a budget's prefix
 * is the greedy removal for the smaller budget.
 */
import type { ConfiguredAttack } from './configured.js';
import type { BoundTask } from '../tasks/kit.js';
import type { SolverReport, TaskFit } from '../tasks/task.js';
import { Rng } from '../util/rng.js';
import type { Pairs } from '../graph/edit.js';
import { scorePairs } from './candidates.js';
import { ConfigError } from '../util/errors.js';

export interface GreedyResult {
  /** the removed edges (or, for insertion, the added candidates), in order */
  removed: Int32Array;
  /** the score each removed edge had when it was picked */
  scores: Float64Array;
  solvers: SolverReport[];
}

export function greedyRemoval(
  attack: ConfiguredAttack,
  target: BoundTask,
  clean: TaskFit,
  refit: (t: BoundTask) => TaskFit,
  seed: number,
  budget: number,
  onStep?: (step: number) => void,
): GreedyResult {
  const k = Math.min(budget, target.items);
  const removed = new Int32Array(k);
  const picked = new Float64Array(k);
  const solvers: SolverReport[] = [];
  let alive = Int32Array.from({ length: target.items }, (_, e) => e);
  let current = target;
  for (let step = 0; step < k; step++) {
    const fit = step === 0 || attack.scorer.dependsOn !== 'fit' ? clean : refit(current);
    try {
      const { scores, solver } = attack.scorer.score({ target: current, view: current.view(), fit, rng: new Rng(seed), seed }, attack.options);
      if (solver) solvers.push(solver);
      let best = -1;
      for (let e = 0; e < scores.length; e++) {
        if (Number.isNaN(scores[e]!)) throw new Error(`attack '${attack.label}': score of edge ${alive[e]} is NaN at greedy step ${step + 1}`);
        if (best < 0 || scores[e]! > scores[best]!) best = e;
      }
      removed[step] = alive[best]!;
      picked[step] = scores[best]!;
      alive.copyWithin(best, best + 1);
      alive = alive.subarray(0, alive.length - 1);
      current = current.apply({ remove: [best], add: { src: [], dst: [] } });
    } finally {
      if (fit !== clean) target.dispose(fit);
    }
    onStep?.(step + 1);
  }
  if (new Set(removed).size !== k) throw new Error(`greedy ${attack.label}: postcondition failed (a removed edge repeats)`);
  return { removed, scores: picked, solvers };
}

/**
 * Greedy insertion: add the best-scored candidate pair, refit on the graph with it (when the
 * scorer reads the fit), re-score the candidates left, repeat. Ties go to the earliest
 * candidate. The added pairs come back in insertion order, as indices into `pairs`, so a
 * budget's prefix is the greedy insertion for the smaller budget.
 */
export function greedyAddition(
  attack: ConfiguredAttack,
  target: BoundTask,
  clean: TaskFit,
  refit: (t: BoundTask) => TaskFit,
  pairs: Pairs,
  seed: number,
  budget: number,
  onStep?: (step: number) => void,
): GreedyResult {
  const k = Math.min(budget, pairs.src.length);
  const added = new Int32Array(k);
  const picked = new Float64Array(k);
  const solvers: SolverReport[] = [];
  let alive = Int32Array.from({ length: pairs.src.length }, (_, t) => t);
  let current = target;
  for (let step = 0; step < k; step++) {
    const fit = step === 0 || attack.scorer.dependsOn !== 'fit' ? clean : refit(current);
    try {
      const left = { src: Int32Array.from(alive, (t) => pairs.src[t]!), dst: Int32Array.from(alive, (t) => pairs.dst[t]!) };
      const graph = current.graph;
      if (!graph) throw new ConfigError(`attack ${attack.label}: the add direction needs a graph task`);
      const scores = scorePairs(attack.scorer.name, current, graph, fit, left, seed);
      if (attack.scorer.dependsOn === 'fit') solvers.push(fit.solver);
      let best = -1;
      for (let t = 0; t < scores.length; t++) {
        if (Number.isNaN(scores[t]!)) throw new Error(`attack '${attack.label}': score of candidate ${alive[t]} is NaN at greedy step ${step + 1}`);
        if (best < 0 || scores[t]! > scores[best]!) best = t;
      }
      added[step] = alive[best]!;
      picked[step] = scores[best]!;
      current = current.apply({ remove: [], add: { src: [left.src[best]!], dst: [left.dst[best]!] } });
      alive.copyWithin(best, best + 1);
      alive = alive.subarray(0, alive.length - 1);
    } finally {
      if (fit !== clean) target.dispose(fit);
    }
    onStep?.(step + 1);
  }
  if (new Set(added).size !== k) throw new Error(`greedy ${attack.label}: postcondition failed (an added pair repeats)`);
  return { removed: added, scores: picked, solvers };
}
