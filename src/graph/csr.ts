/**
 * Compressed sparse rows on the host. Hot loops run over these typed arrays, never over a
 * graph object. Column indices are sorted within each row.
 */
export class Csr {
  constructor(
    readonly nRows: number,
    readonly nCols: number,
    /** Int32Array [nRows + 1] */
    readonly rowPtr: Int32Array,
    /** Int32Array [nnz] */
    readonly colIdx: Int32Array,
    /** Float64Array [nnz] */
    readonly values: Float64Array,
  ) {}

  get nnz(): number {
    return this.colIdx.length;
  }

  /** Row of every stored entry (COO rows, CSR order). */
  rowIndex(): Int32Array {
    const rows = new Int32Array(this.nnz);
    for (let i = 0; i < this.nRows; i++) rows.fill(i, this.rowPtr[i]!, this.rowPtr[i + 1]!);
    return rows;
  }

  /** Position of entry (i, j), or -1 (binary search in row i). */
  find(i: number, j: number): number {
    let lo = this.rowPtr[i]!;
    let hi = this.rowPtr[i + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.colIdx[mid]!;
      if (c === j) return mid;
      if (c < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The same pattern with other values. */
  withValues(values: Float64Array): Csr {
    if (values.length !== this.nnz) throw new RangeError(`csr: ${values.length} values for ${this.nnz} entries`);
    return new Csr(this.nRows, this.nCols, this.rowPtr, this.colIdx, values);
  }

  /** y = A·x (float64). */
  matvec(x: Float64Array, y: Float64Array = new Float64Array(this.nRows)): Float64Array {
    const { rowPtr, colIdx, values } = this;
    for (let i = 0; i < this.nRows; i++) {
      let s = 0;
      const end = rowPtr[i + 1]!;
      for (let e = rowPtr[i]!; e < end; e++) s += values[e]! * x[colIdx[e]!]!;
      y[i] = s;
    }
    return y;
  }

  /** y = Aᵀ·x (float64). */
  rmatvec(x: Float64Array, y: Float64Array = new Float64Array(this.nCols)): Float64Array {
    const { rowPtr, colIdx, values } = this;
    y.fill(0);
    for (let i = 0; i < this.nRows; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const end = rowPtr[i + 1]!;
      for (let e = rowPtr[i]!; e < end; e++) y[colIdx[e]!]! += values[e]! * xi;
    }
    return y;
  }

  /** Dense row-major copy (small matrices only: tests and dense references). */
  toDense(): Float64Array {
    const out = new Float64Array(this.nRows * this.nCols);
    for (let i = 0; i < this.nRows; i++) {
      for (let e = this.rowPtr[i]!; e < this.rowPtr[i + 1]!; e++) out[i * this.nCols + this.colIdx[e]!]! += this.values[e]!;
    }
    return out;
  }
}

export interface Grouped {
  rowPtr: Int32Array;
  colIdx: Int32Array;
  /** original index of each entry, in sorted order */
  ids: Int32Array;
}

/**
 * Sort entries (rows[k], cols[k]) by row then column (ties by k), in O(m log d): a counting
 * sort on rows, then each row's segment sorted on the packed key col·m + k in a Float64Array
 * (exact below 2^53). Duplicate (row, col) entries end up adjacent, first occurrence first.
 * `shared`: rowPtr and colIdx on SharedArrayBuffers (for the thread pool).
 */
export function groupByRowCol(rows: Int32Array, cols: Int32Array, nRows: number, shared = false): Grouped {
  const m = rows.length;
  const int32 = (n: number): Int32Array => (shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n));
  const rowPtr = int32(nRows + 1);
  for (let k = 0; k < m; k++) rowPtr[rows[k]! + 1]!++;
  for (let i = 0; i < nRows; i++) rowPtr[i + 1]! += rowPtr[i]!;
  const next = rowPtr.slice(0, nRows);
  const keys = new Float64Array(m);
  const mm = Math.max(m, 1);
  for (let k = 0; k < m; k++) keys[next[rows[k]!]!++] = cols[k]! * mm + k;
  const colIdx = int32(m);
  const ids = new Int32Array(m);
  for (let i = 0; i < nRows; i++) {
    const s = rowPtr[i]!;
    const e = rowPtr[i + 1]!;
    if (e - s > 1) keys.subarray(s, e).sort();
    for (let p = s; p < e; p++) {
      const key = keys[p]!;
      const c = Math.floor(key / mm);
      colIdx[p] = c;
      ids[p] = key - c * mm;
    }
  }
  return { rowPtr, colIdx, ids };
}
