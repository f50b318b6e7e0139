/** A graph with values per node: a target y (absent when not needed) and predictors R (GCRF). */
import type { Graph } from './graph.js';

export interface AttributedGraph {
  graph: Graph;
  /** the target per node, or null when the data has none */
  y: Float64Array | null;
  /** predictors, one array per column, graph order */
  R: Float64Array[];
  predictors: string[];
  /** where the node values came from (a file, or the generator) */
  nodesSource: string;
}
