/**
 * The interdependent-network data kind (subgraph detection, tasks/detect): an edge list over
 * all nodes plus a node table `node<TAB>block<TAB>feature…` (graph/interdependent.ts). Edges
 * inside a block form its graph; edges between blocks are the coupling edges. An edit removes
 * or adds edges and re-partitions, so an added edge between blocks is a new coupling edge.
 */
import { partition, readInterdependent, type Interdependent } from '../graph/interdependent.js';
import { applyEdit } from '../graph/edit.js';
import { viaGraph } from './graph-kind.js';
import { ConfigError } from '../util/errors.js';
import type { DataKind } from './kind.js';

export type { Interdependent } from '../graph/interdependent.js';

export const interdependentKind: DataKind<Interdependent> = {
  name: 'interdependent',
  noun: 'an interdependent network (an edge list and a node/block/feature table)',
  elements: 'edges',
  nodePairs: true,
  is: (data): data is Interdependent => typeof data === 'object' && data !== null && 'graph' in data && 'blocks' in data && 'coupling' in data,
  async load(source, ctx) {
    const { field, task } = ctx;
    if (source.generator) throw new ConfigError(`${field('generator')}: task '${task}' reads an interdependent network from files; the detection studies generate theirs (study: detection)`);
    if (source.path === undefined) throw new ConfigError(`${field('path')}: task '${task}' reads an edge list; give its path`);
    if (source.nodes === undefined) throw new ConfigError(`${field('nodes')}: task '${task}' reads a node table (node<TAB>block<TAB>feature…) besides the edge list; give its path`);
    if (source.largestComponent) throw new ConfigError(`${field('largestComponent')}: task '${task}' keeps every block whole; cut the files first`);
    if (source.directed === true) throw new ConfigError(`${field('directed')}: an interdependent network is undirected`);
    return readInterdependent(source.path, source.nodes);
  },
  describe: (d) => `${d.graph.n} nodes in ${d.blocks.length} blocks, ${d.graph.edges.src.length - d.coupling.src.length} edges inside blocks and ${d.coupling.src.length} coupling edges; ${d.features.length} feature${d.features.length === 1 ? '' : 's'} per node`,
  size: (d) => ({ n: d.graph.n, m: d.graph.edges.src.length, blocks: d.blocks.length, coupling: d.coupling.src.length }),
  apply: (d, edit, budget) => {
    const graph = applyEdit(d.graph, edit, budget);
    const rows = Array.from({ length: graph.n }, (_, v) => d.features.map((f) => f[v]!));
    return partition(graph, d.block, d.blocks.map((b) => b.name), rows, d.featureNames);
  },
  ...viaGraph((d) => d.graph),
};
