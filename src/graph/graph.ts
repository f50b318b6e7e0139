/**
 * The host-side graph and the policy that turns raw edges into an adjacency matrix.
 *
 * Policy (also in docs/cli.md):
 * - Node labels are strings as written in the file, numbered in order of first appearance.
 * - Weights: ignored unless `weighted` (the paper's 0/1 adjacency); with `weighted` the
 *   third column is A(i,j).
 * - Duplicate edges (the same ordered pair when directed, the same unordered pair when
 *   undirected) are merged into one: `max` (default; 0/1 stays 0/1), `sum`, `first`, or
 *   `error` to refuse them. The merged edge keeps the position and orientation of its
 *   first occurrence.
 * - Self-loops: kept on directed graphs, dropped on undirected ones (`auto`), or as told.
 * - Undirected: one variable per pair; A stores both (i,j) and (j,i).
 */
import { Csr, groupByRowCol, type Grouped } from './csr.js';
import { mergeDuplicates } from './merge-duplicates.js';
import { ConfigError, InputError } from '../util/errors.js';

export type DuplicatePolicy = 'max' | 'sum' | 'first' | 'error';
export type SelfLoopPolicy = 'auto' | 'keep' | 'drop';

export interface EdgeList {
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
}

export interface GraphStats {
  /** edges as read, before merging duplicates and dropping self-loops */
  inputEdges: number;
  duplicatesMerged: number;
  selfLoops: number;
  selfLoopsDropped: number;
}

export interface Graph {
  /** where it came from: a file path or a generator description */
  readonly source: string;
  readonly directed: boolean;
  readonly weighted: boolean;
  readonly n: number;
  readonly labels: readonly string[];
  /** unique edges in input order (one per unordered pair when undirected) */
  readonly edges: EdgeList;
  /** the adjacency matrix A, n × n */
  readonly csr: Csr;
  /** position in `csr` of A(src, dst) for every edge */
  readonly edgeToCsr: Int32Array;
  /** position in `csr` of A(dst, src) for every edge (same as edgeToCsr when directed or a self-loop) */
  readonly edgeToCsrT: Int32Array;
  readonly stats: GraphStats;
  /** what reading it decided that its user should know (a header line skipped, weights ignored) */
  readonly notes?: readonly string[];
  /** the source of the graph this one is an induced subgraph of (a component): per-node files of that graph fit it */
  readonly subgraphOf?: string;
}

export interface BuildOptions {
  directed: boolean;
  weighted?: boolean;
  duplicates?: DuplicatePolicy;
  selfLoops?: SelfLoopPolicy;
  source?: string;
  /** input line of each raw edge, for error messages */
  lines?: Int32Array;
}

/** Build a graph from raw edges over nodes 0..labels.length-1. */
export function buildGraph(labels: readonly string[], raw: EdgeList, options: BuildOptions): Graph {
  const n = labels.length;
  const directed = options.directed;
  const weighted = options.weighted ?? false;
  const duplicates = options.duplicates ?? 'max';
  const selfLoopPolicy = options.selfLoops ?? 'auto';
  const dropLoops = selfLoopPolicy === 'drop' || (selfLoopPolicy === 'auto' && !directed);
  const source = options.source ?? '(edges)';
  const m0 = raw.src.length;

  // 1. Canonical keys and self-loop filtering.
  // ka, kb: canonical (row, col) of each kept edge; korig: its index in `raw`.
  const kaAll = new Int32Array(m0);
  const kbAll = new Int32Array(m0);
  const korigAll = new Int32Array(m0);
  let selfLoops = 0;
  let kept = 0;
  for (let k = 0; k < m0; k++) {
    const s = raw.src[k]!;
    const t = raw.dst[k]!;
    if (s < 0 || s >= n || t < 0 || t >= n) throw new RangeError(`buildGraph: edge ${k} (${s}, ${t}) outside 0..${n - 1}`);
    if (s === t) {
      selfLoops++;
      if (dropLoops) continue;
    }
    const swap = !directed && s > t;
    kaAll[kept] = swap ? t : s;
    kbAll[kept] = swap ? s : t;
    korigAll[kept++] = k;
  }
  const ka = kaAll.subarray(0, kept);
  const kb = kbAll.subarray(0, kept);
  const korig = korigAll.subarray(0, kept);

  // 2. Merge duplicates: group by canonical key; first occurrence represents the group.
  const g = groupByRowCol(ka, kb, n);
  const merged = mergeDuplicates(g, (id) => (weighted ? raw.weight[korig[id]!]! : 1), duplicates, (id, rep) => {
    const line = options.lines ? options.lines[korig[id]!]! : null;
    const first = options.lines ? ` (first at line ${options.lines[korig[rep]!]})` : '';
    throw new InputError(
      source,
      line,
      `duplicate edge ${labels[ka[id]!]} ${directed ? '->' : '--'} ${labels[kb[id]!]}${first}; use duplicates max, sum or first to merge`,
    );
  });
  const m = kept - merged.duplicates;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const weight = new Float64Array(m);
  // edgeOf[k]: the edge a representative entry k becomes (edges keep input order). It reuses
  // korig's storage: korig[k] is read before edgeOf[k] is written, and never after.
  const edgeOf = korigAll;
  for (let k = 0, e = 0; k < kept; k++) {
    if (!merged.isFirst[k]) continue;
    const o = korig[k]!;
    src[e] = raw.src[o]!;
    dst[e] = raw.dst[o]!;
    edgeOf[k] = e;
    weight[e++] = merged.value[k]!;
  }
  for (let e = 0; e < m; e++) {
    if (!Number.isFinite(weight[e]!)) throw new InputError(source, null, `edge ${labels[src[e]!]} ${labels[dst[e]!]} has a non-finite weight`);
  }
  const edges = { src, dst, weight };
  const csr = csrFromGroups(g, merged.isFirst, edgeOf, edges, n, directed);
  return {
    source,
    directed,
    weighted,
    n,
    labels,
    edges,
    ...csr,
    stats: { inputEdges: m0, duplicatesMerged: merged.duplicates, selfLoops, selfLoopsDropped: dropLoops ? selfLoops : 0 },
  };
}

/**
 * The CSR of A straight from the grouping that merged duplicates (sorted by canonical
 * (row, col)), without sorting again: directed, A's rows are the groups; undirected, row i
 * is the pairs (a, i) with a < i (met in ascending a while walking the groups), then (i, i),
 * then (i, b) with b > i, which is sorted with one cursor per row.
 */
function csrFromGroups(
  g: Grouped,
  isFirst: Uint8Array,
  edgeOf: Int32Array,
  edges: EdgeList,
  n: number,
  directed: boolean,
): Pick<Graph, 'csr' | 'edgeToCsr' | 'edgeToCsrT'> {
  const m = edges.src.length;
  const edgeToCsr = new Int32Array(m);
  if (directed) {
    const rowPtr = new Int32Array(n + 1);
    const colIdx = new Int32Array(m);
    const values = new Float64Array(m);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const end = g.rowPtr[i + 1]!;
      for (let p = g.rowPtr[i]!; p < end; p++) {
        const k = g.ids[p]!;
        if (!isFirst[k]) continue;
        const e = edgeOf[k]!;
        colIdx[pos] = g.colIdx[p]!;
        values[pos] = edges.weight[e]!;
        edgeToCsr[e] = pos++;
      }
      rowPtr[i + 1] = pos;
    }
    return { csr: new Csr(n, n, rowPtr, colIdx, values), edgeToCsr, edgeToCsrT: edgeToCsr.slice() };
  }
  const edgeToCsrT = new Int32Array(m);
  const rowPtr = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const s = edges.src[e]!;
    const t = edges.dst[e]!;
    rowPtr[s + 1]!++;
    if (s !== t) rowPtr[t + 1]!++;
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1]! += rowPtr[i]!;
  const entries = rowPtr[n]!;
  const colIdx = new Int32Array(entries);
  const values = new Float64Array(entries);
  const next = rowPtr.slice(0, n);
  for (let a = 0; a < n; a++) {
    const end = g.rowPtr[a + 1]!;
    for (let p = g.rowPtr[a]!; p < end; p++) {
      const k = g.ids[p]!;
      if (!isFirst[k]) continue;
      const b = g.colIdx[p]!;
      const e = edgeOf[k]!;
      const w = edges.weight[e]!;
      const up = next[a]!++;
      colIdx[up] = b;
      values[up] = w;
      let down = up;
      if (a !== b) {
        down = next[b]!++;
        colIdx[down] = a;
        values[down] = w;
      }
      // A(src, dst) is the upper entry (a, b) when the edge was read as a → b
      const forward = edges.src[e] === a;
      edgeToCsr[e] = forward ? up : down;
      edgeToCsrT[e] = forward ? down : up;
    }
  }
  return { csr: new Csr(n, n, rowPtr, colIdx, values), edgeToCsr, edgeToCsrT };
}

/** Edges already unique (no duplicate pairs) → graph with CSR. */
function assemble(
  source: string,
  labels: readonly string[],
  edges: EdgeList,
  directed: boolean,
  weighted: boolean,
  stats: GraphStats,
): Graph {
  const n = labels.length;
  const m = edges.src.length;
  let entries = m;
  if (!directed) for (let e = 0; e < m; e++) if (edges.src[e] !== edges.dst[e]) entries++;
  const rows = new Int32Array(entries);
  const cols = new Int32Array(entries);
  const fromEdge = new Int32Array(entries);
  for (let e = 0; e < m; e++) {
    rows[e] = edges.src[e]!;
    cols[e] = edges.dst[e]!;
    fromEdge[e] = e;
  }
  if (!directed) {
    for (let e = 0, p = m; e < m; e++) {
      if (edges.src[e] === edges.dst[e]) continue;
      rows[p] = edges.dst[e]!;
      cols[p] = edges.src[e]!;
      fromEdge[p++] = e;
    }
  }
  const g = groupByRowCol(rows, cols, n);
  const values = new Float64Array(entries);
  const edgeToCsr = new Int32Array(m);
  const edgeToCsrT = new Int32Array(m);
  for (let p = 0; p < entries; p++) {
    const k = g.ids[p]!;
    const e = fromEdge[k]!;
    values[p] = edges.weight[e]!;
    if (k < m) edgeToCsr[e] = p;
    else edgeToCsrT[e] = p;
  }
  if (directed) edgeToCsrT.set(edgeToCsr);
  else for (let e = 0; e < m; e++) if (edges.src[e] === edges.dst[e]) edgeToCsrT[e] = edgeToCsr[e]!;
  return {
    source,
    directed,
    weighted,
    n,
    labels,
    edges,
    csr: new Csr(n, n, g.rowPtr, g.colIdx, values),
    edgeToCsr,
    edgeToCsrT,
    stats,
  };
}

/**
 * The graph with the given edges removed (edge indices into `graph.edges`). Node set and
 * labels are unchanged, so vectors on the two graphs line up.
 */
export function removeEdges(graph: Graph, removed: Iterable<number>): Graph {
  const drop = new Uint8Array(graph.edges.src.length);
  let count = 0;
  for (const e of removed) {
    if (!Number.isInteger(e) || e < 0 || e >= drop.length) throw new ConfigError(`removeEdges: no edge ${e} in a graph of ${drop.length} edges`);
    if (!drop[e]) count++;
    drop[e] = 1;
  }
  const m = drop.length - count;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const weight = new Float64Array(m);
  for (let e = 0, p = 0; e < drop.length; e++) {
    if (drop[e]) continue;
    src[p] = graph.edges.src[e]!;
    dst[p] = graph.edges.dst[e]!;
    weight[p++] = graph.edges.weight[e]!;
  }
  return assemble(graph.source, graph.labels, { src, dst, weight }, graph.directed, graph.weighted, {
    ...graph.stats,
    inputEdges: m,
  });
}

/** `graph` with the pairs appended as weight-1 edges, after the existing ones (unchecked: graph/edit.ts checks). */
export function addEdges(graph: Graph, add: { src: ArrayLike<number>; dst: ArrayLike<number> }): Graph {
  const m = graph.edges.src.length;
  const k = add.src.length;
  const src = new Int32Array(m + k);
  const dst = new Int32Array(m + k);
  const weight = new Float64Array(m + k);
  src.set(graph.edges.src);
  dst.set(graph.edges.dst);
  weight.set(graph.edges.weight);
  for (let t = 0; t < k; t++) {
    src[m + t] = add.src[t]!;
    dst[m + t] = add.dst[t]!;
    weight[m + t] = 1;
  }
  return assemble(graph.source, graph.labels, { src, dst, weight }, graph.directed, graph.weighted, { ...graph.stats, inputEdges: m + k });
}

/** Summary line for logs. */
export function describeGraph(g: Graph): string {
  const s = g.stats;
  const parts = [`${g.n} nodes`, `${g.edges.src.length} ${g.directed ? 'directed' : 'undirected'} edges`, `${g.csr.nnz} stored entries`];
  if (s.duplicatesMerged) parts.push(`${s.duplicatesMerged} duplicates merged`);
  if (s.selfLoopsDropped) parts.push(`${s.selfLoopsDropped} self-loops dropped`);
  else if (s.selfLoops) parts.push(`${s.selfLoops} self-loops kept`);
  return [parts.join(', '), ...(g.notes ?? [])].join('; ');
}

/**
 * The subgraph induced by `keep` (a node mask), nodes renumbered in order, labels kept.
 * Returns the new graph and, for each of its nodes and edges, the index in `graph`.
 */
export function inducedSubgraph(graph: Graph, keep: Uint8Array): { graph: Graph; nodeMap: Int32Array; edgeMap: Int32Array } {
  if (keep.length !== graph.n) throw new RangeError(`inducedSubgraph: mask of ${keep.length} for ${graph.n} nodes`);
  const newId = new Int32Array(graph.n).fill(-1);
  let n = 0;
  for (let i = 0; i < graph.n; i++) if (keep[i]) newId[i] = n++;
  const nodeMap = new Int32Array(n);
  const labels: string[] = new Array<string>(n);
  for (let i = 0; i < graph.n; i++) {
    if (newId[i]! < 0) continue;
    nodeMap[newId[i]!] = i;
    labels[newId[i]!] = graph.labels[i]!;
  }
  const { src, dst, weight } = graph.edges;
  let m = 0;
  for (let e = 0; e < src.length; e++) if (newId[src[e]!]! >= 0 && newId[dst[e]!]! >= 0) m++;
  const edges: EdgeList = { src: new Int32Array(m), dst: new Int32Array(m), weight: new Float64Array(m) };
  const edgeMap = new Int32Array(m);
  for (let e = 0, p = 0; e < src.length; e++) {
    const s = newId[src[e]!]!;
    const t = newId[dst[e]!]!;
    if (s < 0 || t < 0) continue;
    edges.src[p] = s;
    edges.dst[p] = t;
    edges.weight[p] = weight[e]!;
    edgeMap[p++] = e;
  }
  const sub = assemble(graph.source, labels, edges, graph.directed, graph.weighted, { ...graph.stats, inputEdges: m });
  return { graph: { ...sub, subgraphOf: graph.subgraphOf ?? graph.source }, nodeMap, edgeMap };
}
