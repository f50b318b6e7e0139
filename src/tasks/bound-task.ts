/**
 * A task bound to the data it reads (a graph or a rating matrix), so the commands and the
 * pipeline runner fit, derive, perturb and write without asking which kind it is.
 */
import { describeGraph, removeEdges, type Graph } from '../graph/graph.js';
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
  /** the same task on the data less the given edges or ratings (indices into this data) */
  without(removed: ArrayLike<number>): BoundTask;
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
    without: (removed) => bindGraph(task, removeEdges(graph, Array.from(removed))),
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
    without: (removed) => bindRatings(task, removeRatings(ratings, Array.from(removed))),
    writeTable: (path, columns, ids) => writeRatingTable(path, ratings, columns, ids ? { edgeIds: ids } : {}),
  };
}
