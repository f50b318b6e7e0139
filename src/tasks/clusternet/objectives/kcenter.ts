/**
 * ClusterNet's facility-location (k-center) objective in tensor ops, and its host float64 twin.
 * The model's soft choice of facilities (the authors' `loss_kcenter`):
 *
 *   x_j = Σ_i softmax_over_nodes(γ · x̂_jᵀμ_i),  x ← 2(σ(4x) − ½),  x ← K·x/Σx when Σx > K,
 *
 * then the expected distance of every customer to its nearest facility (kcenter/objective.ts)
 * with a softmax over customers. The distances are hop counts, held fixed: they are piecewise
 * constant in A, so B does not see them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { centerObjectiveGradient, sortRows, type SortedRows } from '../kcenter/objective.js';
import type { HopDistances } from '../kcenter/distances.js';
import { matMulPlain } from '../../../linalg/matmul.js';

export interface KCenterSetup {
  dist: HopDistances;
  /** each customer's distances sorted (dmax: the diameter) */
  rows: SortedRows;
  k: number;
  /** γ: how sharply each centre picks nodes (the authors' kcentertemp, 100) */
  gamma: number;
  /** the softmax temperature over customers (0: the mean; the authors' kcentermintemp) */
  temp: number;
}

export function kcenterSetup(dist: HopDistances, k: number, gamma: number, temp: number): KCenterSetup {
  return { dist, rows: sortRows(dist), k, gamma, temp };
}

/** The soft facility choice x (n) from unit-row embeddings X (n × p) and centres μ (K × p). */
export function selectionTensor(X: tf.Tensor2D, mu: tf.Tensor2D, s: KCenterSetup): tf.Tensor1D {
  return tf.tidy(() => {
    const sims = tf.mul(matMulPlain(mu, X, { transposeB: true }), s.gamma); // K × n
    let x = tf.sum(tf.softmax(sims), 0) as tf.Tensor1D; // softmax over nodes for each centre
    x = tf.mul(tf.sub(tf.sigmoid(tf.mul(x, 4)), 0.5), 2) as tf.Tensor1D;
    const total = tf.sum(x);
    return tf.mul(x, tf.minimum(1, tf.div(s.k, total))) as tf.Tensor1D;
  });
}

/**
 * Σ_j softmax(temp·E)_j E_j for the soft choice x (a tensor): what training minimises. An op
 * whose forward and backward passes run in float64 on the host, O(n²) over the sorted distance
 * rows (kcenter/objective.ts), where tensor ops would build several n × n tensors a step.
 */
export function kcenterLossTensor(x: tf.Tensor1D, s: KCenterSetup): tf.Scalar {
  const op = tf.customGrad((xt, save) => {
    void save;
    const { value, grad } = centerObjectiveGradient(s.rows, Float64Array.from((xt as tf.Tensor).dataSync()), s.temp);
    return { value: tf.scalar(value), gradFunc: (dy: tf.Tensor) => tf.mul(tf.tensor1d(Float32Array.from(grad)), dy) };
  });
  return op(x) as tf.Scalar;
}

/** The soft facility choice in float64 on the host (X: n × p, mu: K × p). */
export function selectionHost(X: Float64Array, mu: Float64Array, n: number, p: number, k: number, gamma: number): Float64Array {
  const x = new Float64Array(n);
  const col = new Float64Array(n);
  for (let i = 0; i < k; i++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let t = 0; t < p; t++) dot += X[j * p + t]! * mu[i * p + t]!;
      col[j] = gamma * dot;
      if (col[j]! > max) max = col[j]!;
    }
    let z = 0;
    for (let j = 0; j < n; j++) z += (col[j] = Math.exp(col[j]! - max));
    for (let j = 0; j < n; j++) x[j]! += col[j]! / z;
  }
  let total = 0;
  for (let j = 0; j < n; j++) total += (x[j] = 2 * (1 / (1 + Math.exp(-4 * x[j]!)) - 0.5));
  if (total > k) for (let j = 0; j < n; j++) x[j] = (x[j]! * k) / total;
  return x;
}
