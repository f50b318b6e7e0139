/**
 * Algorithm 2's selection: the k highest-scored existing edges, ties broken by edge order.
 * The budget is explicit, the perturbation is returned, and the postcondition is checked.
 * A bounded heap keeps the k best seen so far: O(m log k) time, O(k) extra memory.
 */
import { ConfigError } from '../util/errors.js';

export function selectTopK(scores: ArrayLike<number>, budget: number): Int32Array {
  if (!Number.isInteger(budget) || budget < 0) throw new ConfigError(`budget must be a non-negative integer, got ${budget}`);
  const m = scores.length;
  const k = Math.min(budget, m);
  // a ranks below b: lower score, or the same score and a later edge
  const below = (a: number, b: number): boolean => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const heap = new Int32Array(k); // heap[0] is the lowest-ranked edge kept
  let size = 0;
  const siftDown = (from: number): void => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let low = i;
      if (l < size && below(heap[l]!, heap[low]!)) low = l;
      if (r < size && below(heap[r]!, heap[low]!)) low = r;
      if (low === i) return;
      const t = heap[i]!;
      heap[i] = heap[low]!;
      heap[low] = t;
      i = low;
    }
  };
  for (let e = 0; e < m; e++) {
    if (Number.isNaN(scores[e]!)) throw new ConfigError(`edge score ${e} is NaN; the scorer failed`);
    if (k === 0) continue;
    if (size < k) {
      let i = size++;
      heap[i] = e;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!below(heap[i]!, heap[parent]!)) break;
        const t = heap[i]!;
        heap[i] = heap[parent]!;
        heap[parent] = t;
        i = parent;
      }
    } else if (below(heap[0]!, e)) {
      heap[0] = e;
      siftDown(0);
    }
  }
  const out = heap.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
  // postcondition: at most `budget` distinct existing edges
  const seen = new Set<number>(out);
  if (out.length > budget || seen.size !== out.length || out.some((e) => e < 0 || e >= m)) {
    throw new Error(`selectTopK: postcondition failed (${out.length} edges for budget ${budget})`);
  }
  return out;
}
