/**
 * A node table: one row per node of a graph, `node<TAB>y<TAB>r1 … rK` (tabs, commas or
 * spaces), after a header line that names the columns. The first column is the node label as
 * in the edge list; a column named `y` is the target (it may be absent when nothing needs it);
 * every other column is a predictor. Every mismatch with the graph is an error with the file
 * and line: a node the edge list does not have, a node listed twice, a value that is not a
 * finite number, a row with the wrong number of fields, a node of the graph with no row.
 */
import { forEachLine, splitFields } from './lines.js';
import type { Graph } from './graph.js';
import { InputError } from '../util/errors.js';
import { terminalSafe } from '../util/terminal.js';

export interface NodeTable {
  /** the target per node (graph order), or null when the table has no `y` column */
  y: Float64Array | null;
  /** the predictors, one column per array, graph order */
  R: Float64Array[];
  /** the predictors' column names */
  predictors: string[];
}

/** A per-node file must list every node of the graph: `seenAt[i]` is the line of node i's row (0: none). */
export function assertEveryNodeHasRow(path: string, graph: Pick<Graph, 'labels' | 'n' | 'source'>, seenAt: Int32Array): void {
  const missing: string[] = [];
  for (let i = 0; i < graph.n; i++) if (!seenAt[i]) missing.push(graph.labels[i]!);
  if (missing.length) {
    const shown = missing.slice(0, 5).map((l) => `'${terminalSafe(l)}'`).join(', ');
    throw new InputError(path, null, `${missing.length} node${missing.length === 1 ? '' : 's'} of the edge list ${graph.source} ha${missing.length === 1 ? 's' : 've'} no row: ${shown}${missing.length > 5 ? ', …' : ''}`);
  }
}

export async function readNodeTable(path: string, graph: Pick<Graph, 'labels' | 'n' | 'source'>): Promise<NodeTable> {
  const index = new Map(graph.labels.map((l, i) => [l, i]));
  const n = graph.n;
  let header: string[] | null = null;
  let mode: 'comma' | 'tab' | 'space' = 'space';
  let yCol = -1;
  let predCols: number[] = [];
  let y: Float64Array | null = null;
  let R: Float64Array[] = [];
  const seenAt = new Int32Array(n); // the line of each node's row, 0 = none yet
  await forEachLine(path, (line, lineNo) => {
    const c = line.charCodeAt(0);
    if (c === 35 || c === 37 || line.trim() === '') return;
    if (!header) {
      mode = line.includes('\t') ? 'tab' : line.includes(',') ? 'comma' : 'space';
      header = splitFields(line, mode);
      if (header.length < 2) throw new InputError(path, lineNo, `expected a header line naming the columns ('node<TAB>y<TAB>r1 …'), got ${header.length} field`);
      const seen = new Set<string>();
      for (const h of header) {
        if (seen.has(h)) throw new InputError(path, lineNo, `column '${terminalSafe(h)}' is named twice`);
        seen.add(h);
      }
      if (index.has(header[0]!) && header.slice(1).every((h) => Number.isFinite(Number(h)))) {
        throw new InputError(path, lineNo, `the first line looks like data (node '${terminalSafe(header[0]!)}'); the table needs a header naming its columns, e.g. 'node<TAB>y<TAB>r1'`);
      }
      yCol = header.indexOf('y');
      if (yCol === 0) throw new InputError(path, lineNo, `the first column is the node label; 'y' must be another column`);
      predCols = header.map((_, k) => k).filter((k) => k > 0 && k !== yCol);
      if (predCols.length === 0) throw new InputError(path, lineNo, `no predictor column: after the node${yCol > 0 ? ' and y' : ''} columns, name at least one (r1, …)`);
      y = yCol > 0 ? new Float64Array(n).fill(Number.NaN) : null;
      R = predCols.map(() => new Float64Array(n).fill(Number.NaN));
      return;
    }
    const f = splitFields(line, mode);
    if (f.length !== header.length) throw new InputError(path, lineNo, `expected ${header.length} fields (${header.join(', ')}), got ${f.length}`);
    const i = index.get(f[0]!);
    if (i === undefined) throw new InputError(path, lineNo, `node '${terminalSafe(f[0]!)}' is not in the edge list ${graph.source}`);
    if (seenAt[i]) throw new InputError(path, lineNo, `node '${terminalSafe(f[0]!)}' already has a row (line ${seenAt[i]})`);
    seenAt[i] = lineNo;
    const value = (k: number): number => {
      const v = Number(f[k]);
      if (f[k] === '' || !Number.isFinite(v)) throw new InputError(path, lineNo, `column '${terminalSafe(header![k]!)}': expected a finite number, got '${terminalSafe(f[k]!)}'`);
      return v;
    };
    if (y) y[i] = value(yCol);
    predCols.forEach((k, j) => (R[j]![i] = value(k)));
  });
  if (!header) throw new InputError(path, null, 'is empty: expected a header line and one row per node');
  assertEveryNodeHasRow(path, graph, seenAt);
  const names: string[] = header;
  return { y, R, predictors: predCols.map((k) => names[k]!) };
}
