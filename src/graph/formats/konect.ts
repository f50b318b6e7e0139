/**
 * KONECT `out.*` files: `%` header lines — the first names the structure (`sym`, `asym`,
 * `bip`) and weights (`unweighted`, `positive`, `weighted`, ...), the second may give
 * `% edges nodes ...` — then `src dst [weight [timestamp]]` per line.
 */
import { forEachLine, splitFields } from '../lines.js';
import type { EdgeSink } from '../edge-sink.js';
import { addEdgeFields, type EdgeFormat, type FileInfo } from './format.js';

export const konectFormat: EdgeFormat = {
  name: 'konect',
  async read(path: string, sink: EdgeSink): Promise<FileInfo> {
    const info: FileInfo = { format: 'konect', lines: 0, commentLines: 0 };
    let headerSeen = 0;
    info.lines = await forEachLine(path, (line, lineNo) => {
      if (line.charCodeAt(0) === 37 /* % */) {
        info.commentLines++;
        konectHeader(line, headerSeen++, info);
        return;
      }
      const fields = splitFields(line, 'space');
      if (fields.length === 0) return;
      addEdgeFields(fields, path, lineNo, 4, "'src dst [weight [timestamp]]'", sink);
    });
    return info;
  },
  numeric: {
    options: { comment: 37, maxFields: 4 },
    header: (comments, info) => comments.forEach((line, k) => konectHeader(line, k, info)),
  },
};

/** The k-th `%` line: the first names structure and weights, the second may count the edges. */
function konectHeader(line: string, k: number, info: FileInfo): void {
  const f = splitFields(line.slice(1), 'space');
  if (k === 0 && f.length > 0) {
    if (f[0] === 'sym') info.directed = false;
    else if (f[0] === 'asym' || f[0] === 'bip') info.directed = true;
    if (f[1] !== undefined) info.weighted = f[1] !== 'unweighted';
  } else if (k === 1 && f.length >= 1 && /^\d+$/.test(f[0]!)) {
    info.declaredEdges = Number(f[0]);
  }
}
