/**
 * ClusterNet's embedding network: a 2-layer GCN (Kipf & Welling; pygcn as the authors use it)
 *
 *   Z = Â · Dropout(ReLU(Â X W₁ + b₁)) · W₂ + b₂,   Â = D̃⁻¹(A + I),  D̃ = diag(A·1 + 1),
 *
 * with Â applied as (A·H + H) ⊙ d̃⁻¹ through n2n's SpMM (its registered gradients carry autodiff,
 * including with respect to A's stored values), never a dense n × n matrix. Without node
 * features X is the identity (the authors' choice for feature-less graphs), so Â·X·W₁ = Â·W₁
 * and W₁ is a learned n × hidden embedding table. Rows of Z are then scaled to unit length.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SparseMatrix } from '../../sparse/sparse-matrix.js';
import { spmm } from '../../sparse/spmm.js';
import { matMulPlain } from '../../linalg/matmul.js';
import type { Rng } from '../../util/rng.js';

export interface GcnWeights {
  W1: tf.Variable;
  b1: tf.Variable;
  W2: tf.Variable;
  b2: tf.Variable;
}

/**
 * Kipf & Welling's initialisation: Glorot-uniform weights, zero biases. (pygcn draws the biases
 * uniformly too; with unit-row embeddings a random b₂ dominates the untrained network's output,
 * every node points the same way, and soft k-means has only the trivial fixed point.)
 */
export function initGcn(rng: Rng, inputs: number, hidden: number, embed: number): GcnWeights {
  const glorot = (rows: number, cols: number): tf.Variable => {
    const s = Math.sqrt(6 / (rows + cols));
    return tf.variable(tf.tensor2d(Float32Array.from({ length: rows * cols }, () => (2 * rng.uniform() - 1) * s), [rows, cols]));
  };
  return { W1: glorot(inputs, hidden), b1: tf.variable(tf.zeros([hidden])), W2: glorot(hidden, embed), b2: tf.variable(tf.zeros([embed])) };
}

export const gcnVariables = (w: GcnWeights): tf.Variable[] => [w.W1, w.b1, w.W2, w.b2];

export function disposeGcn(w: GcnWeights): void {
  tf.dispose(gcnVariables(w));
}

/** Â·H = (A·H + H) ⊙ d̃⁻¹ for d̃ = A·1 + 1 given as an n × 1 column. */
export const propagate = (a: SparseMatrix, dInv: tf.Tensor, H: tf.Tensor2D): tf.Tensor2D => tf.mul(tf.add(spmm(a, H), H), dInv) as tf.Tensor2D;

/** d̃⁻¹ of A (possibly with variable values): 1 / (A·1 + 1), n × 1. */
export const inverseDegrees = (a: SparseMatrix): tf.Tensor2D => tf.tidy(() => tf.div(1, tf.add(spmm(a, tf.ones([a.nCols, 1]) as tf.Tensor2D), 1)) as tf.Tensor2D);

export interface GcnPass {
  /** dropout rate (0: evaluation) */
  dropout: number;
  /** the dropout mask's seed */
  seed: number;
}

/** Unit-row embeddings X̂ (n × p) of the graph `a` with node features `features` (null: identity). */
export function embed(w: GcnWeights, a: SparseMatrix, dInv: tf.Tensor, features: tf.Tensor2D | null, pass: GcnPass): tf.Tensor2D {
  return tf.tidy(() => {
    const xw = features ? matMulPlain(features, w.W1 as tf.Tensor2D, { constA: true }) : (w.W1 as tf.Tensor2D);
    let h = tf.relu(tf.add(propagate(a, dInv, xw as tf.Tensor2D), w.b1)) as tf.Tensor2D;
    if (pass.dropout > 0) h = tf.dropout(h, pass.dropout, undefined, pass.seed) as tf.Tensor2D;
    const z = tf.add(propagate(a, dInv, matMulPlain(h, w.W2 as tf.Tensor2D)), w.b2) as tf.Tensor2D;
    return tf.div(z, tf.add(tf.norm(z, 2, 1, true), 1e-12)) as tf.Tensor2D;
  });
}
