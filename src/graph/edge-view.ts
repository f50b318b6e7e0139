/**
 * The graph an attack scores: one element per attackable entry of the task's input (an edge
 * of a graph, a rating of a rating matrix) as (src, dst, weight) over n nodes. A rating
 * matrix is read as an undirected bipartite graph: users 0..n1−1, items n1..n1+n2−1, every
 * observation of weight 1 (an attack removes the observation, whatever its value).
 *
 * Two matrices are built from a view:
 * - `adjacencyCsr`: A as stored (directed), or with both orientations (undirected);
 * - `symmetricCsr`: S = A + Aᵀ (directed) or A (undirected), the matrix the spectral
 *   baselines (eigencentrality, contain) read, since a directed citation graph is nearly
 *   acyclic and its own leading eigenvalue is 0. Element e adds w_e to S(s,t) and S(t,s);
 *   a self-loop adds w_e to S(s,s) (2·w_e when directed, as A + Aᵀ does).
 */
import { Csr, groupByRowCol } from './csr.js';
import type { Graph } from './graph.js';
import type { Ratings } from '../ratings/ratings.js';

export interface EdgeView {
  readonly n: number;
  readonly directed: boolean;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly weight: Float64Array;
}

export function graphView(g: Graph): EdgeView {
  return { n: g.n, directed: g.directed, src: g.edges.src, dst: g.edges.dst, weight: g.edges.weight };
}

export function ratingsView(r: Ratings): EdgeView {
  const m = r.user.length;
  const dst = new Int32Array(m);
  for (let e = 0; e < m; e++) dst[e] = r.nUsers + r.item[e]!;
  return { n: r.nUsers + r.nItems, directed: false, src: r.user, dst, weight: new Float64Array(m).fill(1) };
}

function fromEntries(n: number, rows: Int32Array, cols: Int32Array, vals: Float64Array): Csr {
  const g = groupByRowCol(rows, cols, n);
  const values = new Float64Array(g.ids.length);
  for (let p = 0; p < values.length; p++) values[p] = vals[g.ids[p]!]!;
  return new Csr(n, n, g.rowPtr, g.colIdx, values);
}

/** Entries of element e in S: both orientations, or one diagonal entry for a self-loop. */
function entries(view: EdgeView, symmetric: boolean): Csr {
  const { src, dst, weight } = view;
  const m = src.length;
  const both = symmetric || !view.directed;
  let count = 0;
  for (let e = 0; e < m; e++) count += both && src[e] !== dst[e] ? 2 : 1;
  const rows = new Int32Array(count);
  const cols = new Int32Array(count);
  const vals = new Float64Array(count);
  for (let e = 0, p = 0; e < m; e++) {
    const s = src[e]!;
    const t = dst[e]!;
    rows[p] = s;
    cols[p] = t;
    vals[p++] = symmetric ? symmetricWeight(view, e) : weight[e]!;
    if (both && s !== t) {
      rows[p] = t;
      cols[p] = s;
      vals[p++] = weight[e]!;
    }
  }
  return fromEntries(view.n, rows, cols, vals);
}

export const adjacencyCsr = (view: EdgeView): Csr => entries(view, false);
export const symmetricCsr = (view: EdgeView): Csr => entries(view, true);

/** How much removing element e takes from S: w on S(s,t) and S(t,s), or c on S(s,s). */
export function symmetricWeight(view: EdgeView, e: number): number {
  const w = view.weight[e]!;
  return view.src[e] === view.dst[e] && view.directed ? 2 * w : w;
}
