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
  /**
   * Aᵀ's pattern in CSR, for backends whose transposed product gathers instead of scattering
   * (webgpu: no float atomics, and a fixed summation order): tRowPtr [nCols + 1], tColIdx
   * [nnz] and tPerm [nnz], the entry of `values` each Aᵀ entry is. Empty ([0]) when not built.
   */
  readonly tRowPtr: tf.Tensor1D;
  readonly tColIdx: tf.Tensor1D;
  readonly tPerm: tf.Tensor1D;
}

/** Whether sparse matrices on the active backend carry their transpose's pattern. */
export const needsTranspose = (): boolean => tf.getBackend() === 'webgpu';

/** Aᵀ's CSR pattern by a counting sort: row pointers, columns, and each entry's index in A. */
export function transposePattern(csr: Csr): { rowPtr: Int32Array; colIdx: Int32Array; perm: Int32Array } {
  const rowPtr = new Int32Array(csr.nCols + 1);
  for (let p = 0; p < csr.nnz; p++) rowPtr[csr.colIdx[p]! + 1]!++;
  for (let j = 0; j < csr.nCols; j++) rowPtr[j + 1]! += rowPtr[j]!;
  const next = rowPtr.slice(0, csr.nCols);
  const colIdx = new Int32Array(csr.nnz);
  const perm = new Int32Array(csr.nnz);
  for (let i = 0; i < csr.nRows; i++) {
    for (let p = csr.rowPtr[i]!; p < csr.rowPtr[i + 1]!; p++) {
      const q = next[csr.colIdx[p]!]!++;
      colIdx[q] = i;
      perm[q] = p;
    }
  }
  return { rowPtr, colIdx, perm };
}

/** Upload a host CSR matrix. The caller owns the result (see `disposeSparse`). */
export function sparseFromCsr(csr: Csr, options: { transpose?: boolean } = {}): SparseMatrix {
  const t = (options.transpose ?? needsTranspose()) ? transposePattern(csr) : null;
  const empty = (): tf.Tensor1D => tf.tensor1d(new Int32Array(0), 'int32');
  return {
    nRows: csr.nRows,
    nCols: csr.nCols,
    nnz: csr.nnz,
    rowPtr: tf.tensor1d(csr.rowPtr, 'int32'),
    colIdx: tf.tensor1d(csr.colIdx, 'int32'),
    rowIdx: tf.tensor1d(csr.rowIndex(), 'int32'),
    values: tf.tensor1d(Float32Array.from(csr.values), 'float32'),
    tRowPtr: t ? tf.tensor1d(t.rowPtr, 'int32') : empty(),
    tColIdx: t ? tf.tensor1d(t.colIdx, 'int32') : empty(),
    tPerm: t ? tf.tensor1d(t.perm, 'int32') : empty(),
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
  tf.dispose([a.rowPtr, a.colIdx, a.rowIdx, a.values, a.tRowPtr, a.tColIdx, a.tPerm]);
}
