/**
 * Eq. 5: from ∂f/∂A on the stored entries (CSR order) to one derivative per edge.
 * Directed: B(e) = ∂f/∂A(src, dst). Undirected (one variable per pair):
 * B(e) = ∂f/∂A(i,j) + ∂f/∂A(j,i) for i ≠ j, ∂f/∂A(i,i) on the diagonal.
 */
import type { Graph } from '../graph/graph.js';

export function edgeDerivative(graph: Graph, dA: ArrayLike<number>): Float64Array {
  const m = graph.edges.src.length;
  const out = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const p = graph.edgeToCsr[e]!;
    const q = graph.edgeToCsrT[e]!;
    out[e] = graph.directed || p === q ? dA[p]! : dA[p]! + dA[q]!;
  }
  return out;
}
