/**
 * Rating readers:
 * - `movielens`: MovieLens `ratings.csv`, header `userId,movieId,rating[,timestamp]`;
 * - `hetrec`: HetRec 2011 `.dat`, tab separated with a header line (e.g. `userID artistID weight`);
 *   columns after the third are ignored;
 * - `triples`: `user item value` per line, separated by spaces/tabs or commas, no header;
 *   `#` and `%` lines are comments (a Matrix Market file is refused: it is read as `mtx`);
 * - `mtx`: a Matrix Market coordinate file, rows = users, columns = items, 1-based; the size
 *   line declares every user and item (those without ratings exist too) and the number of
 *   entries, which is checked.
 * With `binary` the value column may be absent and every observed value becomes 1.
 */
import { extname } from 'node:path';
import { forEachLine, headLines, splitFields, withoutGz } from '../graph/lines.js';
import { buildRatings, type Ratings } from './ratings.js';
import { EdgeSink } from '../graph/edge-sink.js';
import type { DuplicatePolicy } from '../graph/graph.js';
import { ConfigError, InputError } from '../util/errors.js';
import { checkInputFile } from '../util/paths.js';
import { matrixMarketFormat } from '../graph/formats/matrix-market.js';

export const RATING_FORMATS = ['movielens', 'hetrec', 'triples', 'mtx'] as const;
export type RatingFormat = (typeof RATING_FORMATS)[number];

export interface LoadRatingsOptions {
  format?: RatingFormat | 'auto';
  binary?: boolean;
  duplicates?: DuplicatePolicy;
}

export interface LoadedRatings {
  ratings: Ratings;
  format: RatingFormat;
  lines: number;
}

const MOVIELENS_HEADER = /^\s*userId\s*,\s*movieId\s*,\s*rating\b/i;

const MATRIX_MARKET = /^%%MatrixMarket/i;

export async function sniffRatingFormat(path: string): Promise<RatingFormat> {
  const head = await headLines(path, 5);
  const first = head.find((l) => l.trim() !== '') ?? '';
  if (MOVIELENS_HEADER.test(first)) return 'movielens';
  if (MATRIX_MARKET.test(first) || extname(withoutGz(path)).toLowerCase() === '.mtx') return 'mtx';
  if (extname(withoutGz(path)).toLowerCase() === '.dat') return 'hetrec';
  return 'triples';
}

export async function loadRatings(path: string, options: LoadRatingsOptions = {}): Promise<LoadedRatings> {
  checkInputFile(path);
  const requested = options.format ?? 'auto';
  if (requested !== 'auto' && !(RATING_FORMATS as readonly string[]).includes(requested)) {
    throw new ConfigError(`--format: '${requested}' is not a rating format; expected auto or one of ${RATING_FORMATS.join(', ')}`);
  }
  const format = requested === 'auto' ? await sniffRatingFormat(path) : requested;
  const binary = options.binary ?? false;
  const sink = new EdgeSink(true);
  if (format === 'mtx') {
    // the graph reader, into a bipartite sink: the same header, size line, bounds and entry count
    const info = await matrixMarketFormat.read(path, sink);
    if (info.directed === false) throw new InputError(path, 1, "a rating matrix is users × items: expected symmetry 'general', got 'symmetric'");
    if (!info.weighted && !binary) throw new InputError(path, 1, "a 'pattern' Matrix Market file has no rating values: pass --binary (every observed rating 1)");
    return finish(path, format, info.lines, sink, options);
  }
  let header: string | null = format === 'triples' ? '' : null; // '' = no header expected
  let comma: boolean | null = format === 'movielens' ? true : format === 'hetrec' ? false : null;
  const expected =
    format === 'movielens'
      ? "'userId,movieId,rating[,timestamp]'"
      : format === 'hetrec'
        ? "tab-separated 'user item value'"
        : binary
          ? "'user item [value]'"
          : "'user item value'";
  const lines = await forEachLine(path, (line, lineNo) => {
    if (line.trim() === '') return;
    if (header === null) {
      header = line;
      if (format === 'movielens' && !MOVIELENS_HEADER.test(line)) {
        throw new InputError(path, lineNo, `expected the MovieLens header 'userId,movieId,rating,timestamp', got '${line.slice(0, 60)}'`);
      }
      if (format === 'hetrec' && splitFields(line, 'space').length < 2) {
        throw new InputError(path, lineNo, `expected a HetRec header with at least two tab-separated column names, got '${line.slice(0, 60)}'`);
      }
      return;
    }
    const c = line.charCodeAt(0);
    if (format === 'triples' && lineNo === 1 && MATRIX_MARKET.test(line)) {
      throw new InputError(path, lineNo, "this is a Matrix Market file: read it with --format mtx (or auto), which honours its size line");
    }
    if (format === 'triples' && (c === 35 || c === 37)) return;
    if (comma === null) comma = line.includes(',');
    const f = splitFields(line, comma ? 'comma' : 'space');
    const maxFields = format === 'triples' ? 3 : Infinity;
    const minFields = binary ? 2 : 3;
    if (f.length < minFields || f.length > maxFields) {
      const shown = line.length > 60 ? line.slice(0, 60) + '…' : line;
      throw new InputError(path, lineNo, `expected ${expected}, got ${f.length} field${f.length === 1 ? '' : 's'}: '${shown}'`);
    }
    if (f[0] === '' || f[1] === '') throw new InputError(path, lineNo, `expected ${expected}, got an empty user or item label`);
    let v = 1;
    if (!binary || f.length >= 3) {
      v = Number(f[2]);
      if (f[2] === '' || !Number.isFinite(v)) throw new InputError(path, lineNo, `expected a numeric rating in field 3, got '${f[2]}'`);
    }
    sink.add(f[0]!, f[1]!, v, lineNo);
  });
  return finish(path, format, lines, sink, options);
}

function finish(path: string, format: RatingFormat, lines: number, sink: EdgeSink, options: LoadRatingsOptions): LoadedRatings {
  const binary = options.binary ?? false;
  if (sink.size === 0) throw new InputError(path, null, `no ratings found (read as ${format}; ${lines} lines)`);
  const raw = sink.arrays();
  const ratings = buildRatings(
    sink.rows.labels,
    sink.cols.labels,
    { user: raw.src, item: raw.dst, value: raw.weight, line: raw.line },
    { duplicates: options.duplicates ?? 'max', binary, source: path },
  );
  return { ratings, format, lines };
}
