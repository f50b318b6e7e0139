/**
 * Data kinds: what a task reads (a graph, a rating matrix; next, an attributed graph with node
 * values, features or blocks). A kind knows how to read or generate its data from one
 * description (a file or a generator, the same for the CLI, pipelines and studies), with one
 * set of refusals; how to describe it, count its elements (what B has one value per), view it
 * as a graph for the attacks' scorers, apply an explicit edit and write a per-element table.
 * Tasks name their kind (tasks/kit.ts); nothing else branches on it.
 */
import type { Graph, DuplicatePolicy, SelfLoopPolicy } from '../graph/graph.js';
import type { HeaderMode } from '../graph/formats/format.js';
import type { GeneratorSpec } from '../graph/generators/generated.js';
import type { EdgeView } from '../graph/edge-view.js';
import type { EdgeColumn } from '../graph/write-edges.js';
import type { Edit } from '../graph/edit.js';

/** Where data comes from: a file (or standard input saved to one) or a seeded generator, and how to read it. */
export interface DataSource {
  path?: string;
  /** a node table (node values, predictors) for attributed graphs */
  nodes?: string;
  generator?: GeneratorSpec;
  /** a format name or 'auto' */
  format: string;
  /** undefined: the task's view, else what the file says */
  directed?: boolean;
  weighted: boolean;
  binary?: boolean;
  duplicates: DuplicatePolicy;
  selfLoops: SelfLoopPolicy;
  header: HeaderMode;
  /** keep only the largest connected component (weakly connected when directed) */
  largestComponent?: boolean;
}

/** Who reads it: the task (for messages and its graph view) and how its caller names a source field. */
export interface LoadContext {
  task: string;
  /** the task's graph view: undirected tasks read files as undirected unless told otherwise */
  directed: boolean | 'either';
  /** how a field is named in messages: the CLI says '--self-loops', a pipeline 'dataset.selfLoops' */
  field(key: keyof DataSource): string;
}

export interface DataKind<D> {
  readonly name: string;
  /** what it is, in a message: 'a graph', 'a rating matrix' */
  readonly noun: string;
  /** its elements (what B has one value per): 'edges', 'ratings' */
  readonly elements: string;
  /** whether its data is a node graph, so node pairs (candidates, --pairs, added edges) exist */
  readonly nodePairs: boolean;
  /** a runtime check (the library's callers pass untyped data) */
  is(data: unknown): data is D;
  /** read or generate it; a ConfigError names the field that does not fit this kind */
  load(source: DataSource, ctx: LoadContext): Promise<D>;
  describe(data: D): string;
  /** elements: what B has one value per */
  count(data: D): number;
  /** size facts for timings and studies (n, m; users, items, m) */
  size(data: D): Record<string, number>;
  /** nodes of its graph view (users + items for a rating matrix) */
  nodes(data: D): number;
  view(data: D): EdgeView;
  /** the node graph candidate pairs live in, where it has one */
  graph(data: D): Graph | null;
  /** the data after an explicit edit, checked first (budget, repeats, existence) */
  apply(data: D, edit: Edit, budget: number): D;
  /** per-element values with the input's labels, atomically; `ids` picks and orders the lines */
  writeTable(path: string, data: D, columns: EdgeColumn[], ids?: ArrayLike<number>): Promise<void>;
}
