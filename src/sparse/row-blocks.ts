/**
 * Row blocks for arrays too large to bind in one piece. tfjs-webgpu binds each tensor whole,
 * and a WebGPU adapter binds at most maxStorageBufferBindingSize bytes per buffer (128 MiB on
 * lavapipe), so a sparse matrix or rating index whose per-entry arrays exceed that is stored
 * as consecutive row blocks, each small enough, and every product runs block by block in a
 * fixed order.
 */
import { BackendError } from '../util/errors.js';

/** Bytes per stored entry of every per-entry array (int32 indexes, float32 values). */
export const ENTRY_BYTES = 4;

/**
 * Split rows [0, nRows) of a CSR-like pointer array into consecutive blocks, each with at most
 * `maxEntries` stored entries and `maxRows` rows. Returns the block starts followed by nRows
 * (so block b is rows [starts[b], starts[b+1])). A row with more than `maxEntries` entries on
 * its own cannot be split and is refused; `what` names the matrix in that message.
 */
export function rowBlocks(ptr: ArrayLike<number>, nRows: number, maxEntries: number, maxRows: number, what: string): number[] {
  if (!(maxEntries >= 1) || !(maxRows >= 1)) throw new RangeError(`rowBlocks: limits must be at least 1 (entries ${maxEntries}, rows ${maxRows})`);
  const starts = [0];
  let start = 0;
  for (let i = 0; i < nRows; i++) {
    const own = ptr[i + 1]! - ptr[i]!;
    if (own > maxEntries) {
      throw new BackendError(
        `${what}: row ${i} alone has ${own} stored entries, more than one buffer binding of this adapter holds (${maxEntries} of ${ENTRY_BYTES} bytes); ` +
          'run it with --backend cpu',
      );
    }
    if (ptr[i + 1]! - ptr[start]! > maxEntries || i + 1 - start > maxRows) {
      starts.push(i);
      start = i;
    }
  }
  if (nRows > 0) starts.push(nRows);
  return starts;
}

/** Entries [ptr[r0], ptr[r1]) as their own pointer array, rebased to start at 0. */
export function blockPointers(ptr: Int32Array, r0: number, r1: number): Int32Array {
  const out = ptr.slice(r0, r1 + 1);
  const base = ptr[r0]!;
  for (let i = 0; i < out.length; i++) out[i]! -= base;
  return out;
}
