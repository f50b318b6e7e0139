import { InputError } from '../../util/errors.js';
import type { EdgeSink } from '../edge-sink.js';
import type { NumericEdgeOptions } from '../numeric-edge-reader.js';

export const FORMAT_NAMES = ['snap', 'konect', 'mtx', 'tsv'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What a file says about itself (headers), if anything. */
export interface FileInfo {
  format: FormatName;
  directed?: boolean;
  weighted?: boolean;
  /** entries the header announced (Matrix Market, KONECT), checked against what was read */
  declaredEdges?: number;
  /** nodes the header declared (Matrix Market's size line): all of them exist, isolated or not */
  declaredNodes?: number;
  /** a column-header line that was skipped (CSV/TSV edge lists), and why it was taken for one */
  header?: { line: number; text: string; reason: string };
  lines: number;
  commentLines: number;
}

/** Whether the first data line of a delimited edge list is a header: `auto` recognises one. */
export const HEADER_MODES = ['auto', 'yes', 'no'] as const;
export type HeaderMode = (typeof HEADER_MODES)[number];

export interface ReadOptions {
  header?: HeaderMode;
}

export interface EdgeFormat {
  readonly name: FormatName;
  read(path: string, sink: EdgeSink, options?: ReadOptions): Promise<FileInfo>;
  /**
   * The byte-level fast path (numeric labels), when the format allows it: its comment
   * characters and field count, and how the comment lines it collected fill in the header.
   */
  numeric?: { options: NumericEdgeOptions; header(comments: readonly string[], info: FileInfo): void };
}

/** Parse `src dst [weight [extra...]]`, with at most `maxFields` fields. */
export function addEdgeFields(
  fields: string[],
  path: string,
  lineNo: number,
  maxFields: number,
  expected: string,
  sink: EdgeSink,
): void {
  if (fields.length < 2 || fields.length > maxFields) {
    const shown = fields.join(' ');
    throw new InputError(
      path,
      lineNo,
      `expected ${expected}, got ${fields.length} field${fields.length === 1 ? '' : 's'}: '${shown.length > 60 ? shown.slice(0, 60) + '…' : shown}'`,
    );
  }
  let w = 1;
  if (fields.length >= 3) {
    w = Number(fields[2]);
    if (fields[2] === '' || !Number.isFinite(w)) {
      throw new InputError(path, lineNo, `expected a numeric edge weight in field 3, got '${fields[2]}'`);
    }
  }
  if (fields[0] === '' || fields[1] === '') throw new InputError(path, lineNo, `expected ${expected}, got an empty node label`);
  sink.add(fields[0]!, fields[1]!, w, lineNo);
}
