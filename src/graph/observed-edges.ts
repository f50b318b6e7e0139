/**
 * The observed part of a known graph: an edge list read over the node set of `full` (a
 * link-prediction split, e.g. the ClusterNet authors' `cora_train_0.40.cites`, 40% of cora's
 * edges). Every node of `full` stays a node, with the same index, also when no observed edge
 * touches it; undirected like `full`, unweighted, duplicates merged and self-loops dropped as
 * `full` was read.
 *
 * Labels are matched as written, or else by their numeric value (the authors' splits write
 * node 6898 as `6.898000000000000000e+03`). A node that is not in `full`, and, unless
 * `subset: false`, an edge that is not one of `full`'s, is refused with the file and line.
 */
import { forEachLine, splitFields } from './lines.js';
import { buildGraph, type Graph } from './graph.js';
import { InputError } from '../util/errors.js';
import { terminalSafe } from '../util/terminal.js';

const numericKey = (label: string): string | null => {
  const t = label.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? String(v) : null;
};

export async function readObservedEdges(path: string, full: Graph, options: { subset?: boolean } = {}): Promise<Graph> {
  if (full.directed) throw new InputError(path, null, `observed edges are read over an undirected graph; ${full.source} was read as directed`);
  const subset = options.subset ?? true;
  const exact = new Map(full.labels.map((l, i) => [l, i]));
  // the numeric form of each label; -2 where two labels share it (then only the exact label matches)
  const numeric = new Map<string, number>();
  full.labels.forEach((l, i) => {
    const k = numericKey(l);
    if (k !== null) numeric.set(k, numeric.has(k) ? -2 : i);
  });
  const inFull = new Set<number>();
  if (subset) for (let e = 0; e < full.edges.src.length; e++) inFull.add(pairKey(full.edges.src[e]!, full.edges.dst[e]!, full.n));
  const src: number[] = [];
  const dst: number[] = [];
  const lines: number[] = [];
  const resolve = (label: string, lineNo: number): number => {
    const i = exact.get(label);
    if (i !== undefined) return i;
    const k = numericKey(label);
    const j = k === null ? undefined : numeric.get(k);
    if (j === -2) throw new InputError(path, lineNo, `node '${terminalSafe(label)}' matches several nodes of ${full.source} by value; write it as that file does`);
    if (j === undefined) throw new InputError(path, lineNo, `node '${terminalSafe(label)}' is not a node of ${full.source}`);
    return j;
  };
  await forEachLine(path, (line, lineNo) => {
    const c = line.charCodeAt(0);
    if (c === 35 || c === 37 || line.trim() === '') return;
    const f = splitFields(line, line.includes('\t') ? 'tab' : 'space');
    if (f.length < 2 || f[0] === '' || f[1] === '') throw new InputError(path, lineNo, "expected an edge 'source target'");
    const s = resolve(f[0]!, lineNo);
    const t = resolve(f[1]!, lineNo);
    if (s === t) return; // a self-loop: dropped, as the undirected full graph dropped it
    if (subset && !inFull.has(pairKey(s, t, full.n))) {
      throw new InputError(path, lineNo, `edge ${terminalSafe(f[0]!)} ${terminalSafe(f[1]!)} is not an edge of ${full.source}: observed edges must be part of the graph`);
    }
    src.push(s);
    dst.push(t);
    lines.push(lineNo);
  });
  if (src.length === 0) throw new InputError(path, null, `has no edges between nodes of ${full.source}`);
  return buildGraph(full.labels, { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: new Float64Array(src.length).fill(1) }, { directed: false, source: path, lines: Int32Array.from(lines) });
}

/** One key per unordered pair of nodes. */
const pairKey = (a: number, b: number, n: number): number => (a < b ? a * n + b : b * n + a);
