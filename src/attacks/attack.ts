/** Edge scorers (Algorithm 2's ranking step): one score per edge of graph.edges, higher = remove first. */
import type { Graph } from '../graph/graph.js';
import type { Task, TaskFit } from '../tasks/task.js';
import type { Rng } from '../util/rng.js';

export interface AttackContext {
  graph: Graph;
  task: Task;
  /** the task fitted on the clean graph */
  fit: TaskFit;
  rng: Rng;
}

export interface EdgeScorer {
  readonly name: string;
  readonly description: string;
  score(ctx: AttackContext): Float64Array;
}
