/**
 * Plain delimited edge lists: `src dst [weight]` separated by spaces/tabs, or by commas
 * (decided from the first data line). Lines starting with `#` or `%` are comments.
 */
import { forEachLine, splitFields } from '../lines.js';
import type { EdgeSink } from '../edge-sink.js';
import { addEdgeFields, type EdgeFormat, type FileInfo } from './format.js';

export const delimitedFormat: EdgeFormat = {
  name: 'tsv',
  async read(path: string, sink: EdgeSink): Promise<FileInfo> {
    const info: FileInfo = { format: 'tsv', lines: 0, commentLines: 0 };
    let comma: boolean | null = null;
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
      addEdgeFields(fields, path, lineNo, 3, comma ? "'src,dst' or 'src,dst,weight'" : "'src dst' or 'src dst weight'", sink);
    });
    return info;
  },
  numeric: { options: { comment: 35, comment2: 37, maxFields: 3 }, header: () => {} },
};
