/**
 * Triangles, degrees and local clustering coefficients of an undirected graph, kept exact
 * under edge insertions and removals (network intervention, Hung et al. WWW 2020; SEEDS-SPEC
 * §3.2). With e_v the number of edges among v's neighbours (triangles at v) and d_v its degree,
 *
 *   LCC(v) = 2 e_v / (d_v (d_v − 1)),  0 when d_v < 2 (networkx's convention).
 *
 * Adding the pair (u, w) changes only u and w (degree + 1, e += |N(u) ∩ N(w)|) and each common
 * neighbour z (e_z + 1); removing it undoes exactly that. So an edit costs one intersection,
 * O(min(d_u, d_w)) membership tests, and `effect` gives the new LCC of every node an edit
 * touches without applying it.
 *
 * Storage: the input's CSR rows (sorted), a list of added neighbours per touched node and a set
 * of removed pairs, so memory stays linear in the edges plus the edits (no set per node).
 */
import type { Graph } from '../../graph/graph.js';
import { ConfigError } from '../../util/errors.js';

export interface EditEffect {
  /** the nodes whose LCC changes, and their LCC after the edit (u, w first, then the common neighbours) */
  nodes: Int32Array;
  before: Float64Array;
  after: Float64Array;
  /** |N(u) ∩ N(w)| */
  common: number;
}

export const lccOf = (triangles: number, degree: number): number => (degree < 2 ? 0 : (2 * triangles) / (degree * (degree - 1)));

export class ClusteringState {
  readonly n: number;
  readonly degree: Int32Array;
  /** e_v: edges among v's neighbours */
  readonly triangles: Float64Array;
  private readonly rowPtr: Int32Array;
  private readonly colIdx: Int32Array;
  private readonly added = new Map<number, number[]>();
  private readonly removed = new Set<number>();
  /** insertions and removals applied, in order (pairs u < w; +1 added, −1 removed) */
  readonly log: { u: number; w: number; sign: 1 | -1 }[] = [];

  constructor(graph: Pick<Graph, 'n' | 'directed' | 'csr'>) {
    if (graph.directed) throw new ConfigError('local clustering: the graph must be undirected (load it with --no-directed)');
    this.n = graph.n;
    this.rowPtr = graph.csr.rowPtr;
    this.colIdx = graph.csr.colIdx;
    this.degree = new Int32Array(this.n);
    for (let v = 0; v < this.n; v++) {
      for (let p = this.rowPtr[v]!; p < this.rowPtr[v + 1]!; p++) if (this.colIdx[p] !== v) this.degree[v]!++;
    }
    this.triangles = new Float64Array(this.n);
    // each triangle once per edge (u < w) at the common neighbour opposite that edge
    for (let u = 0; u < this.n; u++) {
      for (let p = this.rowPtr[u]!; p < this.rowPtr[u + 1]!; p++) {
        const w = this.colIdx[p]!;
        if (w <= u) continue;
        this.forCommon(u, w, (z) => this.triangles[z]!++);
      }
    }
  }

  private key(u: number, w: number): number {
    return u < w ? u * this.n + w : w * this.n + u;
  }

  /** Whether the pair is an edge now. */
  has(u: number, w: number): boolean {
    if (u === w) return false;
    if (this.removed.has(this.key(u, w))) return false;
    // binary search in u's sorted input row
    let lo = this.rowPtr[u]!;
    let hi = this.rowPtr[u + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = this.colIdx[mid]!;
      if (c === w) return true;
      if (c < w) lo = mid + 1;
      else hi = mid;
    }
    return this.added.get(u)?.includes(w) ?? false;
  }

  /** Calls `f` with every current neighbour of v (no self-loop). */
  forNeighbours(v: number, f: (x: number) => void): void {
    for (let p = this.rowPtr[v]!; p < this.rowPtr[v + 1]!; p++) {
      const x = this.colIdx[p]!;
      if (x !== v && !this.removed.has(this.key(v, x))) f(x);
    }
    const extra = this.added.get(v);
    if (extra) for (const x of extra) f(x);
  }

  neighbours(v: number): number[] {
    const out: number[] = [];
    this.forNeighbours(v, (x) => out.push(x));
    return out;
  }

  /** Calls `f` with every common neighbour of u and w (scanning the one with fewer neighbours). */
  forCommon(u: number, w: number, f: (z: number) => void): void {
    const [a, b] = this.degree[u]! <= this.degree[w]! ? [u, w] : [w, u];
    this.forNeighbours(a, (z) => {
      if (z !== b && this.has(b, z)) f(z);
    });
  }

  common(u: number, w: number): number[] {
    const out: number[] = [];
    this.forCommon(u, w, (z) => out.push(z));
    return out;
  }

  lcc(v: number): number {
    return lccOf(this.triangles[v]!, this.degree[v]!);
  }

  /** What adding (sign +1) or removing (−1) the pair would do to every LCC it changes, without doing it. */
  effect(u: number, w: number, sign: 1 | -1 = 1): EditEffect {
    this.check(u, w, sign);
    const cn = this.common(u, w);
    const c = cn.length;
    const nodes = Int32Array.from([u, w, ...cn]);
    const before = Float64Array.from(nodes, (v) => this.lcc(v));
    const after = new Float64Array(nodes.length);
    after[0] = lccOf(this.triangles[u]! + sign * c, this.degree[u]! + sign);
    after[1] = lccOf(this.triangles[w]! + sign * c, this.degree[w]! + sign);
    for (let t = 0; t < c; t++) after[t + 2] = lccOf(this.triangles[cn[t]!]! + sign, this.degree[cn[t]!]!);
    return { nodes, before, after, common: c };
  }

  /** Add the pair (u, w), which must be a non-edge between two distinct nodes. */
  insert(u: number, w: number): void {
    this.apply(u, w, 1);
  }

  /** Remove the edge (u, w). */
  remove(u: number, w: number): void {
    this.apply(u, w, -1);
  }

  private check(u: number, w: number, sign: 1 | -1): void {
    if (!(Number.isInteger(u) && Number.isInteger(w) && u >= 0 && w >= 0 && u < this.n && w < this.n)) throw new RangeError(`pair (${u}, ${w}) is not a pair of nodes 0..${this.n - 1}`);
    if (u === w) throw new ConfigError(`pair (${u}, ${w}): a self-loop is not a clustering edit`);
    const present = this.has(u, w);
    if (sign === 1 && present) throw new ConfigError(`pair (${u}, ${w}) is already an edge`);
    if (sign === -1 && !present) throw new ConfigError(`pair (${u}, ${w}) is not an edge`);
  }

  private apply(u: number, w: number, sign: 1 | -1): void {
    this.check(u, w, sign);
    let c = 0;
    this.forCommon(u, w, (z) => {
      this.triangles[z]! += sign;
      c++;
    });
    this.triangles[u]! += sign * c;
    this.triangles[w]! += sign * c;
    this.degree[u]! += sign;
    this.degree[w]! += sign;
    const k = this.key(u, w);
    if (sign === 1) {
      if (this.removed.has(k)) this.removed.delete(k);
      else {
        this.pushAdded(u, w);
        this.pushAdded(w, u);
      }
    } else if (!this.dropAdded(u, w)) this.removed.add(k);
    else this.dropAdded(w, u);
    this.log.push({ u: Math.min(u, w), w: Math.max(u, w), sign });
  }

  private pushAdded(a: number, b: number): void {
    const list = this.added.get(a);
    if (list) list.push(b);
    else this.added.set(a, [b]);
  }

  /** Drop b from a's added list; whether it was there. */
  private dropAdded(a: number, b: number): boolean {
    const list = this.added.get(a);
    const at = list ? list.indexOf(b) : -1;
    if (at < 0) return false;
    list!.splice(at, 1);
    return true;
  }
}
