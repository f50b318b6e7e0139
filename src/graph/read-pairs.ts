/**
 * A file of node pairs (`src dst` per line; spaces, tabs or commas; `#`/`%` comments; a
 * header line naming columns is skipped) resolved against a graph's labels. A pair naming a
 * node the graph does not have is an error with the file and line. With `byValue`, a label not
 * found as written is matched by its numeric value (`6.898e+03` is node `6898`), unless two
 * of the graph's labels share that value.
 */
import { forEachLine, splitFields } from './lines.js';
import type { Graph } from './graph.js';
import { InputError } from '../util/errors.js';
import { headerReason } from './formats/delimited.js';

export interface Pairs {
  src: Int32Array;
  dst: Int32Array;
  /** the input line of each pair */
  line: Int32Array;
}

const numericKey = (label: string): string | null => {
  const t = label.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? String(v) : null;
};

export async function readPairs(path: string, graph: Pick<Graph, 'labels'>, options: { byValue?: boolean } = {}): Promise<Pairs> {
  const exact = new Map(graph.labels.map((l, i) => [l, i]));
  // the numeric form of each label; -2 where two labels share it (then only the exact label matches)
  const numeric = new Map<string, number>();
  if (options.byValue) {
    graph.labels.forEach((l, i) => {
      const k = numericKey(l);
      if (k !== null) numeric.set(k, numeric.has(k) ? -2 : i);
    });
  }
  const index = {
    get(label: string): number | undefined {
      const i = exact.get(label);
      if (i !== undefined || !options.byValue) return i;
      const k = numericKey(label);
      const j = k === null ? undefined : numeric.get(k);
      return j === -2 ? undefined : j;
    },
  };
  const src: number[] = [];
  const dst: number[] = [];
  const lines: number[] = [];
  let mode: 'comma' | 'space' | null = null;
  let first = true;
  await forEachLine(path, (line, lineNo) => {
    const c = line.charCodeAt(0);
    if (c === 35 || c === 37 || line.trim() === '') return;
    mode ??= line.includes(',') ? 'comma' : 'space';
    const f = splitFields(line, mode);
    if (first) {
      first = false;
      if (headerReason(f, null) !== null) return; // 'src,dst', 'source target', …
    }
    if (f.length !== 2) throw new InputError(path, lineNo, `expected a pair 'src dst', got ${f.length} field${f.length === 1 ? '' : 's'}`);
    const a = index.get(f[0]!);
    const b = index.get(f[1]!);
    if (a === undefined || b === undefined) {
      throw new InputError(path, lineNo, `node '${a === undefined ? f[0] : f[1]}' is not in the graph (labels must be written as in the graph's file)`);
    }
    src.push(a);
    dst.push(b);
    lines.push(lineNo);
  });
  if (src.length === 0) throw new InputError(path, null, 'no pairs found');
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), line: Int32Array.from(lines) };
}
