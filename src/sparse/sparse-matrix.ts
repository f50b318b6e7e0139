/**
 * A sparse matrix on the device: CSR arrays plus the COO row index (in CSR order), so the
 * same object serves the custom kernels (CSR) and the gather/segment-sum composition (COO).
 * The transpose is not stored: `spmm(A, X, { transpose: true })` computes Aᵀ·X directly.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from '../graph/csr.js';

export interface SparseMatrix {
  readonly nRows: number;
  readonly nCols: number;
  readonly nnz: number;
  /** int32 [nRows + 1] */
  readonly rowPtr: tf.Tensor1D;
  /** int32 [nnz], column of each stored entry in CSR order */
  readonly colIdx: tf.Tensor1D;
  /** int32 [nnz], row of each stored entry in CSR order */
  readonly rowIdx: tf.Tensor1D;
  /** float32 [nnz] */
  readonly values: tf.Tensor1D;
}

/** Upload a host CSR matrix. The caller owns the result (see `disposeSparse`). */
export function sparseFromCsr(csr: Csr): SparseMatrix {
  return {
    nRows: csr.nRows,
    nCols: csr.nCols,
    nnz: csr.nnz,
    rowPtr: tf.tensor1d(csr.rowPtr, 'int32'),
    colIdx: tf.tensor1d(csr.colIdx, 'int32'),
    rowIdx: tf.tensor1d(csr.rowIndex(), 'int32'),
    values: tf.tensor1d(Float32Array.from(csr.values), 'float32'),
  };
}

/**
 * The same pattern with other edge values (e.g. a variable to differentiate against).
 * Shares the index tensors with `a`: dispose only the values you created.
 */
export function withValues(a: SparseMatrix, values: tf.Tensor1D): SparseMatrix {
  tf.util.assert(values.shape[0] === a.nnz, () => `withValues: ${values.shape[0]} values for ${a.nnz} stored entries`);
  return { ...a, values };
}

export function disposeSparse(a: SparseMatrix): void {
  tf.dispose([a.rowPtr, a.colIdx, a.rowIdx, a.values]);
}
