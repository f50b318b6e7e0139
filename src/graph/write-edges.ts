/** Write per-edge values as TSV with node labels, atomically (temporary file, then rename). */
import { labelBytes, writeRowsAtomic } from '../util/byte-rows.js';
import type { Graph } from './graph.js';
import { formatFloat32 } from '../util/format-float32.js';

export interface EdgeColumn {
  name: string;
  /** one value per edge of `graph.edges` */
  values: ArrayLike<number>;
  format?: (x: number) => string;
}

/**
 * Header `src<TAB>dst<TAB>...`, then one line per edge (input order) with the labels as in
 * the input. `edgeIds` restricts and orders the lines (default: every edge).
 */
export async function writeEdgeTable(
  path: string,
  graph: Graph,
  columns: EdgeColumn[],
  options: { header?: [string, string]; edgeIds?: ArrayLike<number> } = {},
): Promise<void> {
  const src = { labels: graph.labels, index: graph.edges.src };
  const dst = { labels: graph.labels, index: graph.edges.dst };
  await writePairTable(path, options.header ?? ['src', 'dst'], src, dst, columns, options.edgeIds);
}

/** One end of a pair table's rows: entry e's label is labels[index[e]]. */
export interface PairEnd {
  labels: readonly string[];
  index: ArrayLike<number>;
}

/**
 * Header `h1<TAB>h2<TAB>columns…`, then for each entry e (all of them, or `ids` in that order)
 * the labels of its two ends and its column values (edges of a graph, ratings of a matrix).
 */
export async function writePairTable(path: string, header: readonly [string, string], a: PairEnd, b: PairEnd, columns: EdgeColumn[], ids?: ArrayLike<number>): Promise<void> {
  const m = ids ? ids.length : a.index.length;
  const la = labelBytes(a.labels);
  const lb = b.labels === a.labels ? la : labelBytes(b.labels);
  const formats = columns.map((c) => c.format ?? formatFloat32);
  await writeRowsAtomic(path, [...header, ...columns.map((c) => c.name)].join('\t'), m, (k, out) => {
    const e = ids ? ids[k]! : k;
    out.label(la, a.index[e]!);
    out.byte(9);
    out.label(lb, b.index[e]!);
    for (let c = 0; c < columns.length; c++) {
      out.byte(9);
      out.text(formats[c]!(columns[c]!.values[e]!));
    }
  });
}

/** An optional header line, then `count` lines from `lineAt`, written atomically. */
export async function writeLinesAtomic(path: string, header: string | null, count: number, lineAt: (k: number) => string, onRows?: (written: number) => void): Promise<void> {
  await writeRowsAtomic(path, header, count, (k, out) => {
    if (onRows && (k & 0xfffff) === 0 && k > 0) onRows(k);
    out.text(lineAt(k));
  });
}
