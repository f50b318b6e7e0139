/**
 * A task bound to the data it reads (a graph or a rating matrix), so the commands and the
 * pipeline runner fit, derive, perturb and write without asking which kind it is.
 */
import { describeGraph, type Graph } from '../graph/graph.js';
import { applyEdit, checkRemovals, type Edit } from '../graph/edit.js';
import { ConfigError } from '../util/errors.js';
import { graphView, ratingsView, type EdgeView } from '../graph/edge-view.js';
import { writeEdgeTable, type EdgeColumn } from '../graph/write-edges.js';
import { describeRatings, removeRatings, type Ratings } from '../ratings/ratings.js';
import { writeRatingTable } from '../ratings/write-ratings.js';
import type { GraphTask, RatingsTask, TaskContext, TaskFit } from './task.js';

interface BoundCommon {
  description: string;
  /** edges or ratings: what B has one value per */
  items: number;
  /** the data as a graph, for the attacks' scorers (computed once) */
  view(): EdgeView;
  fit(ctx: TaskContext): TaskFit;
  derive(fit: TaskFit): Float64Array;
  dispose(fit: TaskFit): void;
  /**
   * The same task on the data after an explicit edit, checked first (graph/edit.ts): edges or
   * ratings removed by index, node pairs added as edges (graphs only), within `budget`.
   */
  apply(edit: Edit, budget?: number): BoundTask;
  /** per-item values as a table with the input's labels (src/dst or user/item), atomically; `ids` picks and orders the lines */
  writeTable(path: string, columns: EdgeColumn[], ids?: ArrayLike<number>): Promise<void>;
}

export type BoundTask = BoundCommon & ({ kind: 'graph'; task: GraphTask; graph: Graph } | { kind: 'ratings'; task: RatingsTask; ratings: Ratings });

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function bindGraph(task: GraphTask, graph: Graph): BoundTask {
  return {
    kind: 'graph',
    task,
    graph,
    description: describeGraph(graph),
    items: graph.edges.src.length,
    view: lazy(() => graphView(graph)),
    fit: (ctx) => task.fit(graph, ctx),
    derive: (fit) => task.derive(graph, fit),
    dispose: (fit) => task.dispose(fit),
    apply: (edit, budget) => bindGraph(task, applyEdit(graph, edit, budget)),
    writeTable: (path, columns, ids) => writeEdgeTable(path, graph, columns, ids ? { edgeIds: ids } : {}),
  };
}

export function bindRatings(task: RatingsTask, ratings: Ratings): BoundTask {
  return {
    kind: 'ratings',
    task,
    ratings,
    description: describeRatings(ratings),
    items: ratings.user.length,
    view: lazy(() => ratingsView(ratings)),
    fit: (ctx) => task.fit(ratings, ctx),
    derive: (fit) => task.derive(ratings, fit),
    dispose: (fit) => task.dispose(fit),
    apply: (edit, budget = Infinity) => {
      const problems = checkRemovals(edit.remove, ratings.user.length, 'rating');
      if (edit.add.src.length) problems.push('a rating matrix takes removals only (an added rating would need a value)');
      if (edit.remove.length > budget) problems.push(`${edit.remove.length} changes exceed the budget ${budget}`);
      if (problems.length) throw new ConfigError(`edit: ${problems.slice(0, 5).join('; ')}`);
      return bindRatings(task, removeRatings(ratings, Array.from(edit.remove)));
    },
    writeTable: (path, columns, ids) => writeRatingTable(path, ratings, columns, ids ? { edgeIds: ids } : {}),
  };
}
