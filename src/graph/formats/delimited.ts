/**
 * Plain delimited edge lists: `src dst [weight]` separated by spaces/tabs, or by commas
 * (decided from the first data line). Lines starting with `#` or `%` are comments.
 *
 * A column header (`source,target` as pandas writes it) is recognised (`header: auto`) when
 * the first data line names known columns, or when its two node fields are not numbers while
 * the next line's are; `yes` always skips the first data line, `no` never does.
 */
import { forEachLine, splitFields } from '../lines.js';
import type { EdgeSink } from '../edge-sink.js';
import { addEdgeFields, type EdgeFormat, type FileInfo, type ReadOptions } from './format.js';

/** Column names edge-list writers use (pandas, networkx, igraph, Gephi, R), lower case. */
const COLUMN_NAMES = new Set([
  'source', 'target', 'src', 'dst', 'from', 'to', 'u', 'v', 'i', 'j', 'node1', 'node2', 'node_1', 'node_2',
  'id1', 'id2', 'source_id', 'target_id', 'sourceid', 'targetid', 'head', 'tail', 'weight', 'w', 'value', 'edge_weight',
]);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Why a first data line is a header, or null when it reads as data. */
export function headerReason(first: string[], next: string[] | null): string | null {
  const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1').toLowerCase();
  if (first.length >= 2 && first.every((f) => COLUMN_NAMES.has(unquote(f)))) return 'it names the columns';
  const numeric = (f: string[]): boolean => f.length >= 2 && NUMBER.test(f[0]!) && NUMBER.test(f[1]!);
  if (next && !numeric(first) && first.slice(0, 2).every((f) => !NUMBER.test(f)) && numeric(next)) {
    return 'its node fields are not numbers and those of the next line are';
  }
  return null;
}

export const delimitedFormat: EdgeFormat = {
  name: 'tsv',
  async read(path: string, sink: EdgeSink, options: ReadOptions = {}): Promise<FileInfo> {
    const info: FileInfo = { format: 'tsv', lines: 0, commentLines: 0 };
    const mode = options.header ?? 'auto';
    let comma: boolean | null = null;
    const expected = (): string => (comma ? "'src,dst' or 'src,dst,weight'" : "'src dst' or 'src dst weight'");
    // the first data line waits for the second when auto has to compare them
    let pending: { fields: string[]; text: string; lineNo: number } | null = null;
    let decided = mode !== 'auto';
    let seenFirst = false;
    const add = (fields: string[], lineNo: number): void => addEdgeFields(fields, path, lineNo, 3, expected(), sink);
    const decide = (next: string[] | null): void => {
      const p = pending!;
      pending = null;
      decided = true;
      const reason = headerReason(p.fields, next);
      if (reason) info.header = { line: p.lineNo, text: p.text, reason };
      else add(p.fields, p.lineNo);
    };
    info.lines = await forEachLine(path, (line, lineNo) => {
      const c = line.charCodeAt(0);
      if (c === 35 || c === 37) {
        info.commentLines++;
        return;
      }
      if (comma === null) {
        if (line.trim() === '') return;
        comma = line.includes(',');
      }
      const fields = splitFields(line, comma);
      if (fields.length === 0 || (fields.length === 1 && fields[0] === '')) return;
      if (!seenFirst) {
        seenFirst = true;
        if (mode === 'yes') {
          info.header = { line: lineNo, text: line, reason: '--header yes' };
          return;
        }
        if (mode === 'auto') {
          pending = { fields, text: line, lineNo };
          return;
        }
      }
      if (!decided) decide(fields);
      add(fields, lineNo);
    });
    if (pending) decide(null);
    return info;
  },
  numeric: { options: { comment: 35, comment2: 37, maxFields: 3 }, header: () => {} },
};
