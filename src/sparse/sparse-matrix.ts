/**
 * A sparse matrix on the device: CSR arrays plus the COO row index (in CSR order), so the
 * same object serves the custom kernels (CSR) and the gather/segment-sum composition (COO).
 * The transpose is not stored: `spmm(A, X, { transpose: true })` computes Aᵀ·X directly.
 *
 * Where the per-entry arrays exceed what the backend binds in one buffer (webgpu's
 * maxStorageBufferBindingSize), the matrix is stored as row blocks instead (`blocks`), each
 * a SparseMatrix of its own, and its top-level tensors are empty.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Csr } from '../graph/csr.js';
import { storageBindingLimit } from '../backend/webgpu.js';
import { blockPointers, ENTRY_BYTES, rowBlocks } from './row-blocks.js';
import { BackendError } from '../util/errors.js';

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
  /**
   * Rows [rowStart, rowStart + matrix.nRows) of A, each block with all the columns, when the
   * per-entry arrays are too large for one buffer binding; the top-level tensors are then empty.
   */
  readonly blocks?: readonly SparseBlock[];
}

export interface SparseBlock {
  readonly rowStart: number;
  readonly matrix: SparseMatrix;
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

const empty = (): tf.Tensor1D => tf.tensor1d(new Int32Array(0), 'int32');

/**
 * Upload a host CSR matrix. The caller owns the result (see `disposeSparse`). Where its
 * per-entry arrays exceed the backend's binding limit it is uploaded in row blocks.
 */
export function sparseFromCsr(csr: Csr, options: { transpose?: boolean } = {}): SparseMatrix {
  const limit = storageBindingLimit();
  if (csr.nnz * ENTRY_BYTES > limit) return sparseInBlocks(csr, Math.floor(limit / ENTRY_BYTES), options);
  const t = (options.transpose ?? needsTranspose()) ? transposePattern(csr) : null;
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

function sparseInBlocks(csr: Csr, maxEntries: number, options: { transpose?: boolean }): SparseMatrix {
  const rowsFit = csr.nRows + 1 <= maxEntries ? Infinity : maxEntries - 1;
  const starts = rowBlocks(csr.rowPtr, csr.nRows, maxEntries, rowsFit, `sparse matrix (${csr.nRows} × ${csr.nCols}, ${csr.nnz} entries)`);
  const blocks: SparseBlock[] = [];
  for (let b = 0; b + 1 < starts.length; b++) {
    const [r0, r1] = [starts[b]!, starts[b + 1]!];
    const [p0, p1] = [csr.rowPtr[r0]!, csr.rowPtr[r1]!];
    const part = new Csr(r1 - r0, csr.nCols, blockPointers(csr.rowPtr, r0, r1), csr.colIdx.subarray(p0, p1), csr.values.subarray(p0, p1));
    blocks.push({ rowStart: r0, matrix: sparseFromCsr(part, options) });
  }
  return { nRows: csr.nRows, nCols: csr.nCols, nnz: csr.nnz, rowPtr: empty(), colIdx: empty(), rowIdx: empty(), values: empty(), tRowPtr: empty(), tColIdx: empty(), tPerm: empty(), blocks };
}

/** The refusal for an operation that needs all of a blocked matrix's entries in one tensor. */
export function blockedRefusal(a: SparseMatrix, what: string): BackendError {
  return new BackendError(
    `${what}: this matrix's ${a.nnz} stored entries exceed what the adapter binds in one buffer (${storageBindingLimit()} bytes), so it is stored in ` +
      `${a.blocks!.length} row blocks, and ${what} needs all its entries in one tensor; run it with --backend cpu`,
  );
}

/**
 * The same pattern with other edge values (e.g. a variable to differentiate against).
 * Shares the index tensors with `a`: dispose only the values you created.
 */
export function withValues(a: SparseMatrix, values: tf.Tensor1D): SparseMatrix {
  if (a.blocks) throw blockedRefusal(a, 'differentiating with respect to the edge values');
  tf.util.assert(values.shape[0] === a.nnz, () => `withValues: ${values.shape[0]} values for ${a.nnz} stored entries`);
  return { ...a, values };
}

export function disposeSparse(a: SparseMatrix): void {
  for (const b of a.blocks ?? []) disposeSparse(b.matrix);
  tf.dispose([a.rowPtr, a.colIdx, a.rowIdx, a.values, a.tRowPtr, a.tColIdx, a.tPerm]);
}
