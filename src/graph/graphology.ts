/**
 * graphology interop, for small graphs and export. Node keys are the n2n labels; an edge
 * attribute (default `weight`) carries A(i,j).
 */
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { AbstractGraph, Attributes } from 'graphology-types';
import { buildGraph, type BuildOptions, type Graph } from './graph.js';

export interface ToGraphologyOptions {
  /** extra per-edge attributes, e.g. { score: B } */
  edgeAttributes?: Record<string, ArrayLike<number>>;
}

export function toGraphology(g: Graph, options: ToGraphologyOptions = {}): AbstractGraph {
  const out: AbstractGraph = g.directed ? new DirectedGraph({ allowSelfLoops: true }) : new UndirectedGraph({ allowSelfLoops: true });
  for (const label of g.labels) out.addNode(label);
  const extra = Object.entries(options.edgeAttributes ?? {});
  for (let e = 0; e < g.edges.src.length; e++) {
    const attrs: Attributes = { weight: g.edges.weight[e] };
    for (const [k, v] of extra) attrs[k] = v[e];
    out.addEdge(g.labels[g.edges.src[e]!]!, g.labels[g.edges.dst[e]!]!, attrs);
  }
  return out;
}

export function fromGraphology(
  gg: AbstractGraph,
  options: Partial<Omit<BuildOptions, 'directed'>> & { weightAttribute?: string } = {},
): Graph {
  const labels: string[] = [];
  const index = new Map<string, number>();
  gg.forEachNode((key) => {
    index.set(key, labels.length);
    labels.push(key);
  });
  const m = gg.size;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const weight = new Float64Array(m);
  let k = 0;
  let anyUndirected = false;
  const attr = options.weightAttribute ?? 'weight';
  gg.forEachEdge((_edge, attrs, source, target, _sa, _ta, undirected) => {
    src[k] = index.get(source)!;
    dst[k] = index.get(target)!;
    const w = attrs[attr];
    weight[k++] = typeof w === 'number' ? w : 1;
    if (undirected) anyUndirected = true;
  });
  const directed = gg.type === 'directed' || (gg.type === 'mixed' && !anyUndirected);
  return buildGraph(labels, { src, dst, weight }, { ...options, directed, weighted: options.weighted ?? true, source: options.source ?? '(graphology)' });
}
