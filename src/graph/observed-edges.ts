/**
 * The observed part of a known graph: an edge list read over the node set of `full` (a
 * link-prediction split, e.g. the ClusterNet authors' `cora_train_0.40.cites`, 40% of cora's
 * edges). Every node of `full` stays a node, with the same index, also when no observed edge
 * touches it; undirected like `full`, unweighted, duplicates merged and self-loops dropped as
 * `full` was read.
 *
 * The pairs are read by readPairs with labels matched as written or else by their numeric value
 * (the authors' splits write node 6898 as `6.898000000000000000e+03`). A node that is not in
 * `full`, and, unless `subset: false`, an edge that is not one of `full`'s, is refused with the
 * file and line.
 */
import { readPairs } from './read-pairs.js';
import { buildGraph, type Graph } from './graph.js';
import { InputError } from '../util/errors.js';

export async function readObservedEdges(path: string, full: Graph, options: { subset?: boolean } = {}): Promise<Graph> {
  if (full.directed) throw new InputError(path, null, `observed edges are read over an undirected graph; ${full.source} was read as directed`);
  const pairs = await readPairs(path, full, { byValue: true });
  const subset = options.subset ?? true;
  const inFull = new Set<number>();
  if (subset) for (let e = 0; e < full.edges.src.length; e++) inFull.add(pairKey(full.edges.src[e]!, full.edges.dst[e]!, full.n));
  const keep: number[] = [];
  for (let e = 0; e < pairs.src.length; e++) {
    const [s, t] = [pairs.src[e]!, pairs.dst[e]!];
    if (s === t) continue; // a self-loop: dropped, as the undirected full graph dropped it
    if (subset && !inFull.has(pairKey(s, t, full.n))) {
      throw new InputError(path, pairs.line[e]!, `edge ${full.labels[s]} ${full.labels[t]} is not an edge of ${full.source}: observed edges must be part of the graph`);
    }
    keep.push(e);
  }
  if (keep.length === 0) throw new InputError(path, null, `has no edges between nodes of ${full.source}`);
  const pick = (a: Int32Array): Int32Array => Int32Array.from(keep, (e) => a[e]!);
  return buildGraph(full.labels, { src: pick(pairs.src), dst: pick(pairs.dst), weight: new Float64Array(keep.length).fill(1) }, { directed: false, source: path, lines: pick(pairs.line) });
}

/** One key per unordered pair of nodes. */
const pairKey = (a: number, b: number, n: number): number => (a < b ? a * n + b : b * n + a);
