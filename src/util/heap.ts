/** A binary heap ordered by `before` (the first element is the one before all others). */
export class Heap<T> {
  private readonly h: T[] = [];
  constructor(private readonly before: (a: T, b: T) => boolean) {}
  get size(): number {
    return this.h.length;
  }
  peek(): T | undefined {
    return this.h[0];
  }
  push(x: T): void {
    const h = this.h;
    h.push(x);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): T {
    const h = this.h;
    if (h.length === 0) throw new RangeError('pop from an empty heap');
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let b = i;
        if (l < h.length && this.before(h[l]!, h[b]!)) b = l;
        if (r < h.length && this.before(h[r]!, h[b]!)) b = r;
        if (b === i) break;
        [h[i], h[b]] = [h[b]!, h[i]!];
        i = b;
      }
    }
    return top;
  }
}
