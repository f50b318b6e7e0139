/**
 * Randomised approximate Cholesky factorisation of a graph Laplacian (Kyng & Sachdeva 2016,
 * "Approximate Gaussian elimination for Laplacians"), in the form of Laplacians.jl's
 * `approxchol`: vertices are eliminated in approximate minimum-degree order, and the clique
 * a vertex's elimination would create is replaced by a sampled tree (each neighbour, taken in
 * order of increasing weight, is joined to one later neighbour drawn in proportion to weight),
 * so the factor stays about as sparse as the graph, O(m log n), where exact elimination fills
 * in. Its solve M⁺b approximates L⁺b well enough to precondition conjugate gradients and
 * block eigensolvers (the condition number of M⁺L is a small constant in practice).
 *
 * The factor is stored as a product of elementary operations per eliminated vertex
 * (Laplacians.jl's LDLinv): for vertex i with neighbours j_1 … j_len (weights ascending) and
 * fractions f_1 … f_len−1, 1, the forward pass moves y_i onto the neighbours, the diagonal
 * divides by the eliminated weight, and the backward pass mirrors the forward one.
 *
 * Randomness comes from the Rng passed in: the same seed gives the same factor. The factor's
 * arrays are on SharedArrayBuffers, ready for the thread pool's solve kernel.
 */
import type { Csr } from '../graph/csr.js';
import type { Rng } from '../util/rng.js';
import { approxCholSolve } from '../parallel/block-kernels.js';
import { sharedFloat64, sharedInt32 } from '../parallel/pool.js';

export interface ApproxCholFactor {
  n: number;
  /** eliminated vertex of every column, in elimination order */
  order: Int32Array;
  /** column c's entries are colPtr[c] … colPtr[c+1] − 1 */
  colPtr: Int32Array;
  rowIdx: Int32Array;
  fraction: Float64Array;
  /** the weight eliminated at each vertex (0 for a vertex left last in its component) */
  diag: Float64Array;
  /** stored entries (the factor's size, to compare with the graph's edges) */
  entries: number;
}

/**
 * Factor L = D − A of the symmetric nonnegative weighted adjacency `a` (self-loops and
 * zero weights are ignored).
 */
export function approxChol(a: Csr, rng: Rng): ApproxCholFactor {
  const n = a.nRows;
  if (a.nCols !== n) throw new RangeError(`approxChol: the matrix must be square, got ${n} × ${a.nCols}`);
  const { rowPtr, colIdx, values } = a;
  // slot lists: every undirected edge is two slots (one in each endpoint's column)
  let m = 0;
  for (let i = 0; i < n; i++) for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) if (colIdx[e]! > i && values[e]! > 0) m++;
  const slotRow = new Int32Array(2 * m);
  const slotVal = new Float64Array(2 * m);
  const slotNext = new Int32Array(2 * m);
  const slotRev = new Int32Array(2 * m);
  const head = new Int32Array(n).fill(-1);
  const degree = new Int32Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) {
      const j = colIdx[e]!;
      const w = values[e]!;
      if (j <= i || !(w > 0)) continue;
      if (!Number.isFinite(w)) throw new RangeError(`approxChol: edge ${i} ${j} has weight ${w}`);
      const p = s++;
      const q = s++;
      slotRow[p] = j; // in column i
      slotVal[p] = w;
      slotRev[p] = q;
      slotNext[p] = head[i]!;
      head[i] = p;
      slotRow[q] = i; // in column j
      slotVal[q] = w;
      slotRev[q] = p;
      slotNext[q] = head[j]!;
      head[j] = q;
      degree[i]!++;
      degree[j]!++;
    }
  }

  // bucket queue of vertices by degree (approximate minimum degree)
  const maxBucket = n + 1;
  const bucketHead = new Int32Array(maxBucket + 1).fill(-1);
  const qPrev = new Int32Array(n);
  const qNext = new Int32Array(n);
  const bucketOf = (d: number): number => (d < maxBucket ? d : maxBucket);
  const qInsert = (v: number): void => {
    const bk = bucketOf(degree[v]!);
    qPrev[v] = -1;
    qNext[v] = bucketHead[bk]!;
    if (bucketHead[bk]! >= 0) qPrev[bucketHead[bk]!] = v;
    bucketHead[bk] = v;
  };
  const qRemove = (v: number): void => {
    const bk = bucketOf(degree[v]!);
    if (qPrev[v]! >= 0) qNext[qPrev[v]!] = qNext[v]!;
    else bucketHead[bk] = qNext[v]!;
    if (qNext[v]! >= 0) qPrev[qNext[v]!] = qPrev[v]!;
  };
  const eliminated = new Uint8Array(n);
  for (let v = n - 1; v >= 0; v--) qInsert(v);
  let minBucket = 0;
  const change = (v: number, delta: number): void => {
    qRemove(v);
    degree[v] = Math.max(0, degree[v]! + delta);
    qInsert(v);
    if (bucketOf(degree[v]!) < minBucket) minBucket = bucketOf(degree[v]!);
  };

  const order = sharedInt32(n);
  const colPtr = sharedInt32(n + 1);
  let cap = Math.max(16, 2 * m + n);
  let rowIdx = new Int32Array(cap);
  let fraction = new Float64Array(cap);
  const diag = sharedFloat64(n);
  let nnz = 0;
  const push = (j: number, f: number): void => {
    if (nnz === cap) {
      cap *= 2;
      const r2 = new Int32Array(cap);
      r2.set(rowIdx);
      rowIdx = r2;
      const f2 = new Float64Array(cap);
      f2.set(fraction);
      fraction = f2;
    }
    rowIdx[nnz] = j;
    fraction[nnz++] = f;
  };
  let col = new Int32Array(64);
  const cum = new Float64Array(n + 1);
  for (let it = 0; it < n; it++) {
    while (bucketHead[minBucket]! < 0) minBucket++;
    const i = bucketHead[minBucket]!;
    qRemove(i);
    eliminated[i] = 1;
    order[it] = i;
    colPtr[it] = nnz;
    // the live slots of column i
    let len = 0;
    for (let p = head[i]!; p >= 0; p = slotNext[p]!) {
      if (!(slotVal[p]! > 0)) continue;
      if (len === col.length) {
        const c2 = new Int32Array(2 * len);
        c2.set(col);
        col = c2;
      }
      col[len++] = p;
    }
    if (len === 0) continue; // the last vertex of its component: nothing to eliminate
    // merge parallel slots (same neighbour), then sort by weight (ties by neighbour)
    const view = col.subarray(0, len);
    view.sort((p, q) => slotRow[p]! - slotRow[q]! || p - q);
    let kept = 0;
    for (let t = 0; t < len; t++) {
      const p = col[t]!;
      if (kept > 0 && slotRow[col[kept - 1]!] === slotRow[p]) {
        slotVal[col[kept - 1]!]! += slotVal[p]!;
        slotVal[slotRev[p]!] = 0;
        change(slotRow[p]!, -1);
      } else col[kept++] = p;
    }
    len = kept;
    col.subarray(0, len).sort((p, q) => slotVal[p]! - slotVal[q]! || slotRow[p]! - slotRow[q]!);
    let csum = 0;
    for (let t = 0; t < len; t++) {
      csum += slotVal[col[t]!]!;
      cum[t] = csum;
    }
    let wdeg = csum;
    let colScale = 1;
    for (let t = 0; t < len - 1; t++) {
      const p = col[t]!; // slot in column i, row j
      const j = slotRow[p]!;
      const revj = slotRev[p]!; // slot in column j, row i
      const w = slotVal[p]! * colScale;
      const f = w / wdeg;
      // a later neighbour k, drawn in proportion to weight
      const r = rng.uniform() * (csum - cum[t]!) + cum[t]!;
      let lo = t + 1;
      let hi = len - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      const k = slotRow[col[lo]!]!;
      const newVal = f * (1 - f) * wdeg;
      // the edge (j, k): slot revj in column j now points at k, slot p moves to column k
      slotRow[revj] = k;
      slotVal[revj] = newVal;
      slotRev[revj] = p;
      slotRow[p] = j;
      slotVal[p] = newVal;
      slotRev[p] = revj;
      slotNext[p] = head[k]!;
      head[k] = p;
      change(k, +1);
      colScale *= 1 - f;
      wdeg *= (1 - f) * (1 - f);
      push(j, f);
    }
    const p = col[len - 1]!;
    const j = slotRow[p]!;
    slotVal[slotRev[p]!] = 0;
    if (!eliminated[j]) change(j, -1);
    push(j, 1);
    diag[i] = slotVal[p]! * colScale;
  }
  colPtr[n] = nnz;
  const rows = sharedInt32(nnz);
  rows.set(rowIdx.subarray(0, nnz));
  const fractions = sharedFloat64(nnz);
  fractions.set(fraction.subarray(0, nnz));
  return { n, order, colPtr, rowIdx: rows, fraction: fractions, diag, entries: nnz };
}

/**
 * y ← M⁺y for a row-major n × b block (b right-hand sides at once), in place, on this thread.
 * The result is not projected onto the complement of the null space: the caller does that.
 */
export function approxCholSolveBlock(f: ApproxCholFactor, y: Float64Array, b: number): void {
  approxCholSolve([f.order, f.colPtr, f.rowIdx, f.fraction, f.diag, f.n, y, b], 0, 1);
}
