/**
 * Connected components of an undirected graph (or the weakly connected components of a
 * directed one) by breadth-first search over the host CSR and its transpose pattern.
 */
import { inducedSubgraph, type Graph } from './graph.js';

export interface Components {
  count: number;
  /** component of every node, numbered by first node */
  label: Int32Array;
  /** nodes per component */
  sizes: Int32Array;
  /** the component with the most nodes (the first such on ties) */
  largest: number;
}

export function connectedComponents(graph: Graph): Components {
  const n = graph.n;
  // neighbour lists in both directions (the CSR of an undirected graph is already symmetric)
  const { rowPtr, colIdx } = graph.csr;
  let inPtr: Int32Array | null = null;
  let inIdx: Int32Array | null = null;
  if (graph.directed) {
    inPtr = new Int32Array(n + 1);
    for (let p = 0; p < colIdx.length; p++) inPtr[colIdx[p]! + 1]!++;
    for (let i = 0; i < n; i++) inPtr[i + 1]! += inPtr[i]!;
    inIdx = new Int32Array(colIdx.length);
    const fill = inPtr.slice(0, n);
    for (let i = 0; i < n; i++) for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) inIdx[fill[colIdx[p]!]!++] = i;
  }
  const label = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  for (let s = 0; s < n; s++) {
    if (label[s]! >= 0) continue;
    const c = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    label[s] = c;
    while (head < tail) {
      const i = queue[head++]!;
      for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
        const j = colIdx[p]!;
        if (label[j]! < 0) {
          label[j] = c;
          queue[tail++] = j;
        }
      }
      if (inPtr && inIdx) {
        for (let p = inPtr[i]!; p < inPtr[i + 1]!; p++) {
          const j = inIdx[p]!;
          if (label[j]! < 0) {
            label[j] = c;
            queue[tail++] = j;
          }
        }
      }
    }
    sizes.push(tail);
  }
  let largest = 0;
  for (let c = 1; c < sizes.length; c++) if (sizes[c]! > sizes[largest]!) largest = c;
  return { count: sizes.length, label, sizes: Int32Array.from(sizes), largest };
}

/** The largest connected component as a graph of its own (labels kept), with the input → component node map; `comps` when already computed. */
export function largestComponent(graph: Graph, comps: Components = connectedComponents(graph)): ReturnType<typeof inducedSubgraph> {
  const keep = new Uint8Array(graph.n);
  for (let i = 0; i < graph.n; i++) keep[i] = comps.label[i] === comps.largest ? 1 : 0;
  return inducedSubgraph(graph, keep);
}
