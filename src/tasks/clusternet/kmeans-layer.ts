/**
 * The soft k-means layer as a TensorFlow.js op: forward to the fixed point μ*(X) in float64 on
 * the host (warm-started from the previous call's centres), backward by the implicit function
 * theorem (or the one-step approximation), both from soft-kmeans.ts, through tf.customGrad.
 * The embeddings are read back synchronously, so the layer runs on the backends that can
 * (cpu, wasm, tensorflow); webgpu in Node cannot, and is refused with the reason.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../../util/errors.js';
import { asyncReadback } from '../../solvers/tensor-space.js';
import { softKMeans, softKMeansBackward, type KMeansGradient, type SoftKMeansResult } from './soft-kmeans.js';

export interface KMeansLayerState {
  k: number;
  beta: number;
  gradient: KMeansGradient;
  /** fixed-point tolerance on max |Δμ| */
  tol: number;
  maxIter: number;
  /** the adjoint solve's relative residual (exact gradient) */
  adjointTol: number;
  /** cap on the adjoint solve's GMRES steps; where it stops short the gradient is used as it is (training) */
  adjointMaxSteps?: number;
  /** the centres: the start of the next forward pass, updated by each (K × p) */
  mu: Float64Array;
  /** the last forward pass and adjoint solve, for the solver report */
  last?: { iterations: number; converged: boolean; change: number; adjointSteps?: number; adjointResidual?: number };
  /** the last forward's result (responsibilities, centres) */
  result?: SoftKMeansResult;
}

/** Refuse, before any work, a backend that reads back only asynchronously (webgpu in Node): ClusterNet reads back at every step. */
export function requireSyncReadback(): void {
  if (asyncReadback()) {
    throw new BackendError(
      `clusternet: training reads the embeddings back synchronously at every step (the soft k-means layer runs in float64 on the host), which tfjs-${tf.getBackend()} cannot in Node; use --backend wasm (the fastest here) or cpu`,
    );
  }
}

/** μ*(X) for unit-row embeddings X (n × p): a K × p tensor the caller owns. */
export function softKMeansLayer(X: tf.Tensor2D, state: KMeansLayerState): tf.Tensor2D {
  requireSyncReadback();
  const [n, p] = X.shape;
  const op = tf.customGrad((x, save) => {
    void save;
    const d = { X: Float64Array.from((x as tf.Tensor).dataSync()), n, p, k: state.k, beta: state.beta };
    const fwd = softKMeans(d, state.mu, { tol: state.tol, maxIter: state.maxIter });
    state.mu = fwd.mu;
    state.result = fwd;
    state.last = { iterations: fwd.iterations, converged: fwd.converged, change: fwd.change };
    return {
      value: tf.tensor2d(Float32Array.from(fwd.mu), [state.k, p]),
      gradFunc: (dy: tf.Tensor) => {
        const back = softKMeansBackward(d, fwd, Float64Array.from(dy.dataSync()), state.gradient, { tol: state.adjointTol, maxSteps: state.adjointMaxSteps, inexact: state.adjointMaxSteps !== undefined });
        state.last = { ...state.last!, adjointSteps: back.solve.iterations, adjointResidual: back.solve.residual };
        return tf.tensor2d(Float32Array.from(back.Xbar), [n, p]);
      },
    };
  });
  return op(X) as tf.Tensor2D;
}
