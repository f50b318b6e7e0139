/**
 * A binary min-heap of (time, cluster, version) events in typed arrays: no object per event.
 * Ties in time go to the smaller cluster, so the order of events is deterministic.
 */
export class EventHeap {
  private time: Float64Array;
  private cluster: Int32Array;
  private version: Int32Array;
  size = 0;

  constructor(capacity = 256) {
    const c = Math.max(16, capacity);
    this.time = new Float64Array(c);
    this.cluster = new Int32Array(c);
    this.version = new Int32Array(c);
  }

  push(time: number, cluster: number, version: number): void {
    if (this.size === this.time.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(time, cluster, this.time[p]!, this.cluster[p]!)) break;
      this.time[i] = this.time[p]!;
      this.cluster[i] = this.cluster[p]!;
      this.version[i] = this.version[p]!;
      i = p;
    }
    this.time[i] = time;
    this.cluster[i] = cluster;
    this.version[i] = version;
  }

  topTime(): number {
    return this.time[0]!;
  }
  topCluster(): number {
    return this.cluster[0]!;
  }
  topVersion(): number {
    return this.version[0]!;
  }

  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const t = this.time[n]!;
    const c = this.cluster[n]!;
    const v = this.version[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const b = r < n && this.less(this.time[r]!, this.cluster[r]!, this.time[l]!, this.cluster[l]!) ? r : l;
      if (!this.less(this.time[b]!, this.cluster[b]!, t, c)) break;
      this.time[i] = this.time[b]!;
      this.cluster[i] = this.cluster[b]!;
      this.version[i] = this.version[b]!;
      i = b;
    }
    this.time[i] = t;
    this.cluster[i] = c;
    this.version[i] = v;
  }

  private less(t1: number, c1: number, t2: number, c2: number): boolean {
    return t1 < t2 || (t1 === t2 && c1 < c2);
  }

  private grow(): void {
    const n = this.time.length * 2;
    const t = new Float64Array(n);
    t.set(this.time);
    const c = new Int32Array(n);
    c.set(this.cluster);
    const v = new Int32Array(n);
    v.set(this.version);
    [this.time, this.cluster, this.version] = [t, c, v];
  }
}
