/**
 * Target nodes: a file with one node label per line (the first field; '#' and '%' lines and
 * blank lines skipped), or labels given directly. Every label must be a node of the graph and
 * appear once; errors say the file and line.
 */
import { forEachLine, splitFields } from '../../graph/lines.js';
import type { Graph } from '../../graph/graph.js';
import { ConfigError, InputError } from '../../util/errors.js';
import { terminalSafe } from '../../util/terminal.js';

export async function readTargets(path: string, graph: Pick<Graph, 'labels' | 'source'>): Promise<Int32Array> {
  const index = new Map(graph.labels.map((l, i) => [l, i]));
  const seenAt = new Map<number, number>();
  const out: number[] = [];
  await forEachLine(path, (line, lineNo) => {
    const c = line.charCodeAt(0);
    if (c === 35 || c === 37 || line.trim() === '') return;
    const label = splitFields(line.trim(), line.includes('\t') ? 'tab' : 'space')[0]!;
    const v = index.get(label);
    if (v === undefined) throw new InputError(path, lineNo, `node '${terminalSafe(label)}' is not a node of ${graph.source}`);
    if (seenAt.has(v)) throw new InputError(path, lineNo, `node '${terminalSafe(label)}' is already a target (line ${seenAt.get(v)})`);
    seenAt.set(v, lineNo);
    out.push(v);
  });
  if (out.length === 0) throw new InputError(path, null, 'names no target: expected one node label per line');
  return Int32Array.from(out);
}

/** The targets named by label (the `target` option). */
export function targetsByLabel(labels: readonly string[], graph: Pick<Graph, 'labels' | 'source'>): Int32Array {
  const index = new Map(graph.labels.map((l, i) => [l, i]));
  return Int32Array.from(labels, (l) => {
    const v = index.get(l);
    if (v === undefined) throw new ConfigError(`target '${terminalSafe(l)}' is not a node of ${graph.source}`);
    return v;
  });
}
