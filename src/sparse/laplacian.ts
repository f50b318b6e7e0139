/**
 * The graph Laplacian L = D − A of a symmetric adjacency matrix, as an operator: on the host
 * in float64 (one fused pass over the CSR, on the thread pool) and on the device in float32
 * (d ⊙ x − A·x).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from '../graph/csr.js';
import type { SparseMatrix } from './sparse-matrix.js';
import { assertBindable, spmm } from './spmm.js';
import { LAPLACIAN, type LaplacianAttrs } from './kernel-names.js';
import type { SymmetricOperator } from '../linalg/operators.js';
import { getPool, sharedFloat64, type ThreadPool } from '../parallel/pool.js';
import { shareCsr } from '../parallel/shared-csr.js';

/** Row sums of A (weighted degrees). */
export function degrees(a: Csr): Float64Array {
  const d = new Float64Array(a.nRows);
  for (let i = 0; i < a.nRows; i++) {
    let s = 0;
    for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) s += a.values[p]!;
    d[i] = s;
  }
  return d;
}

/**
 * A scale for ‖L‖ that residual tolerances are measured against: the smaller of
 * max over edges of d(i) + d(j) (Anderson & Morley's bound on λmax for 0/1 weights) and
 * Gershgorin's 2·max d. Within a factor of 2 of λmax on the graphs we measured.
 */
export function laplacianNormBound(a: Csr, d: Float64Array): number {
  let b = 0;
  for (let i = 0; i < a.nRows; i++) {
    for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) {
      const j = a.colIdx[p]!;
      if (j !== i) b = Math.max(b, d[i]! + d[j]!);
    }
  }
  // Gershgorin: λmax ≤ max_i (d(i) + Σ_j |a_ij|) = 2·max d
  let dmax = 0;
  for (let i = 0; i < d.length; i++) dmax = Math.max(dmax, d[i]!);
  return Math.min(b, 2 * dmax);
}

/**
 * L·x in float64 on the thread pool: A copied to shared memory once (without its values when
 * they are all 1), one fused pass per product; results come from `alloc`.
 */
export function sharedLaplacian(a: Csr, d: Float64Array, pool: ThreadPool = getPool(), alloc: (n: number) => Float64Array = sharedFloat64): SymmetricOperator<Float64Array> {
  if (a.nRows !== a.nCols) throw new RangeError(`laplacian: A must be square, got ${a.nRows} × ${a.nCols}`);
  const s = shareCsr(a);
  const deg = sharedFloat64(d.length);
  deg.set(d);
  return {
    size: a.nRows,
    apply: (x) => {
      const y = alloc(a.nRows);
      pool.run('laplacian', [s.rowPtr, s.colIdx, s.values, deg, x, y], s.chunks);
      return y;
    },
  };
}

/** Dense row-major L = D − A (for float64 references on small graphs). */
export function denseLaplacian(a: Csr): Float64Array {
  const n = a.nRows;
  const L = a.toDense();
  const d = degrees(a);
  for (let i = 0; i < n * n; i++) L[i] = -L[i]!;
  for (let i = 0; i < n; i++) L[i * n + i]! += d[i]!;
  return L;
}

/**
 * L·x on the device; `deg` is [n, 1] and stays owned by the caller. One fused kernel where the
 * backend has it (webgpu; a matrix in row blocks runs it per block and stacks the rows), else
 * d ⊙ x − A·x.
 */
export function tensorLaplacian(a: SparseMatrix, deg: tf.Tensor2D): SymmetricOperator<tf.Tensor2D> {
  if (tf.getKernel(LAPLACIAN, tf.getBackend()) !== undefined) {
    const fused = (m: SparseMatrix, rowStart: number, x: tf.Tensor2D): tf.Tensor2D =>
      tf.engine().runKernel(LAPLACIAN, { rowPtr: m.rowPtr, colIdx: m.colIdx, values: m.values, deg, x } as unknown as tf.NamedTensorMap, { rowStart } satisfies LaplacianAttrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
    return {
      size: a.nRows,
      apply: (x) => {
        assertBindable(x, 'laplacian');
        if (!a.blocks) return fused(a, 0, x);
        return tf.tidy(() => tf.concat(a.blocks!.map((b) => fused(b.matrix, b.rowStart, x)), 0));
      },
    };
  }
  return {
    size: a.nRows,
    apply: (x) => tf.tidy(() => tf.sub(tf.mul(deg, x), spmm(a, x))),
  };
}
