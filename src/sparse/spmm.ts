/**
 * spmm: sparse × dense product Y = op(A)·X, op(A) = A or Aᵀ.
 *
 * Two implementations with the same gradients:
 * - `kernel`: the custom CSR kernel (registered for the host-memory backends cpu and wasm),
 *   with dX = op(A)ᵀ·dY and dValues = SDDMM;
 * - `compose`: gather(X, col) · values → unsortedSegmentSum(row), which TensorFlow runs
 *   natively (CUDA with tfjs-node-gpu) and whose gradient tfjs already knows.
 * `auto` takes the kernel where it is registered for the active backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SparseMatrix } from './sparse-matrix.js';
import { runSpmm, runSddmm } from './kernel-ops.js';
import { SPMM, SDDMM } from './kernel-names.js';

export type SparseImpl = 'auto' | 'kernel' | 'compose';

export interface SpmmOptions {
  transpose?: boolean;
  impl?: SparseImpl;
}

function useKernel(name: string, impl: SparseImpl): boolean {
  if (impl === 'compose') return false;
  const registered = tf.getKernel(name, tf.getBackend()) !== undefined;
  if (impl === 'kernel' && !registered) {
    throw new Error(`spmm: kernel ${name} is not registered for backend '${tf.getBackend()}'`);
  }
  return registered;
}

/** op(A)·X for X of shape [k] or [k, d]; the result has the same rank as X. */
export function spmm<T extends tf.Tensor1D | tf.Tensor2D>(a: SparseMatrix, x: T, options: SpmmOptions = {}): T {
  const transpose = options.transpose ?? false;
  const inner = transpose ? a.nRows : a.nCols;
  tf.util.assert(x.shape[0] === inner, () => `spmm: dense operand has ${x.shape[0]} rows, expected ${inner}${transpose ? ' (transposed)' : ''}`);
  if (useKernel(SPMM, options.impl ?? 'auto')) {
    return runSpmm(a, a.values, x, a.nRows, a.nCols, transpose) as T;
  }
  return tf.tidy(() => {
    const gatherIdx = transpose ? a.rowIdx : a.colIdx;
    const scatterIdx = transpose ? a.colIdx : a.rowIdx;
    const outRows = transpose ? a.nCols : a.nRows;
    const g = tf.gather(x, gatherIdx);
    const scaled = x.rank === 1 ? tf.mul(g, a.values) : tf.mul(g, tf.expandDims(a.values, 1));
    return tf.unsortedSegmentSum(scaled, scatterIdx, outRows) as T;
  });
}

/** out[e] = ⟨left[row(e)], right[col(e)]⟩ on the stored entries of A (CSR order). */
export function sddmm(a: SparseMatrix, left: tf.Tensor, right: tf.Tensor, options: { impl?: SparseImpl } = {}): tf.Tensor1D {
  tf.util.assert(left.shape[0] === a.nRows, () => `sddmm: left has ${left.shape[0]} rows, expected ${a.nRows}`);
  tf.util.assert(right.shape[0] === a.nCols, () => `sddmm: right has ${right.shape[0]} rows, expected ${a.nCols}`);
  if (useKernel(SDDMM, options.impl ?? 'auto')) {
    return runSddmm(a, left, right) as tf.Tensor1D;
  }
  return tf.tidy(() => {
    const prod = tf.mul(tf.gather(left, a.rowIdx), tf.gather(right, a.colIdx));
    return (prod.rank === 1 ? prod : tf.sum(prod, 1)) as tf.Tensor1D;
  });
}
