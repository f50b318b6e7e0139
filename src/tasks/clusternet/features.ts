/**
 * Node features for ClusterNet in the authors' `.content` layout: one row per node, the node
 * label first, then the feature values (spaces or tabs, no header); a last field that is not a
 * number (cora's class label) is dropped. Every node of the graph needs a row; every row the
 * same number of features. A row of a node the graph does not have is an error, unless the
 * graph is a part of the file's graph (a component: `graph.subgraphOf`); such rows are then
 * skipped and counted.
 */
import { forEachLine, splitFields } from '../../graph/lines.js';
import type { Graph } from '../../graph/graph.js';
import { InputError } from '../../util/errors.js';
import { assertEveryNodeHasRow } from '../../graph/node-table.js';
import { terminalSafe } from '../../util/terminal.js';

export interface NodeFeatures {
  /** n × f, row-major, graph order */
  values: Float64Array;
  count: number;
  /** rows skipped: nodes outside the graph (a component of the file's graph) */
  skipped: number;
}

export async function readFeatures(path: string, graph: Pick<Graph, 'labels' | 'n' | 'source' | 'subgraphOf'>): Promise<NodeFeatures> {
  const index = new Map(graph.labels.map((l, i) => [l, i]));
  const n = graph.n;
  const seenAt = new Int32Array(n);
  let count = -1;
  let values = new Float64Array(0);
  let skipped = 0;
  await forEachLine(path, (line, lineNo) => {
    const c = line.charCodeAt(0);
    if (c === 35 || c === 37 || line.trim() === '') return;
    const f = splitFields(line, line.includes('\t') ? 'tab' : 'space');
    const numeric = f.length > 1 && !Number.isFinite(Number(f[f.length - 1])) ? f.length - 2 : f.length - 1;
    if (count < 0) {
      if (numeric < 1) throw new InputError(path, lineNo, "expected 'node f1 f2 …' (a node label, then its feature values)");
      count = numeric;
      values = new Float64Array(n * count);
    }
    if (numeric !== count) throw new InputError(path, lineNo, `expected ${count} feature values like the first row, got ${numeric}`);
    const i = index.get(f[0]!);
    if (i === undefined && graph.subgraphOf !== undefined) {
      skipped++;
      return;
    }
    if (i === undefined) throw new InputError(path, lineNo, `node '${terminalSafe(f[0]!)}' is not in the edge list ${graph.source}`);
    if (seenAt[i]) throw new InputError(path, lineNo, `node '${terminalSafe(f[0]!)}' already has a row (line ${seenAt[i]})`);
    seenAt[i] = lineNo;
    for (let t = 0; t < count; t++) {
      const v = Number(f[t + 1]);
      if (f[t + 1] === '' || !Number.isFinite(v)) throw new InputError(path, lineNo, `feature ${t + 1}: expected a finite number, got '${terminalSafe(f[t + 1]!)}'`);
      values[i * count + t] = v;
    }
  });
  if (count < 0) throw new InputError(path, null, 'is empty: expected one row of features per node');
  assertEveryNodeHasRow(path, graph, seenAt);
  return { values, count, skipped };
}
