/** Write per-edge values as TSV with node labels, atomically (temporary file, then rename). */
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Graph } from './graph.js';

/** Shortest text that reads back as the same float32 number. */
export function formatFloat32(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const f = Math.fround(x);
  for (let p = 6; p < 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(Number(f.toPrecision(9)));
}

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
  const [h1, h2] = options.header ?? ['src', 'dst'];
  const m = options.edgeIds ? options.edgeIds.length : graph.edges.src.length;
  await writeLinesAtomic(path, [h1, h2, ...columns.map((c) => c.name)].join('\t'), m, (k) => {
    const e = options.edgeIds ? options.edgeIds[k]! : k;
    let line = `${graph.labels[graph.edges.src[e]!]}\t${graph.labels[graph.edges.dst[e]!]}`;
    for (const c of columns) line += '\t' + (c.format ?? formatFloat32)(c.values[e]!);
    return line;
  });
}

/** An optional header line, then `count` lines from `lineAt`, written atomically in batches. */
export async function writeLinesAtomic(path: string, header: string | null, count: number, lineAt: (k: number) => string): Promise<void> {
  await writeFileAtomic(path, async (write) => {
    if (header !== null) await write(header + '\n');
    const batch: string[] = [];
    for (let k = 0; k < count; k++) {
      batch.push(lineAt(k));
      if (batch.length === 65536) {
        await write(batch.join('\n') + '\n');
        batch.length = 0;
      }
    }
    if (batch.length) await write(batch.join('\n') + '\n');
  });
}
