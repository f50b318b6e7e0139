/**
 * Matrix Market coordinate files:
 *   %%MatrixMarket matrix coordinate {real|integer|pattern} {general|symmetric}
 *   % comments
 *   rows cols entries
 *   i j [value]        (1-based)
 * `symmetric` means an undirected graph (each off-diagonal entry stands for both directions).
 * The same reader fills a rating matrix (rows users, columns items) through a bipartite sink.
 * Node labels are the indices (as decimal integers). The size line declares the nodes: every
 * index up to max(rows, cols) is a node, with or without edges (an isolated node changes the
 * components and the dimensions the tasks solve in); those without edges come after the rest,
 * in index order.
 */
import { forEachLine, splitFields } from '../lines.js';
import type { EdgeSink } from '../edge-sink.js';
import { InputError } from '../../util/errors.js';
import type { EdgeFormat, FileInfo } from './format.js';

export const matrixMarketFormat: EdgeFormat = {
  name: 'mtx',
  async read(path: string, sink: EdgeSink): Promise<FileInfo> {
    const info: FileInfo = { format: 'mtx', lines: 0, commentLines: 0 };
    let field = 'real';
    let rows = -1;
    let cols = -1;
    let entries = 0;
    info.lines = await forEachLine(path, (line, lineNo) => {
      if (lineNo === 1) {
        const h = line.trim().split(/\s+/).map((s) => s.toLowerCase());
        if (h[0] !== '%%matrixmarket') {
          throw new InputError(path, 1, `expected a '%%MatrixMarket matrix coordinate ...' header, got '${line.slice(0, 60)}'`);
        }
        if (h[1] !== 'matrix' || h[2] !== 'coordinate') {
          throw new InputError(path, 1, `only 'matrix coordinate' Matrix Market files are graphs; got '${h.slice(1, 3).join(' ')}'`);
        }
        field = h[3] ?? 'real';
        if (!['real', 'integer', 'pattern'].includes(field)) {
          throw new InputError(path, 1, `expected value type real, integer or pattern, got '${field}'`);
        }
        const sym = h[4] ?? 'general';
        if (sym === 'symmetric') info.directed = false;
        else if (sym === 'general') info.directed = true;
        else throw new InputError(path, 1, `expected symmetry 'general' or 'symmetric', got '${sym}'`);
        info.weighted = field !== 'pattern';
        info.commentLines++;
        return;
      }
      if (line.charCodeAt(0) === 37) {
        info.commentLines++;
        return;
      }
      const f = splitFields(line, 'space');
      if (f.length === 0) return;
      if (rows < 0) {
        if (f.length !== 3 || !f.every((x) => /^\d+$/.test(x))) {
          throw new InputError(path, lineNo, `expected the size line 'rows cols entries', got '${line.slice(0, 60)}'`);
        }
        rows = Number(f[0]);
        cols = Number(f[1]);
        info.declaredEdges = Number(f[2]);
        return;
      }
      const want = field === 'pattern' ? 2 : 3;
      if (f.length !== want) {
        throw new InputError(path, lineNo, `expected ${want === 2 ? "'i j'" : "'i j value'"} (${field} entries), got ${f.length} fields`);
      }
      const i = Number(f[0]);
      const j = Number(f[1]);
      if (!Number.isInteger(i) || i < 1 || i > rows || !Number.isInteger(j) || j < 1 || j > cols) {
        throw new InputError(path, lineNo, `expected 1-based indices within ${rows} × ${cols}, got '${f[0]} ${f[1]}'`);
      }
      let w = 1;
      if (want === 3) {
        w = Number(f[2]);
        if (!Number.isFinite(w)) throw new InputError(path, lineNo, `expected a numeric value, got '${f[2]}'`);
      }
      entries++;
      sink.add(String(i), String(j), w, lineNo);
    });
    if (rows < 0) throw new InputError(path, info.lines, "expected the size line 'rows cols entries', reached the end of the file");
    if (info.declaredEdges !== undefined && entries !== info.declaredEdges) {
      throw new InputError(path, info.lines, `the size line announced ${info.declaredEdges} entries, the file has ${entries}`);
    }
    // every declared row and column exists: on a graph's single label space that is every index
    // up to max(rows, cols); a bipartite sink (a rating matrix) declares its rows and columns apart
    info.declaredNodes = Math.max(rows, cols);
    for (let i = 1; i <= rows; i++) sink.rows.id(String(i));
    for (let j = 1; j <= cols; j++) sink.cols.id(String(j));
    return info;
  },
};
