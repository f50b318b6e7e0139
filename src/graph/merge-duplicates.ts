/**
 * The duplicate policy, once for graphs and rating matrices: entries grouped by
 * `groupByRowCol` (equal (row, col) adjacent, first occurrence first) merge into their first
 * occurrence, combining values by `max`, `sum` or `first`; `error` hands the first repeat and
 * its first occurrence to `refuse`, which throws.
 */
import type { Grouped } from './csr.js';
import type { DuplicatePolicy } from './graph.js';

export interface MergedEntries {
  /** 1 for the entry that represents its group (its first occurrence) */
  isFirst: Uint8Array;
  /** the merged value, at the representative's index */
  value: Float64Array;
  duplicates: number;
}

export function mergeDuplicates(
  g: Grouped,
  valueOf: (id: number) => number,
  policy: DuplicatePolicy,
  refuse: (repeat: number, first: number) => never,
): MergedEntries {
  const count = g.ids.length;
  const isFirst = new Uint8Array(count);
  const value = new Float64Array(count);
  let duplicates = 0;
  for (let i = 0; i + 1 < g.rowPtr.length; i++) {
    const end = g.rowPtr[i + 1]!;
    for (let p = g.rowPtr[i]!; p < end; ) {
      let q = p + 1;
      while (q < end && g.colIdx[q] === g.colIdx[p]) q++;
      const rep = g.ids[p]!;
      isFirst[rep] = 1;
      let v = valueOf(rep);
      for (let r = p + 1; r < q; r++) {
        const id = g.ids[r]!;
        if (policy === 'error') refuse(id, rep);
        if (policy === 'max') v = Math.max(v, valueOf(id));
        else if (policy === 'sum') v += valueOf(id);
      }
      value[rep] = v;
      duplicates += q - p - 1;
      p = q;
    }
  }
  return { isFirst, value, duplicates };
}
