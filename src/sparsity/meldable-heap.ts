/**
 * Leftist heaps in one growable pool, with a lazy "add to every key" per subtree: meld in
 * O(log n) (the right spines are logarithmic, so the recursion is shallow), and shifting a
 * whole heap's keys is O(1). The prize-collecting Steiner forest keeps one heap of edge parts
 * per cluster and melds them when clusters merge, shifting the keys into the new cluster's
 * moat coordinates.
 */
export class MeldableHeaps {
  private key: Float64Array;
  private lazy: Float64Array;
  private left: Int32Array;
  private right: Int32Array;
  private rank: Int32Array;
  private item: Int32Array;
  private stamp: Int32Array;
  private size = 0;
  private path: Int32Array = new Int32Array(128);

  /** `capacity`: the nodes expected (the pool grows past it when needed) */
  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.key = new Float64Array(c);
    this.lazy = new Float64Array(c);
    this.left = new Int32Array(c);
    this.right = new Int32Array(c);
    this.rank = new Int32Array(c);
    this.item = new Int32Array(c);
    this.stamp = new Int32Array(c);
  }

  /** Forget every heap (the pool's memory is kept). */
  reset(): void {
    this.size = 0;
  }

  /** A one-element heap holding `item` (with a caller's `stamp`) at `key`; returns its root. */
  single(key: number, item: number, stamp: number): number {
    if (this.size === this.key.length) this.grow();
    const i = this.size++;
    this.key[i] = key;
    this.lazy[i] = 0;
    this.left[i] = -1;
    this.right[i] = -1;
    this.rank[i] = 1;
    this.item[i] = item;
    this.stamp[i] = stamp;
    return i;
  }

  /** Add `delta` to every key of the heap rooted at `root` (−1: the empty heap). */
  shift(root: number, delta: number): void {
    if (root >= 0) {
      this.key[root] += delta;
      this.lazy[root] += delta;
    }
  }

  meld(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const key = this.key;
    const right = this.right;
    // walk down the right spines, always continuing from the smaller key; then restore the
    // leftist shape (rank of left ≥ rank of right) back up the path
    let x = a;
    let other = b;
    if (key[other]! < key[x]!) [x, other] = [other, x];
    const root = x;
    let depth = 0;
    for (;;) {
      this.push(x);
      if (depth === this.path.length) this.path = growInt(this.path);
      this.path[depth++] = x;
      const r = right[x]!;
      if (r < 0) {
        right[x] = other;
        break;
      }
      if (key[other]! < key[r]!) {
        right[x] = other;
        x = other;
        other = r;
      } else x = r;
    }
    const left = this.left;
    const rank = this.rank;
    for (let i = depth - 1; i >= 0; i--) {
      const y = this.path[i]!;
      const l = left[y]!;
      const r = right[y]!;
      if (l < 0 || rank[l]! < rank[r]!) (left[y] = r), (right[y] = l);
      const rr = right[y]!;
      rank[y] = 1 + (rr >= 0 ? rank[rr]! : 0);
    }
    return root;
  }

  /** The heap without its root. */
  pop(root: number): number {
    this.push(root);
    return this.meld(this.left[root]!, this.right[root]!);
  }

  minKey(root: number): number {
    return this.key[root]!;
  }
  minItem(root: number): number {
    return this.item[root]!;
  }
  minStamp(root: number): number {
    return this.stamp[root]!;
  }

  /** Hand a node's pending shift to its children. */
  private push(i: number): void {
    const d = this.lazy[i]!;
    if (d !== 0) {
      const l = this.left[i]!;
      const r = this.right[i]!;
      if (l >= 0) (this.key[l] += d, this.lazy[l] += d);
      if (r >= 0) (this.key[r] += d, this.lazy[r] += d);
      this.lazy[i] = 0;
    }
  }

  private grow(): void {
    const n = this.key.length * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.key = f(this.key);
    this.lazy = f(this.lazy);
    this.left = g(this.left);
    this.right = g(this.right);
    this.rank = g(this.rank);
    this.item = g(this.item);
    this.stamp = g(this.stamp);
  }
}

function growInt(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
