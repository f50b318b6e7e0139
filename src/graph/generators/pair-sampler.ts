/**
 * Shared pieces of the random-graph generators: growable edge arrays and Batagelj & Brandes'
 * geometric skipping (2005), which visits each of `total` candidate pairs with probability p
 * in O(expected hits) time instead of O(total).
 */
import type { Rng } from '../../util/rng.js';

export class EdgeBuffer {
  src: Int32Array = new Int32Array(1024);
  dst: Int32Array = new Int32Array(1024);
  size = 0;

  push(i: number, j: number): void {
    if (this.size === this.src.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.src = grow(this.src);
      this.dst = grow(this.dst);
    }
    this.src[this.size] = i;
    this.dst[this.size] = j;
    this.size++;
  }

  edges(): { src: Int32Array; dst: Int32Array } {
    return { src: this.src.slice(0, this.size), dst: this.dst.slice(0, this.size) };
  }
}

/** Calls visit(index) for each index in [0, total) independently with probability p, ascending. */
export function samplePairs(rng: Rng, total: number, p: number, visit: (index: number) => void): void {
  if (!(p > 0) || total <= 0) return;
  if (p >= 1) {
    for (let x = 0; x < total; x++) visit(x);
    return;
  }
  const logq = Math.log1p(-p);
  let x = -1;
  for (;;) {
    // 1 − u ∈ (0, 1]: the skip is finite
    x += 1 + Math.floor(Math.log(1 - rng.uniform()) / logq);
    if (x >= total) return;
    visit(x);
  }
}

/** The pair (i, j), i > j, with index i(i − 1)/2 + j in the lower triangle of an s × s matrix. */
export function lowerTrianglePair(index: number, out: { i: number; j: number }): void {
  let i = Math.floor((1 + Math.sqrt(1 + 8 * index)) / 2);
  // guard against rounding of the square root
  while ((i * (i - 1)) / 2 > index) i--;
  while (((i + 1) * i) / 2 <= index) i++;
  out.i = i;
  out.j = index - (i * (i - 1)) / 2;
}

/** A generator's edge count guard: typed arrays and label lists have limits. */
export function checkEdgeBudget(kind: string, expected: number): void {
  if (expected > 2 ** 31 - 1) throw new RangeError(`${kind}: about ${expected.toExponential(2)} edges expected, more than one graph can hold (2^31)`);
}
