/**
 * The attributed-graph data kind: a graph plus a node table (a target y and predictors R per
 * node: tasks/gcrf), or a generator that makes both. The graph is read exactly as the graph kind
 * reads it; the table's labels are matched to the edge list's (graph/node-table.ts).
 */
import type { AttributedGraph } from '../graph/attributed.js';
import { readNodeTable } from '../graph/node-table.js';
import { applyEdit } from '../graph/edit.js';
import { generateAttributed } from '../graph/generators/generated.js';
import { ConfigError } from '../util/errors.js';
import { graphKind, viaGraph } from './graph-kind.js';
import type { DataKind } from './kind.js';

export type { AttributedGraph } from '../graph/attributed.js';

export const attributedKind: DataKind<AttributedGraph> = {
  name: 'attributed',
  noun: 'an attributed graph (an edge list and a node table)',
  elements: 'edges',
  nodePairs: true,
  is: (data): data is AttributedGraph => typeof data === 'object' && data !== null && 'graph' in data && 'R' in data && graphKind.is(data.graph),
  async load(source, ctx) {
    const { field, task } = ctx;
    if (source.largestComponent) throw new ConfigError(`${field('largestComponent')}: task '${task}' reads a node table for every node; cut the edge list and the table to the component first`);
    if (source.generator?.kind === 'gcrf') {
      if (source.nodes !== undefined) throw new ConfigError(`${field('nodes')}: the gcrf generator makes the node values; give one of them`);
      return generateAttributed(source.generator, source.directed);
    }
    if (source.generator) throw new ConfigError(`${field('generator')}: task '${task}' reads an attributed graph; use { kind: gcrf, ... } or a file with ${field('nodes')}`);
    if (source.nodes === undefined) throw new ConfigError(`${field('nodes')}: task '${task}' reads a node table (node<TAB>y<TAB>r1 …) besides the edge list; give its path`);
    const { nodes, ...graphSource } = source;
    const graph = await graphKind.load(graphSource, ctx);
    const table = await readNodeTable(nodes, graph);
    return { graph, y: table.y, R: table.R, predictors: table.predictors, nodesSource: nodes };
  },
  describe: (a) => `${graphKind.describe(a.graph)}; ${a.R.length} predictor${a.R.length === 1 ? '' : 's'}${a.y ? ' and a target y' : ''} per node`,
  size: (a) => ({ n: a.graph.n, m: a.graph.edges.src.length, predictors: a.R.length }),
  apply: (a, edit, budget) => ({ ...a, graph: applyEdit(a.graph, edit, budget) }),
  ...viaGraph((a) => a.graph),
};
