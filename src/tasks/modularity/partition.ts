/**
 * A partition of a graph's nodes into K communities, hard (one label per node) or soft (a row
 * of K nonnegative memberships per node), and its file form: `node<TAB>cluster` (what
 * `--clusters-out` writes) or `node<TAB>w1 … wK` for a soft one, an optional header line first.
 * A node with cluster −1 (spectral's mark for "outside the analysed component") belongs to no
 * community: its membership row is zero.
 */
import { forEachLine, splitFields } from '../../graph/lines.js';
import type { Graph } from '../../graph/graph.js';
import { InputError } from '../../util/errors.js';
import { assertEveryNodeHasRow } from '../../graph/node-table.js';
import { terminalSafe } from '../../util/terminal.js';

export interface Partition {
  /** communities */
  k: number;
  /** the community of each node (argmax of its row when soft), −1 for none */
  labels: Int32Array;
  /** n × k memberships, row-major, when soft; null when hard */
  soft: Float64Array | null;
}

/** A hard partition from any integer labels (−1: no community), renumbered 0..k−1 in ascending order of the given ids. */
export function hardPartition(labels: ArrayLike<number>): Partition {
  const ids = [...new Set(Array.from(labels).filter((c) => c >= 0))].sort((a, b) => a - b);
  const to = new Map(ids.map((c, i) => [c, i]));
  return { k: ids.length, labels: Int32Array.from(labels, (c) => (c >= 0 ? to.get(c)! : -1)), soft: null };
}

/** A soft partition from n × k memberships; labels are the rows' argmax (first on ties; −1 for an all-zero row). */
export function softPartition(r: Float64Array, k: number): Partition {
  const n = r.length / k;
  const labels = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 0; c < k; c++) {
      if (r[i * k + c]! > best) {
        best = r[i * k + c]!;
        labels[i] = c;
      }
    }
  }
  return { k, labels, soft: r };
}

/** r_i · r_j: 1 or 0 for hard partitions (0 when either node is in no community). */
export function overlap(p: Partition, i: number, j: number): number {
  if (p.soft) {
    let s = 0;
    for (let c = 0; c < p.k; c++) s += p.soft[i * p.k + c]! * p.soft[j * p.k + c]!;
    return s;
  }
  const a = p.labels[i]!;
  return a >= 0 && a === p.labels[j] ? 1 : 0;
}

/** x · r_i for a k-vector x. */
export function dotRow(p: Partition, x: Float64Array, i: number): number {
  if (p.soft) {
    let s = 0;
    for (let c = 0; c < p.k; c++) s += x[c]! * p.soft[i * p.k + c]!;
    return s;
  }
  const a = p.labels[i]!;
  return a >= 0 ? x[a]! : 0;
}

/** Read a partition of `graph`'s nodes: every node exactly once, labels as in the edge list. */
export async function readPartition(path: string, graph: Pick<Graph, 'labels' | 'n' | 'source'>): Promise<Partition> {
  const index = new Map(graph.labels.map((l, i) => [l, i]));
  const n = graph.n;
  const seenAt = new Int32Array(n);
  let width = 0; // fields per row, fixed by the first data row
  let sawData = false;
  let hard: Int32Array | null = null;
  let soft: Float64Array | null = null;
  await forEachLine(path, (line, lineNo) => {
    const c = line.charCodeAt(0);
    if (c === 35 || c === 37 || line.trim() === '') return;
    const f = splitFields(line, line.includes('\t') ? 'tab' : line.includes(',') ? 'comma' : 'space');
    if (!sawData && f.length >= 2 && !index.has(f[0]!) && f.slice(1).some((x) => !Number.isFinite(Number(x)))) return; // a header
    if (!sawData) {
      sawData = true;
      width = f.length;
      if (width < 2) throw new InputError(path, lineNo, `expected 'node<TAB>cluster' (or 'node<TAB>w1 … wK' for a soft partition), got ${width} field`);
      if (width === 2) hard = new Int32Array(n).fill(-2);
      else soft = new Float64Array(n * (width - 1));
    }
    if (f.length !== width) throw new InputError(path, lineNo, `expected ${width} fields like the first row, got ${f.length}`);
    const i = index.get(f[0]!);
    if (i === undefined) throw new InputError(path, lineNo, `node '${terminalSafe(f[0]!)}' is not in the edge list ${graph.source}`);
    if (seenAt[i]) throw new InputError(path, lineNo, `node '${terminalSafe(f[0]!)}' already has a row (line ${seenAt[i]})`);
    seenAt[i] = lineNo;
    if (hard) {
      const v = Number(f[1]);
      if (!Number.isInteger(v) || v < -1) throw new InputError(path, lineNo, `expected a cluster id (an integer ≥ 0, or −1 for no community), got '${terminalSafe(f[1]!)}'`);
      hard[i] = v;
    } else {
      const k = width - 1;
      for (let c = 0; c < k; c++) {
        const v = Number(f[c + 1]);
        if (f[c + 1] === '' || !Number.isFinite(v) || v < 0) throw new InputError(path, lineNo, `membership ${c + 1}: expected a finite number ≥ 0, got '${terminalSafe(f[c + 1]!)}'`);
        soft![i * k + c] = v;
      }
    }
  });
  if (!sawData) throw new InputError(path, null, "is empty: expected one 'node<TAB>cluster' row per node");
  assertEveryNodeHasRow(path, graph, seenAt);
  return hard ? hardPartition(hard) : softPartition(soft!, width - 1);
}
