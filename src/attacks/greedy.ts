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
import type { Edit, Pairs } from '../graph/edit.js';
import type { ScoreResult } from './attack.js';
import { pairSign, scorePairs } from './candidates.js';
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
  refit: (t: BoundTask) => Promise<TaskFit>,
  seed: number,
  budget: number,
  onStep?: (step: number) => void,
): Promise<GreedyResult> {
  return greedyLoop(attack, target, clean, refit, target.items, budget, 'edge', onStep, {
    score: (current, fit) => attack.scorer.score({ target: current, view: current.view(), fit, rng: new Rng(seed), seed }, attack.options),
    edit: (best) => ({ remove: [best], add: { src: [], dst: [] } }),
  });
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
  refit: (t: BoundTask) => Promise<TaskFit>,
  pairs: Pairs,
  seed: number,
  budget: number,
  onStep?: (step: number) => void,
): Promise<GreedyResult> {
  const at = (alive: Int32Array) => ({ src: Int32Array.from(alive, (t) => pairs.src[t]!), dst: Int32Array.from(alive, (t) => pairs.dst[t]!) });
  return greedyLoop(attack, target, clean, refit, pairs.src.length, budget, 'candidate', onStep, {
    score(current, fit, alive) {
      const graph = current.graph;
      if (!graph) throw new ConfigError(`attack ${attack.label}: the add direction needs a graph task`);
      return { scores: scorePairs(attack.scorer.name, current, graph, fit, at(alive), seed, pairSign(attack)), ...(attack.scorer.dependsOn === 'fit' ? { solver: fit.solver } : {}) };
    },
    edit: (best, alive) => ({ remove: [], add: { src: [pairs.src[alive[best]!]!], dst: [pairs.dst[alive[best]!]!] } }),
  });
}

/**
 * The loop both directions share: score what is left, take the argmax (first on ties), apply
 * the edit it makes, refit when the scorer reads the fit. `alive` maps score positions to the
 * original elements (edges, or candidates).
 */
async function greedyLoop(
  attack: ConfiguredAttack,
  target: BoundTask,
  clean: TaskFit,
  refit: (t: BoundTask) => Promise<TaskFit>,
  items: number,
  budget: number,
  what: string,
  onStep: ((step: number) => void) | undefined,
  step: { score(current: BoundTask, fit: TaskFit, alive: Int32Array): ScoreResult; edit(best: number, alive: Int32Array): Edit },
): Promise<GreedyResult> {
  const k = Math.min(budget, items);
  const chosen = new Int32Array(k);
  const picked = new Float64Array(k);
  const solvers: SolverReport[] = [];
  let alive = Int32Array.from({ length: items }, (_, e) => e);
  let current = target;
  for (let s = 0; s < k; s++) {
    const fit = s === 0 || attack.scorer.dependsOn !== 'fit' ? clean : await refit(current);
    try {
      const { scores, solver } = step.score(current, fit, alive);
      if (solver) solvers.push(solver);
      let best = -1;
      for (let e = 0; e < scores.length; e++) {
        if (Number.isNaN(scores[e]!)) throw new Error(`attack '${attack.label}': score of ${what} ${alive[e]} is NaN at greedy step ${s + 1}`);
        if (best < 0 || scores[e]! > scores[best]!) best = e;
      }
      chosen[s] = alive[best]!;
      picked[s] = scores[best]!;
      current = current.apply(step.edit(best, alive));
      alive.copyWithin(best, best + 1);
      alive = alive.subarray(0, alive.length - 1);
    } finally {
      if (fit !== clean) target.dispose(fit);
    }
    onStep?.(s + 1);
  }
  if (new Set(chosen).size !== k) throw new Error(`greedy ${attack.label}: postcondition failed (a ${what} repeats)`);
  return { removed: chosen, scores: picked, solvers };
}
