/** The graph data kind: edge-list files (SNAP, KONECT, Matrix Market, TSV/CSV) or a graph generator. */
import { describeGraph, type Graph } from '../graph/graph.js';
import { connectedComponents, largestComponent } from '../graph/components.js';
import { loadGraph } from '../graph/load-graph.js';
import { FORMAT_NAMES, type FormatName } from '../graph/formats/format.js';
import { GENERATOR_KINDS, generateGraph } from '../graph/generators/generated.js';
import { graphView } from '../graph/edge-view.js';
import { applyEdit } from '../graph/edit.js';
import { writeEdgeTable } from '../graph/write-edges.js';
import { ConfigError } from '../util/errors.js';
import type { DataKind } from './kind.js';

const GRAPH_FORMATS: readonly string[] = FORMAT_NAMES;

/** The largest connected component as a graph of its own (labels kept), said in its notes; the graph itself when asked not to or already connected. */
function keepLargest(graph: Graph, wanted: boolean | undefined): Graph {
  if (!wanted) return graph;
  const comps = connectedComponents(graph);
  if (comps.count <= 1) return graph;
  const sub = largestComponent(graph, comps).graph;
  const note = `largest connected component: ${sub.n} of ${graph.n} nodes, ${sub.edges.src.length} of ${graph.edges.src.length} edges (${comps.count} components)`;
  return { ...sub, notes: [...(sub.notes ?? []), note] };
}

/**
 * The members of a kind whose data is or holds one node graph, all read off that graph: its
 * edges are the elements, its nodes the nodes, and a table has one row per edge.
 */
export function viaGraph<D>(graphOf: (data: D) => Graph): Pick<DataKind<D>, 'count' | 'nodes' | 'view' | 'graph' | 'writeTable'> {
  return {
    count: (d) => graphOf(d).edges.src.length,
    nodes: (d) => graphOf(d).n,
    view: (d) => graphView(graphOf(d)),
    graph: graphOf,
    writeTable: (path, d, columns, ids) => writeEdgeTable(path, graphOf(d), columns, ids ? { edgeIds: ids } : {}),
  };
}

export const graphKind: DataKind<Graph> = {
  name: 'graph',
  noun: 'a graph',
  elements: 'edges',
  nodePairs: true,
  is: (data): data is Graph => typeof data === 'object' && data !== null && 'csr' in data && 'edges' in data && 'labels' in data,
  async load(source, ctx) {
    const { field, task } = ctx;
    if (source.generator?.kind === 'ratings' || source.generator?.kind === 'gcrf') {
      throw new ConfigError(`${field('generator')}: task '${task}' reads a graph; use a graph generator (${GENERATOR_KINDS.filter((k) => k !== 'ratings' && k !== 'gcrf').join(', ')})`);
    }
    if (source.nodes !== undefined) throw new ConfigError(`${field('nodes')}: task '${task}' reads a graph without node values; a node table is for tasks that read an attributed graph`);
    if (source.binary) throw new ConfigError(`${field('binary')}: only for rating input; task '${task}' reads a graph (0/1 unless weighted)`);
    if (source.format !== 'auto' && !GRAPH_FORMATS.includes(source.format)) throw new ConfigError(`${field('format')} '${source.format}' is a rating format; task '${task}' reads a graph`);
    const directedDefault = ctx.directed === false ? false : undefined;
    if (source.generator) return keepLargest(generateGraph(source.generator, source.directed ?? directedDefault), source.largestComponent);
    const { graph } = await loadGraph(source.path!, {
      format: source.format as FormatName | 'auto',
      directed: source.directed ?? directedDefault ?? 'auto',
      weighted: source.weighted,
      duplicates: source.duplicates,
      selfLoops: source.selfLoops,
      header: source.header,
    });
    return keepLargest(graph, source.largestComponent);
  },
  describe: describeGraph,
  size: (g) => ({ n: g.n, m: g.edges.src.length }),
  apply: applyEdit,
  ...viaGraph((g) => g),
};
