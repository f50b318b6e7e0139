/**
 * Plain delimited edge lists: `src dst [weight]` separated by commas (CSV, quoted fields
 * allowed), by tabs (then labels may hold spaces), or by spaces, as the first data line shows.
 * Lines starting with `#` or `%` are comments.
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

/**
 * Tabs separate labels that hold spaces ('Ada Lovelace<TAB>Charles Babbage'): a line with tabs
 * whose tab-separated fields are 2 or 3 and whose whitespace-separated ones are not all numbers.
 * (A numeric line with tabs and spaces mixed is split on both, as the byte reader does.)
 */
function tabSeparatedLabels(line: string): boolean {
  if (!line.includes('\t')) return false;
  const byTab = splitFields(line, 'tab').filter((f) => f !== '');
  if (byTab.length < 2 || byTab.length > 3 || !byTab.some((f) => /\s/.test(f))) return false;
  return !splitFields(line, 'space').every((f) => NUMBER.test(f));
}

export const delimitedFormat: EdgeFormat = {
  name: 'tsv',
  async read(path: string, sink: EdgeSink, options: ReadOptions = {}): Promise<FileInfo> {
    const info: FileInfo = { format: 'tsv', lines: 0, commentLines: 0 };
    const headerMode = options.header ?? 'auto';
    let mode: 'comma' | 'tab' | 'space' | null = null;
    const expected = (): string => (mode === 'comma' ? "'src,dst' or 'src,dst,weight'" : mode === 'tab' ? "'src<TAB>dst' or 'src<TAB>dst<TAB>weight'" : "'src dst' or 'src dst weight'");
    // the first data line waits for the second when auto has to compare them
    let pending: { fields: string[]; text: string; lineNo: number } | null = null;
    let decided = headerMode !== 'auto';
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
      if (mode === null) {
        if (line.trim() === '') return;
        mode = line.includes(',') ? 'comma' : tabSeparatedLabels(line) ? 'tab' : 'space';
      }
      if (line.trim() === '') return;
      const fields = splitFields(line, mode);
      if (fields.length === 0 || (fields.length === 1 && fields[0] === '')) return;
      if (!seenFirst) {
        seenFirst = true;
        if (headerMode === 'yes') {
          info.header = { line: lineNo, text: line, reason: '--header yes' };
          return;
        }
        if (headerMode === 'auto') {
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
