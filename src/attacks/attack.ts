/**
 * Edge scorers (Algorithm 2's ranking step): one score per element of the task's input (an
 * edge, or a rating), higher = remove first. Scorers read the input as a graph (EdgeView),
 * so every one works for every task; `n2n` asks the task for its derivative network.
 */
import type { EdgeView } from '../graph/edge-view.js';
import type { BoundTask } from '../tasks/kit.js';
import type { SolverReport, TaskFit } from '../tasks/task.js';
import type { Rng } from '../util/rng.js';
import { ConfigError } from '../util/errors.js';

export interface AttackContext {
  /** the task bound to the data being attacked */
  target: BoundTask;
  /** target.view() */
  view: EdgeView;
  /** the task fitted on this data (only scorers with dependsOn 'fit' read it) */
  fit: TaskFit;
  /** seeded from the run's seed */
  rng: Rng;
  seed: number;
}

export interface ScoreResult {
  scores: Float64Array;
  /** convergence facts of the solver the scores came from, if any */
  solver?: SolverReport;
}

export interface EdgeScorer<O extends object = object> {
  readonly name: string;
  readonly description: string;
  /**
   * what the scores depend on beyond the data: nothing ('graph': computed once for every
   * seed), the task's clean fit ('fit'), or the run's random stream ('seed')
   */
  readonly dependsOn: 'graph' | 'fit' | 'seed';
  /** whether the greedy variant (re-score after each removal) is offered */
  readonly greedy: boolean;
  /** option names besides name/greedy/label, for suggestions */
  readonly optionKeys: readonly string[];
  /** validate options and fill defaults (ConfigError on a bad value) */
  parseOptions(raw: Record<string, unknown>): O;
  /** the short name of a configured scorer for result tables: options off their defaults only */
  label(options: O): string;
  score(ctx: AttackContext, options: O): ScoreResult;
}

/** A scorer without options. */
export function plainScorer(s: Pick<EdgeScorer, 'name' | 'description' | 'dependsOn' | 'greedy'> & { score(ctx: AttackContext): ScoreResult }): EdgeScorer {
  return {
    ...s,
    optionKeys: [],
    parseOptions: () => ({}),
    label: () => s.name,
    score: (ctx) => s.score(ctx),
  };
}

/** A numeric scorer option: raw[key], else `fallback`; a ConfigError naming the attack when `ok` refuses it. */
export function numberOption(attack: string, raw: Record<string, unknown>, key: string, fallback: number, ok: (v: number) => boolean, expected: string): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !ok(v)) throw new ConfigError(`attack '${attack}': ${key} must be ${expected}, got ${JSON.stringify(v)}`);
  return v;
}
