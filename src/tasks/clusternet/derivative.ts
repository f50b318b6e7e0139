/**
 * The derivative network of the learned pipeline: B(i,j) = df/dA(i,j) for f = the soft
 * modularity of r = softmax(β X̂μ*ᵀ) (or the soft k-center value of the facility choice),
 * through every place A enters with the GCN's weights held at their trained values
 * (retraining on the edited graph is not part of it):
 *   - Â = D̃⁻¹(A + I) in both GCN layers (the edge values are the variable of the SpMMs),
 *   - the soft k-means fixed point μ*(X̂) (exact, by the implicit function theorem),
 *   - the modularity itself (T = Tr(rᵀAr), the degrees, M); the k-center hop distances are
 *     piecewise constant in A and held fixed.
 * tf.grad with respect to the stored values (float32), then Eq. 5 for the symmetric pairs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../../graph/graph.js';
import { Csr, groupByRowCol } from '../../graph/csr.js';
import { sparseFromCsr, disposeSparse, withValues } from '../../sparse/sparse-matrix.js';
import { edgeDerivative } from '../edge-derivative.js';
import { embed, inverseDegrees } from './gcn.js';
import { softKMeansLayer } from './kmeans-layer.js';
import { softModularityTensor } from './objectives/modularity.js';
import { kcenterLossTensor, selectionTensor } from './objectives/kcenter.js';
import { layerState, responsibilities } from './train.js';
import { FINAL_TOL, type ClusterNetFit } from './fit.js';

/** df/dA on the stored entries of `csr` (CSR order), at the fit's weights and fixed point. */
export function storedDerivative(csr: Csr, fit: ClusterNetFit): Float64Array {
  const o = fit.options;
  const a = sparseFromCsr(csr);
  const state = layerState({ clusters: o.clusters, beta: o.beta, gradient: 'exact' }, fit.kmeans.mu, { tol: FINAL_TOL, maxIter: 20_000, adjointTol: 1e-12 });
  try {
    const values = tf.tensor1d(Float32Array.from(csr.values));
    const f = (v: tf.Tensor): tf.Scalar => {
      const av = withValues(a, v as tf.Tensor1D);
      const X = embed(fit.model.weights, av, inverseDegrees(av), fit.model.features, { dropout: 0, seed: 0 });
      const mu = softKMeansLayer(X, state);
      if (fit.kcenter) return kcenterLossTensor(selectionTensor(X, mu, fit.kcenter.setup), fit.kcenter.setup);
      return softModularityTensor(av, responsibilities(X, mu, o.beta));
    };
    const g = tf.tidy(() => tf.grad(f)(values));
    const out = Float64Array.from(g.dataSync());
    tf.dispose([g, values]);
    return out;
  } finally {
    disposeSparse(a);
  }
}

/** B for every edge of the graph (Eq. 5: both stored entries of an undirected pair). */
export function clusternetDerivative(graph: Graph, fit: ClusterNetFit): Float64Array {
  return edgeDerivative(graph, storedDerivative(graph.csr, fit));
}

/**
 * B at any node pairs: the pairs that are not edges become zero-valued stored entries (the
 * forward pass is unchanged; their gradient is the derivative of inserting them).
 */
export function clusternetDerivativeAt(graph: Graph, fit: ClusterNetFit, pairs: { src: Int32Array; dst: Int32Array }): Float64Array {
  const csr = graph.csr;
  const missing = new Set<number>();
  for (let e = 0; e < pairs.src.length; e++) {
    const [i, j] = [pairs.src[e]!, pairs.dst[e]!];
    if (csr.find(i, j) < 0) missing.add(i * csr.nCols + j).add(j * csr.nCols + i);
  }
  const widened = missing.size ? withZeroEntries(csr, [...missing]) : csr;
  const dA = storedDerivative(widened, fit);
  return Float64Array.from(pairs.src, (i, e) => {
    const j = pairs.dst[e]!;
    const p = widened.find(i, j);
    const q = widened.find(j, i);
    return i === j ? dA[p]! : dA[p]! + dA[q]!;
  });
}

/** The same matrix with explicit zeros at the positions row·nCols + column listed (none stored yet). */
function withZeroEntries(csr: Csr, positions: readonly number[]): Csr {
  const m = csr.nnz + positions.length;
  const rows = new Int32Array(m);
  const cols = new Int32Array(m);
  rows.set(csr.rowIndex());
  cols.set(csr.colIdx);
  positions.forEach((key, t) => {
    rows[csr.nnz + t] = Math.floor(key / csr.nCols);
    cols[csr.nnz + t] = key % csr.nCols;
  });
  const g = groupByRowCol(rows, cols, csr.nRows);
  const values = new Float64Array(m);
  for (let p = 0; p < m; p++) if (g.ids[p]! < csr.nnz) values[p] = csr.values[g.ids[p]!]!;
  return new Csr(csr.nRows, csr.nCols, g.rowPtr, g.colIdx, values);
}
