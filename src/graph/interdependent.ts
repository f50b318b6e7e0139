/**
 * Interdependent networks (GBGP, SEEDS-SPEC §1.2): one undirected edge list over all nodes and
 * a node table `node<TAB>block<TAB>feature…` (tabs, commas or spaces; an optional header line
 * naming the columns, `node block f1 …`). Nodes are partitioned into blocks V_1..V_K; an edge
 * inside a block belongs to that block's graph G_k, an edge between blocks is a coupling edge
 * (E₀). A temporal network is one block per time stamp, with the same node at consecutive
 * stamps joined by coupling edges (the generators write it so).
 *
 * The table defines the nodes (a node with no edge is allowed: a singleton in its block). An
 * edge list line is `src dst` or `src dst weight` (weight > 0); a node it names must be in the
 * table. Every mismatch is an error with the file and line.
 */
import { forEachLine, splitFields } from './lines.js';
import { buildGraph, type Graph } from './graph.js';
import { InputError } from '../util/errors.js';
import { terminalSafe } from '../util/terminal.js';
import type { PcsfGraph } from '../sparsity/pcsf.js';

export interface Block {
  name: string;
  /** the block's nodes (global indices, ascending) */
  nodes: Int32Array;
  /** G_k over local indices 0..|V_k|−1 */
  graph: PcsfGraph;
  /** w_e of each local edge, and its index in the whole graph's edge list */
  weights: Float64Array;
  edgeIds: Int32Array;
}

export interface Interdependent {
  graph: Graph;
  /** each node's block and its index inside the block */
  block: Int32Array;
  local: Int32Array;
  blocks: Block[];
  /** E₀: the coupling edges (global node indices), their weights and their indices in the whole edge list */
  coupling: { src: Int32Array; dst: Int32Array; weight: Float64Array; edgeIds: Int32Array };
  /** the feature columns (global node order) and their names */
  features: Float64Array[];
  featureNames: string[];
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export async function readInterdependent(edgesPath: string, nodesPath: string): Promise<Interdependent> {
  // 1. the node table
  const labels: string[] = [];
  const index = new Map<string, number>();
  const blockOf: number[] = [];
  const blockNames: string[] = [];
  const blockIndex = new Map<string, number>();
  let featureNames: string[] = [];
  const rows: number[][] = [];
  let mode: 'comma' | 'tab' | 'space' | null = null;
  let width = -1;
  await forEachLine(nodesPath, (line, lineNo) => {
    const c = line.charCodeAt(0);
    if (c === 35 || c === 37 || line.trim() === '') return;
    mode ??= line.includes('\t') ? 'tab' : line.includes(',') ? 'comma' : 'space';
    const f = splitFields(line, mode);
    if (width < 0) {
      if (f.length < 3) throw new InputError(nodesPath, lineNo, `expected 'node<TAB>block<TAB>feature…' (at least 3 fields), got ${f.length}`);
      width = f.length;
      if (!f.slice(2).every((x) => NUMBER.test(x))) {
        featureNames = f.slice(2); // a header line
        return;
      }
      featureNames = f.slice(2).map((_, i) => `f${i + 1}`);
    }
    if (f.length !== width) throw new InputError(nodesPath, lineNo, `expected ${width} fields like the first line, got ${f.length}`);
    const [node, block] = f as [string, string];
    if (index.has(node)) throw new InputError(nodesPath, lineNo, `node '${terminalSafe(node)}' is listed twice (first at the row of node ${index.get(node)! + 1})`);
    const values = f.slice(2).map(Number);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new InputError(nodesPath, lineNo, `feature '${terminalSafe(featureNames[bad]!)}' of node '${terminalSafe(node)}' is '${terminalSafe(f[2 + bad]!)}', not a finite number`);
    index.set(node, labels.length);
    labels.push(node);
    if (!blockIndex.has(block)) (blockIndex.set(block, blockNames.length), blockNames.push(block));
    blockOf.push(blockIndex.get(block)!);
    rows.push(values);
  });
  if (labels.length === 0) throw new InputError(nodesPath, null, 'no nodes found');
  // 2. the edges
  const src: number[] = [];
  const dst: number[] = [];
  const weight: number[] = [];
  const lines: number[] = [];
  let weighted = false;
  let emode: 'comma' | 'space' | null = null;
  let first = true;
  await forEachLine(edgesPath, (line, lineNo) => {
    const c = line.charCodeAt(0);
    if (c === 35 || c === 37 || line.trim() === '') return;
    emode ??= line.includes(',') ? 'comma' : 'space';
    const f = splitFields(line, emode);
    if (first) {
      first = false;
      if (f.length >= 2 && !index.has(f[0]!) && !index.has(f[1]!) && !NUMBER.test(f[0]!)) return; // a header line
    }
    if (f.length !== 2 && f.length !== 3) throw new InputError(edgesPath, lineNo, `expected 'src dst' or 'src dst weight', got ${f.length} field${f.length === 1 ? '' : 's'}`);
    const a = index.get(f[0]!);
    const b = index.get(f[1]!);
    if (a === undefined || b === undefined) throw new InputError(edgesPath, lineNo, `node '${terminalSafe(a === undefined ? f[0]! : f[1]!)}' is not in the node table ${nodesPath}`);
    let w = 1;
    if (f.length === 3) {
      w = Number(f[2]);
      if (!(Number.isFinite(w) && w > 0)) throw new InputError(edgesPath, lineNo, `weight '${terminalSafe(f[2]!)}' is not a positive number`);
      weighted = true;
    }
    src.push(a);
    dst.push(b);
    weight.push(w);
    lines.push(lineNo);
  });
  const graph = buildGraph(labels, { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: Float64Array.from(weight) }, { directed: false, weighted, duplicates: 'max', selfLoops: 'drop', source: edgesPath, lines: Int32Array.from(lines) });
  return partition(graph, Int32Array.from(blockOf), blockNames, rows, featureNames);
}

/** Split a graph into blocks by `block[v]` (0..K−1): per-block graphs over local indices, and the coupling edges. */
export function partition(graph: Graph, block: Int32Array, blockNames: string[], rows: number[][], featureNames: string[]): Interdependent {
  const n = graph.n;
  const K = blockNames.length;
  const local = new Int32Array(n);
  const sizes = new Int32Array(K);
  for (let v = 0; v < n; v++) local[v] = sizes[block[v]!]!++;
  const members = Array.from({ length: K }, (_, k) => new Int32Array(sizes[k]!));
  for (let v = 0; v < n; v++) members[block[v]!]![local[v]!] = v;
  const inner: { src: number[]; dst: number[]; w: number[]; id: number[] }[] = Array.from({ length: K }, () => ({ src: [], dst: [], w: [], id: [] }));
  const cs: number[] = [];
  const cd: number[] = [];
  const cw: number[] = [];
  const cid: number[] = [];
  const { src, dst, weight } = graph.edges;
  for (let e = 0; e < src.length; e++) {
    const a = src[e]!;
    const b = dst[e]!;
    const w = graph.weighted ? weight[e]! : 1;
    if (block[a] === block[b]) {
      const t = inner[block[a]!]!;
      t.src.push(local[a]!);
      t.dst.push(local[b]!);
      t.w.push(w);
      t.id.push(e);
    } else (cs.push(a), cd.push(b), cw.push(w), cid.push(e));
  }
  const blocks: Block[] = blockNames.map((name, k) => ({
    name,
    nodes: members[k]!,
    graph: { n: sizes[k]!, src: Int32Array.from(inner[k]!.src), dst: Int32Array.from(inner[k]!.dst) },
    weights: Float64Array.from(inner[k]!.w),
    edgeIds: Int32Array.from(inner[k]!.id),
  }));
  const features = featureNames.map((_, j) => Float64Array.from(rows, (r) => r[j]!));
  return { graph, block, local, blocks, coupling: { src: Int32Array.from(cs), dst: Int32Array.from(cd), weight: Float64Array.from(cw), edgeIds: Int32Array.from(cid) }, features, featureNames };
}
