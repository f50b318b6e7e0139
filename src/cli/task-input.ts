/** Load what a task reads: a graph (edge-list formats) or a rating matrix (rating formats). */
import { loadGraph } from '../graph/load-graph.js';
import { describeGraph, type Graph, type DuplicatePolicy } from '../graph/graph.js';
import { loadRatings, type RatingFormat } from '../ratings/load-ratings.js';
import { describeRatings, type Ratings } from '../ratings/ratings.js';
import type { AnyTask, GraphTask, RatingsTask, TaskContext, TaskFit } from '../tasks/task.js';
import { writeEdgeTable } from '../graph/write-edges.js';
import { writeRatingTable } from '../ratings/write-ratings.js';
import { ConfigError } from '../util/errors.js';
import { taskGraphLoadOptions, type GraphArgs } from './common-options.js';

/** The task bound to what it reads: the commands fit, derive and write without asking which. */
interface Bound {
  description: string;
  /** edges or ratings: what B has one value per */
  items: number;
  fit(ctx: TaskContext): TaskFit;
  derive(fit: TaskFit): Float64Array;
  dispose(fit: TaskFit): void;
  /** the scores as a table with the input's labels (src/dst or user/item), atomically */
  writeScores(path: string, scores: Float64Array): Promise<void>;
}

export type TaskInputLoaded = Bound & ({ kind: 'graph'; task: GraphTask; graph: Graph } | { kind: 'ratings'; task: RatingsTask; ratings: Ratings });

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
    return {
      kind: 'ratings',
      task,
      ratings,
      description: describeRatings(ratings),
      items: ratings.user.length,
      fit: (ctx) => task.fit(ratings, ctx),
      derive: (fit) => task.derive(ratings, fit),
      dispose: (fit) => task.dispose(fit),
      writeScores: (path, scores) => writeRatingTable(path, ratings, [{ name: 'score', values: scores }]),
    };
  }
  if (args.binary) throw new ConfigError(`--binary: only for rating input (task completion); '${task.name}' reads a graph (0/1 unless --weighted)`);
  const { graph } = await loadGraph(args.input, taskGraphLoadOptions(args, task.directed));
  return {
    kind: 'graph',
    task,
    graph,
    description: describeGraph(graph),
    items: graph.edges.src.length,
    fit: (ctx) => task.fit(graph, ctx),
    derive: (fit) => task.derive(graph, fit),
    dispose: (fit) => task.dispose(fit),
    writeScores: (path, scores) => writeEdgeTable(path, graph, [{ name: 'score', values: scores }]),
  };
}
