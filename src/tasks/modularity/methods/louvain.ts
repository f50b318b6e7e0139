/**
 * Louvain communities through graphology-communities-louvain, seeded: its random node order
 * draws from n2n's Rng (same seed, same communities), never Math.random.
 */
import louvainModule from 'graphology-communities-louvain';
import { toGraphology } from '../../../graph/graphology.js';
import type { Graph } from '../../../graph/graph.js';
import { Rng } from '../../../util/rng.js';
import { hardPartition, type Partition } from '../partition.js';

// a CommonJS package whose typings declare an ES default export: Node hands over module.exports
const louvain = ((louvainModule as unknown as { default?: unknown }).default ?? louvainModule) as typeof louvainModule.default;

export interface LouvainResult {
  partition: Partition;
  /** the modularity graphology reports for its communities */
  modularity: number;
  /** levels of the dendrogram */
  levels: number;
  moves: number;
}

export function louvainPartition(graph: Graph, options: { seed: number; resolution: number }): LouvainResult {
  const g = toGraphology(graph);
  const rng = new Rng(options.seed);
  const out = louvain.detailed(g, { resolution: options.resolution, rng: () => rng.uniform(), getEdgeWeight: 'weight' });
  const labels = Int32Array.from(graph.labels, (l) => out.communities[l]!);
  const moves = (out.moves as (number | number[])[]).flat().reduce((s, x) => s + x, 0);
  return { partition: hardPartition(labels), modularity: out.modularity, levels: out.dendrogram.length, moves };
}
