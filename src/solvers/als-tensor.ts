/**
 * ALS written in tensor ops (the path for a native tensorflow backend, and the differentiable
 * form autodiff goes through in `n2n verify --task completion`). Per side:
 *
 *   Gram:  C = λ·I + segmentSum_i( W(k,:)ᵀ W(k,:) )   gather + batched outer product + unsortedSegmentSum
 *   rhs:   b = segmentSum_i( A(i,k)·W(k,:) )
 *   solve: x_i = C_i⁻¹ b_i                             batched Gauss–Jordan (r steps, no pivoting:
 *                                                      stable for symmetric positive definite C)
 *
 * Ratings are processed in chunks so the m × r × r outer products never exist at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RatingIndex, Ratings } from '../ratings/ratings.js';
import { runAlsSweepsSteps, type AlsOptions, type AlsResult } from './als.js';
import { ROW_GRAM, ROW_RHS } from '../sparse/kernel-names.js';
import { asyncReadback, readTensor } from './tensor-space.js';
import { read, runEither, runSync, type Steps } from '../linalg/steps.js';
import { storageBindingLimit } from '../backend/webgpu.js';
import { blockPointers, ENTRY_BYTES, rowBlocks } from '../sparse/row-blocks.js';
import { assertBindable } from '../sparse/spmm.js';

/** Index tensors of the ratings (rating order): which user and which item. */
export interface RatingTensors {
  user: tf.Tensor1D;
  item: tf.Tensor1D;
  value: tf.Tensor1D;
}

export function ratingTensors(ratings: Ratings): RatingTensors {
  return {
    user: tf.tensor1d(ratings.user, 'int32'),
    item: tf.tensor1d(ratings.item, 'int32'),
    value: tf.tensor1d(Float32Array.from(ratings.value), 'float32'),
  };
}

export function disposeRatingTensors(t: RatingTensors): void {
  tf.dispose([t.user, t.item, t.value]);
}

/** Ratings per chunk: about 2^24 floats of outer products. */
const chunkSize = (r: number): number => Math.max(1024, Math.floor((1 << 24) / (r * r)));

/** λ·I + Σ_{k∈Ω_row} W(k,:)ᵀW(k,:) for every row: rows × r × r. `row`/`partner` index the ratings. */
export function rowGrams(row: tf.Tensor1D, partner: tf.Tensor1D, W: tf.Tensor2D, nRows: number, lambda: number): tf.Tensor3D {
  const r = W.shape[1];
  const m = row.shape[0];
  const step = chunkSize(r);
  let acc: tf.Tensor3D = tf.tidy(() => tf.mul(tf.reshape(tf.eye(r), [1, r, r]), tf.fill([nRows, 1, 1], lambda)) as tf.Tensor3D);
  for (let s = 0; s < m; s += step) {
    const len = Math.min(step, m - s);
    const next = tf.tidy(() => {
      const g = tf.gather(W, tf.slice(partner, s, len)); // len × r
      const outer = tf.mul(tf.reshape(g, [len, r, 1]), tf.reshape(g, [len, 1, r]));
      return tf.add(acc, tf.unsortedSegmentSum(outer, tf.slice(row, s, len), nRows)) as tf.Tensor3D;
    });
    acc.dispose();
    acc = next;
  }
  return acc;
}

/** Σ_{k∈Ω_row} A(row,k)·W(k,:) for every row: rows × r. */
export function rowRhs(row: tf.Tensor1D, partner: tf.Tensor1D, value: tf.Tensor1D, W: tf.Tensor2D, nRows: number): tf.Tensor2D {
  return tf.tidy(() => tf.unsortedSegmentSum(tf.mul(tf.gather(W, partner), tf.reshape(value, [-1, 1])), row, nRows) as tf.Tensor2D);
}

/**
 * Solve C_i·x_i = b_i for a batch of symmetric positive definite r × r matrices by
 * Gauss–Jordan elimination on [C | b], one tensor step per column (differentiable).
 */
export function batchedSpdSolve(C: tf.Tensor3D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, r] = [C.shape[0], C.shape[1]];
    let M = tf.concat([C, tf.reshape(b, [n, r, 1])], 2); // n × r × (r+1)
    for (let k = 0; k < r; k++) {
      const pivotRow = tf.div(tf.slice(M, [0, k, 0], [n, 1, r + 1]), tf.slice(M, [0, k, k], [n, 1, 1])); // n × 1 × (r+1)
      const col = tf.slice(M, [0, 0, k], [n, r, 1]); // n × r × 1
      const ek = tf.reshape(tf.oneHot(tf.tensor1d([k], 'int32'), r), [1, r, 1]);
      M = tf.add(tf.sub(M, tf.mul(col, pivotRow)), tf.mul(ek, pivotRow));
    }
    return tf.reshape(tf.slice(M, [0, 0, r], [n, r, 1]), [n, r]) as tf.Tensor2D;
  });
}

/** One half-sweep in tensor ops: the ALS update of every row given the partner factor W. */
export function alsTensorHalfSweep(row: tf.Tensor1D, partner: tf.Tensor1D, value: tf.Tensor1D, W: tf.Tensor2D, nRows: number, lambda: number): tf.Tensor2D {
  const C = rowGrams(row, partner, W, nRows, lambda);
  try {
    return tf.tidy(() => batchedSpdSolve(C, rowRhs(row, partner, value, W, nRows)));
  } finally {
    C.dispose();
  }
}

/** ALS with the sweeps as tensor work (float32); the factors come back as float64 host arrays. */
export function alsTensor(ratings: Ratings, options: AlsOptions): AlsResult {
  return runSync(alsTensorSteps(ratings, options));
}

/** alsTensor, awaiting the factors' read-backs where the backend can only read back asynchronously (webgpu). */
export function alsTensorAnywhere(ratings: Ratings, options: AlsOptions): AlsResult | Promise<AlsResult> {
  return runEither(alsTensorSteps(ratings, options), asyncReadback());
}

/** A block of rows of a rating index (by user or by item) on the device, for the per-row kernels. */
interface DeviceIndexBlock {
  ptr: tf.Tensor1D;
  other: tf.Tensor1D;
  value: tf.Tensor1D;
}

/**
 * Upload a rating index in row blocks that each fit one buffer binding: its ratings, and its
 * rows' r × (r + 1) Gauss–Jordan systems (one block where everything fits).
 */
function uploadIndex(x: RatingIndex, nRows: number, r: number): DeviceIndexBlock[] {
  const maxEntries = Math.floor(storageBindingLimit() / ENTRY_BYTES);
  const starts = Number.isFinite(maxEntries) ? rowBlocks(x.ptr, nRows, maxEntries, Math.max(1, Math.floor(maxEntries / (r * (r + 1)))), 'ratings') : [0, nRows];
  const blocks: DeviceIndexBlock[] = [];
  for (let b = 0; b + 1 < starts.length; b++) {
    const [r0, r1] = [starts[b]!, starts[b + 1]!];
    const [p0, p1] = [x.ptr[r0]!, x.ptr[r1]!];
    blocks.push({
      ptr: tf.tensor1d(blockPointers(x.ptr, r0, r1), 'int32'),
      other: tf.tensor1d(x.other.subarray(p0, p1), 'int32'),
      value: tf.tensor1d(Float32Array.from(x.value.subarray(p0, p1)), 'float32'),
    });
  }
  return blocks;
}

/** One half-sweep through the per-row kernels (webgpu): no unsortedSegmentSum, one summation order; block by block, rows stacked. */
function kernelHalfSweep(index: DeviceIndexBlock[], W: tf.Tensor2D, lambda: number): tf.Tensor2D {
  assertBindable(W, 'als');
  const solveBlock = (block: DeviceIndexBlock): tf.Tensor2D => {
    const C = tf.engine().runKernel(ROW_GRAM, { ptr: block.ptr, other: block.other, W } as unknown as tf.NamedTensorMap, { lambda } as unknown as tf.NamedAttrMap) as tf.Tensor3D;
    try {
      return tf.tidy(() => batchedSpdSolve(C, tf.engine().runKernel(ROW_RHS, { ptr: block.ptr, other: block.other, values: block.value, W } as unknown as tf.NamedTensorMap, {}) as tf.Tensor2D));
    } finally {
      C.dispose();
    }
  };
  if (index.length === 1) return solveBlock(index[0]!);
  const parts = index.map(solveBlock);
  try {
    return tf.concat(parts, 0);
  } finally {
    tf.dispose(parts);
  }
}

function* alsTensorSteps(ratings: Ratings, options: AlsOptions): Steps<AlsResult> {
  const kernels = tf.getKernel(ROW_GRAM, tf.getBackend()) !== undefined && tf.getKernel(ROW_RHS, tf.getBackend()) !== undefined;
  const t = kernels ? null : ratingTensors(ratings);
  const byUser = kernels ? uploadIndex(ratings.byUser, ratings.nUsers, options.rank) : null;
  const byItem = kernels ? uploadIndex(ratings.byItem, ratings.nItems, options.rank) : null;
  let Ut: tf.Tensor2D | null = null;
  let Vt: tf.Tensor2D | null = null;
  try {
    return yield* runAlsSweepsSteps(ratings, options, function* (U, V) {
      Vt ??= tf.tensor2d(Float32Array.from(V), [ratings.nItems, options.rank]);
      const U2 = byUser ? kernelHalfSweep(byUser, Vt, options.lambdaU) : alsTensorHalfSweep(t!.user, t!.item, t!.value, Vt, ratings.nUsers, options.lambdaU);
      Ut?.dispose();
      Ut = U2;
      const V2 = byItem ? kernelHalfSweep(byItem, Ut, options.lambdaV) : alsTensorHalfSweep(t!.item, t!.user, t!.value, Ut, ratings.nItems, options.lambdaV);
      Vt.dispose();
      Vt = V2;
      U.set(yield* read(readTensor(Ut)));
      V.set(yield* read(readTensor(Vt)));
    });
  } finally {
    for (const x of [Ut, Vt]) (x as tf.Tensor2D | null)?.dispose();
    if (t) disposeRatingTensors(t);
    for (const x of [...(byUser ?? []), ...(byItem ?? [])]) tf.dispose([x.ptr, x.other, x.value]);
  }
}
