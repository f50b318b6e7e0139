/** SNAP edge lists: `#` comment lines (a header may say "Directed graph" / "Undirected graph"), then `src dst` per line. */
import { forEachLine, splitFields } from '../lines.js';
import type { EdgeSink } from '../edge-sink.js';
import { addEdgeFields, type EdgeFormat, type FileInfo } from './format.js';

export const snapFormat: EdgeFormat = {
  name: 'snap',
  async read(path: string, sink: EdgeSink): Promise<FileInfo> {
    const info: FileInfo = { format: 'snap', lines: 0, commentLines: 0 };
    info.lines = await forEachLine(path, (line, lineNo) => {
      const c = line.charCodeAt(0);
      if (c === 35 /* # */) {
        info.commentLines++;
        snapHeader(line, info);
        return;
      }
      const fields = splitFields(line, 'space');
      if (fields.length === 0) return;
      addEdgeFields(fields, path, lineNo, 3, "'src dst' or 'src dst weight'", sink);
    });
    return info;
  },
  numeric: {
    options: { comment: 35, maxFields: 3 },
    header: (comments, info) => comments.forEach((line) => snapHeader(line, info)),
  },
};

/** A comment line that says "Directed graph" or "Undirected graph" sets the direction. */
function snapHeader(line: string, info: FileInfo): void {
  if (/\bundirected\b/i.test(line)) info.directed = false;
  else if (/\bdirected\b/i.test(line)) info.directed = true;
}
