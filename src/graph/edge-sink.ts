/** Labels numbered in order of first appearance. */
export class LabelIndex {
  readonly labels: string[] = [];
  private readonly index = new Map<string, number>();

  id(label: string): number {
    let k = this.index.get(label);
    if (k === undefined) {
      k = this.labels.length;
      this.labels.push(label);
      this.index.set(label, k);
    }
    return k;
  }
}

/**
 * Collects parsed edges: interns labels (first appearance order) and stores endpoints and
 * weights in growable typed arrays. A graph has one label space for both endpoints; a
 * bipartite sink (rating matrices: users × items) keeps one per side.
 */
export class EdgeSink {
  readonly rows = new LabelIndex();
  readonly cols: LabelIndex;
  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private w = new Float64Array(1024);
  private line = new Int32Array(1024);
  size = 0;

  constructor(bipartite = false) {
    this.cols = bipartite ? new LabelIndex() : this.rows;
  }

  /** the node labels of a graph (the row side of a bipartite sink) */
  get labels(): string[] {
    return this.rows.labels;
  }

  add(src: string, dst: string, weight: number, lineNo: number): void {
    if (this.size === this.src.length) this.grow();
    const k = this.size++;
    this.src[k] = this.rows.id(src);
    this.dst[k] = this.cols.id(dst);
    this.w[k] = weight;
    this.line[k] = lineNo;
  }

  private grow(): void {
    const cap = this.src.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a);
      return b;
    };
    this.src = g(this.src, Int32Array);
    this.dst = g(this.dst, Int32Array);
    this.w = g(this.w, Float64Array);
    this.line = g(this.line, Int32Array);
  }

  arrays(): { src: Int32Array; dst: Int32Array; weight: Float64Array; line: Int32Array } {
    return {
      src: this.src.subarray(0, this.size),
      dst: this.dst.subarray(0, this.size),
      weight: this.w.subarray(0, this.size),
      line: this.line.subarray(0, this.size),
    };
  }
}
