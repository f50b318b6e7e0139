/**
 * rowBlocks: the row blocks a too-large sparse array is stored in (webgpu binding limit),
 * checked against a brute-force reading of the rules on random pointer arrays: the blocks
 * tile the rows in order, each keeps within both limits, and each is as long as the limits
 * allow (the next row would break one); a row larger than the entry limit is refused.
 */
import { describe, expect, it } from 'vitest';
import { blockPointers, rowBlocks } from '../../src/sparse/row-blocks.js';
import { Rng } from '../../src/util/rng.js';

function randomPtr(rng: Rng, rows: number, maxPerRow: number): Int32Array {
  const ptr = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) ptr[i + 1] = ptr[i]! + Math.floor(rng.uniform() * (maxPerRow + 1));
  return ptr;
}

describe('rowBlocks', () => {
  it('tiles the rows into maximal blocks within both limits (random pointer arrays)', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + Math.floor(rng.uniform() * 60);
      const ptr = randomPtr(rng, rows, 9);
      const maxEntries = 9 + Math.floor(rng.uniform() * 40);
      const maxRows = 1 + Math.floor(rng.uniform() * 20);
      const starts = rowBlocks(ptr, rows, maxEntries, maxRows, 't');
      expect(starts[0]).toBe(0);
      expect(starts.at(-1)).toBe(rows);
      for (let b = 0; b + 1 < starts.length; b++) {
        const [r0, r1] = [starts[b]!, starts[b + 1]!];
        expect(r1).toBeGreaterThan(r0);
        const entries = ptr[r1]! - ptr[r0]!;
        expect(entries).toBeLessThanOrEqual(maxEntries);
        expect(r1 - r0).toBeLessThanOrEqual(maxRows);
        if (r1 < rows) {
          // maximal: one more row would break a limit
          expect(ptr[r1 + 1]! - ptr[r0]! > maxEntries || r1 + 1 - r0 > maxRows).toBe(true);
        }
      }
    }
  });

  it('one block when everything fits; none for no rows', () => {
    const ptr = Int32Array.from([0, 2, 5, 5, 7]);
    expect(rowBlocks(ptr, 4, 7, 4, 't')).toEqual([0, 4]);
    expect(rowBlocks(Int32Array.from([0]), 0, 7, 4, 't')).toEqual([0]);
  });

  it('refuses a row with more entries than one binding holds, naming the row', () => {
    const ptr = Int32Array.from([0, 2, 12, 13]);
    expect(() => rowBlocks(ptr, 3, 8, 10, 'sparse matrix')).toThrow(/sparse matrix: row 1 alone has 10 stored entries.*--backend cpu/);
  });

  it('blockPointers rebases a block to start at 0', () => {
    const ptr = Int32Array.from([0, 2, 5, 5, 7, 9]);
    expect(Array.from(blockPointers(ptr, 1, 4))).toEqual([0, 3, 3, 5]);
  });
});
