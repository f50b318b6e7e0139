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
import { blockedRefusal, type SparseMatrix } from './sparse-matrix.js';
import { storageBindingLimit } from '../backend/webgpu.js';
import { BackendError } from '../util/errors.js';
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

/** Refuse a dense tensor the backend cannot bind: tfjs-webgpu binds tensors whole, so no op could read it. */
export function assertBindable(x: tf.Tensor, what: string): void {
  const bytes = x.size * 4;
  const limit = storageBindingLimit();
  if (bytes > limit) {
    throw new BackendError(`${what}: the dense operand (${x.shape.join(' × ')} float32, ${bytes} bytes) exceeds what this adapter binds in one buffer (${limit} bytes); use fewer columns (a smaller block size) or --backend cpu`);
  }
}

/** op(A)·X for X of shape [k] or [k, d]; the result has the same rank as X. */
export function spmm<T extends tf.Tensor1D | tf.Tensor2D>(a: SparseMatrix, x: T, options: SpmmOptions = {}): T {
  const transpose = options.transpose ?? false;
  const inner = transpose ? a.nRows : a.nCols;
  tf.util.assert(x.shape[0] === inner, () => `spmm: dense operand has ${x.shape[0]} rows, expected ${inner}${transpose ? ' (transposed)' : ''}`);
  assertBindable(x, 'spmm');
  if (a.blocks) return blockedSpmm(a, x, transpose, options);
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

/**
 * op(A)·X for a matrix stored in row blocks A_b: A·X stacks the A_b·X; Aᵀ·X = Σ_b A_bᵀ·X_b, summed
 * in block order (a fixed order: deterministic). Gradients flow through each block's product.
 */
function blockedSpmm<T extends tf.Tensor1D | tf.Tensor2D>(a: SparseMatrix, x: T, transpose: boolean, options: SpmmOptions): T {
  return tf.tidy(() => {
    const blocks = a.blocks!;
    if (!transpose) return tf.concat(blocks.map((b) => spmm(b.matrix, x, options)), 0) as T;
    let acc: T | null = null;
    for (const b of blocks) {
      const rows = x.rank === 1 ? tf.slice(x, b.rowStart, b.matrix.nRows) : tf.slice(x, [b.rowStart, 0], [b.matrix.nRows, -1]);
      const part = spmm(b.matrix, rows as T, options);
      acc = acc === null ? part : (tf.add(acc, part) as T);
    }
    return acc ?? (tf.zeros(x.rank === 1 ? [a.nCols] : [a.nCols, x.shape[1]!]) as T);
  });
}

/** out[e] = ⟨left[row(e)], right[col(e)]⟩ on the stored entries of A (CSR order). */
export function sddmm(a: SparseMatrix, left: tf.Tensor, right: tf.Tensor, options: { impl?: SparseImpl } = {}): tf.Tensor1D {
  tf.util.assert(left.shape[0] === a.nRows, () => `sddmm: left has ${left.shape[0]} rows, expected ${a.nRows}`);
  tf.util.assert(right.shape[0] === a.nCols, () => `sddmm: right has ${right.shape[0]} rows, expected ${a.nCols}`);
  if (a.blocks) throw blockedRefusal(a, 'sddmm (one value per stored entry)');
  if (useKernel(SDDMM, options.impl ?? 'auto')) {
    return runSddmm(a, left, right) as tf.Tensor1D;
  }
  return tf.tidy(() => {
    const prod = tf.mul(tf.gather(left, a.rowIdx), tf.gather(right, a.colIdx));
    return (prod.rank === 1 ? prod : tf.sum(prod, 1)) as tf.Tensor1D;
  });
}
