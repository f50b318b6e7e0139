/**
 * ClusterNet's community-detection objective in tensor ops: the soft modularity
 * Q(r) = (Tr(rᵀAr) − ‖rᵀd‖²/M) / M of responsibilities r (n × K), from sparse products only
 * (O(mK), no n × n modularity matrix; the authors' code forms B = A − ddᵀ/2m densely).
 * A's stored values may be a variable: the derivative network differentiates through it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SparseMatrix } from '../../../sparse/sparse-matrix.js';
import { spmm } from '../../../sparse/spmm.js';
import { matMulPlain } from '../../../linalg/matmul.js';

export function softModularityTensor(a: SparseMatrix, r: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const d = spmm(a, tf.ones([a.nCols, 1]) as tf.Tensor2D);
    const M = tf.sum(d);
    const T = tf.sum(tf.mul(r, spmm(a, r)));
    const s = matMulPlain(r, d as tf.Tensor2D, { transposeA: true });
    return tf.div(tf.sub(T, tf.div(tf.sum(tf.square(s)), M)), M) as tf.Scalar;
  });
}
