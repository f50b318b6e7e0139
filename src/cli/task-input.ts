/** Load what a task reads: a graph (edge-list formats) or a rating matrix (rating formats). */
import { loadGraph } from '../graph/load-graph.js';
import { describeGraph, type Graph, type DuplicatePolicy } from '../graph/graph.js';
import { loadRatings, type RatingFormat } from '../ratings/load-ratings.js';
import { describeRatings, type Ratings } from '../ratings/ratings.js';
import type { AnyTask, GraphTask, RatingsTask } from '../tasks/task.js';
import { ConfigError } from '../util/errors.js';
import { taskGraphLoadOptions, type GraphArgs } from './common-options.js';

export type TaskInputLoaded =
  | { kind: 'graph'; task: GraphTask; graph: Graph; description: string; items: number }
  | { kind: 'ratings'; task: RatingsTask; ratings: Ratings; description: string; items: number };

export async function loadTaskInput(args: GraphArgs, task: AnyTask): Promise<TaskInputLoaded> {
  if (task.input === 'ratings') {
    if (args.directed !== undefined) throw new ConfigError(`--directed: task '${task.name}' reads a rating matrix (users × items), which has no direction`);
    if (args.weighted) throw new ConfigError(`--weighted: task '${task.name}' always uses the rating values; --binary turns them into 1`);
    if (args.selfLoops !== 'auto') throw new ConfigError(`--self-loops: task '${task.name}' reads a rating matrix, which has no self-loops`);
    const { ratings } = await loadRatings(args.input, {
      format: args.format as RatingFormat | 'auto',
      binary: args.binary ?? false,
      duplicates: args.duplicates as DuplicatePolicy,
    });
    return { kind: 'ratings', task, ratings, description: describeRatings(ratings), items: ratings.user.length };
  }
  if (args.binary) throw new ConfigError(`--binary: only for rating input (task completion); '${task.name}' reads a graph (0/1 unless --weighted)`);
  const { graph } = await loadGraph(args.input, taskGraphLoadOptions(args, task.directed));
  return { kind: 'graph', task, graph, description: describeGraph(graph), items: graph.edges.src.length };
}
