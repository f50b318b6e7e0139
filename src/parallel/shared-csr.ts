/**
 * A CSR matrix in shared memory with its transpose, as a LinearOperator whose products run
 * on the thread pool. Both products gather (row i of A or of Aᵀ sums its entries), so rows
 * split across threads without write conflicts and every y[i] is summed in the same order
 * whatever the thread count. A matrix whose stored values are all 1 (an unweighted graph)
 * keeps no values at all, which saves a third of the memory traffic of a product.
 */
import type { Csr } from '../graph/csr.js';
import type { LinearOperator } from '../linalg/operators.js';
import { getPool, rowChunks, sharedFloat64, sharedInt32, type ThreadPool } from './pool.js';

export interface SharedCsr {
  readonly nRows: number;
  readonly nCols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  /** null when every stored value is 1 */
  readonly values: Float64Array | null;
  /** row chunks of about equal work */
  readonly chunks: Int32Array;
}

/** A shared copy of the stored values, or null when every one is 1. */
function sharedValues(values: Float64Array): Float64Array | null {
  let ones = true;
  for (let i = 0; i < values.length && ones; i++) ones = values[i] === 1;
  if (ones) return null;
  const copy = sharedFloat64(values.length);
  copy.set(values);
  return copy;
}

/**
 * A shared-memory copy of A without its empty rows and columns, with the kept rows and
 * columns in order (`rows[i']` is the row of A that packed row i' holds). A singular vector's
 * entries on an empty row or column are exactly 0, so a solver can work in the packed space
 * and scatter back: shorter vectors, and the product gathers from a denser x.
 */
export function packShared(a: Csr): { csr: SharedCsr; rows: Int32Array; cols: Int32Array } {
  const colNew = new Int32Array(a.nCols).fill(-1);
  for (let e = 0; e < a.nnz; e++) colNew[a.colIdx[e]!] = 0;
  let nc = 0;
  for (let j = 0; j < a.nCols; j++) if (colNew[j] === 0) colNew[j] = nc++;
  const cols = new Int32Array(nc);
  for (let j = 0; j < a.nCols; j++) if (colNew[j]! >= 0) cols[colNew[j]!] = j;
  let nr = 0;
  for (let i = 0; i < a.nRows; i++) if (a.rowPtr[i + 1]! > a.rowPtr[i]!) nr++;
  const rows = new Int32Array(nr);
  const rowPtr = sharedInt32(nr + 1);
  for (let i = 0, k = 0; i < a.nRows; i++) {
    if (a.rowPtr[i + 1]! === a.rowPtr[i]!) continue;
    rows[k] = i;
    rowPtr[++k] = a.rowPtr[i + 1]!;
  }
  const colIdx = sharedInt32(a.nnz);
  for (let e = 0; e < a.nnz; e++) colIdx[e] = colNew[a.colIdx[e]!]!;
  const values = sharedValues(a.values);
  return { csr: { nRows: nr, nCols: nc, rowPtr, colIdx, values, chunks: rowChunks(rowPtr, nr) }, rows, cols };
}

/** A shared-memory copy of `a`. */
export function shareCsr(a: Csr): SharedCsr {
  const rowPtr = sharedInt32(a.nRows + 1);
  rowPtr.set(a.rowPtr);
  const colIdx = sharedInt32(a.nnz);
  colIdx.set(a.colIdx);
  return { nRows: a.nRows, nCols: a.nCols, rowPtr, colIdx, values: sharedValues(a.values), chunks: rowChunks(rowPtr, a.nRows) };
}

/** At most this many parts in a parallel transpose (each holds a column-count array). */
const TRANSPOSE_PARTS = 8;

/**
 * Aᵀ in CSR by a counting sort on columns, rows in ascending order within each column. The
 * rows are cut into one part per thread (at most 8): each part counts its columns, a prefix
 * pass turns the counts into each part's first slot in every column, and each part places its
 * entries. The result is the same whatever the number of parts.
 */
export function transposeShared(a: SharedCsr, pool: ThreadPool = getPool()): SharedCsr {
  const { nRows, nCols, rowPtr, colIdx, values } = a;
  const nnz = rowPtr[nRows]!;
  const parts = rowChunks(rowPtr, nRows, 1, Math.min(pool.size, TRANSPOSE_PARTS));
  const nParts = parts.length - 1;
  // slots[t·nCols + j]: part t's count in column j, then its next free position there
  const slots = sharedInt32(nParts * nCols);
  pool.run('countColumns', [rowPtr, colIdx, slots, nCols], parts);
  const tPtr = sharedInt32(nCols + 1);
  let at = 0;
  for (let j = 0; j < nCols; j++) {
    tPtr[j] = at;
    for (let t = 0; t < nParts; t++) {
      const count = slots[t * nCols + j]!;
      slots[t * nCols + j] = at;
      at += count;
    }
  }
  tPtr[nCols] = at;
  const tIdx = sharedInt32(nnz);
  const tVal = values ? sharedFloat64(nnz) : null;
  pool.run('placeEntries', [rowPtr, colIdx, values, slots, nCols, tIdx, tVal], parts);
  return { nRows: nCols, nCols: nRows, rowPtr: tPtr, colIdx: tIdx, values: tVal, chunks: rowChunks(tPtr, nCols) };
}

/** y = A·x on the pool (x and y shared, y of length nRows). */
export function sharedMatvec(a: SharedCsr, x: Float64Array, y: Float64Array, pool: ThreadPool = getPool()): Float64Array {
  if (x.length !== a.nCols || y.length !== a.nRows) throw new RangeError(`matvec: ${a.nRows}×${a.nCols} matrix, x of ${x.length}, y of ${y.length}`);
  if (a.values) pool.run('spmvWeighted', [a.rowPtr, a.colIdx, a.values, x, y], a.chunks);
  else pool.run('spmvPattern', [a.rowPtr, a.colIdx, x, y], a.chunks);
  return y;
}

/** A and Aᵀ as an operator on shared Float64Array vectors (A as it is, or already shared, e.g. packed); results come from `alloc`. */
export function sharedCsrOperator(a: Csr | SharedCsr, pool: ThreadPool = getPool(), alloc: (n: number) => Float64Array = sharedFloat64): LinearOperator<Float64Array> {
  const fwd = 'chunks' in a ? a : shareCsr(a);
  const bwd = transposeShared(fwd, pool);
  return {
    rows: a.nRows,
    cols: a.nCols,
    matvec: (x) => sharedMatvec(fwd, x, alloc(a.nRows), pool),
    rmatvec: (y) => sharedMatvec(bwd, y, alloc(a.nCols), pool),
  };
}
