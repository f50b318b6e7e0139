/** Load what a task reads: a graph (edge-list formats) or a rating matrix (rating formats). */
import { loadGraph } from '../graph/load-graph.js';
import type { DuplicatePolicy } from '../graph/graph.js';
import { loadRatings, type RatingFormat } from '../ratings/load-ratings.js';
import { bindGraph, bindRatings, type BoundTask } from '../tasks/bound-task.js';
import type { AnyTask } from '../tasks/task.js';
import { ConfigError } from '../util/errors.js';
import { withStdinFile } from '../util/stdin-file.js';
import { taskGraphLoadOptions, type GraphArgs } from './common-options.js';

/** The task's input from `args.input`, or from standard input when it is `-`. */
export async function loadTaskInput(args: GraphArgs, task: AnyTask): Promise<BoundTask> {
  if (args.input === '-') return withStdinFile((path) => loadTaskFile({ ...args, input: path }, task));
  return loadTaskFile(args, task);
}

async function loadTaskFile(args: GraphArgs, task: AnyTask): Promise<BoundTask> {
  if (task.input === 'ratings') {
    if (args.directed !== undefined) throw new ConfigError(`--directed: task '${task.name}' reads a rating matrix (users × items), which has no direction`);
    if (args.weighted) throw new ConfigError(`--weighted: task '${task.name}' always uses the rating values; --binary turns them into 1`);
    if (args.selfLoops !== 'auto') throw new ConfigError(`--self-loops: task '${task.name}' reads a rating matrix, which has no self-loops`);
    const { ratings } = await loadRatings(args.input, {
      format: args.format as RatingFormat | 'auto',
      binary: args.binary ?? false,
      duplicates: args.duplicates as DuplicatePolicy,
    });
    return bindRatings(task, ratings);
  }
  if (args.binary) throw new ConfigError(`--binary: only for rating input (task completion); '${task.name}' reads a graph (0/1 unless --weighted)`);
  const { graph } = await loadGraph(args.input, taskGraphLoadOptions(args, task.directed));
  return bindGraph(task, graph);
}
