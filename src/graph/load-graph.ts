/** Read a graph file in any supported format (`auto` sniffs) and apply the graph policy. */
import { extname } from 'node:path';
import { EdgeSink } from './edge-sink.js';
import { headLines, isGzip, withoutGz } from './lines.js';
import { buildGraph, type DuplicatePolicy, type EdgeList, type Graph, type SelfLoopPolicy } from './graph.js';
import { readNumericEdges } from './numeric-edge-reader.js';
import { edgeCacheEntry, readEdgeCache, writeEdgeCache, type EdgeCacheOptions } from './edge-cache.js';
import { FORMAT_NAMES, type EdgeFormat, type FileInfo, type FormatName, type HeaderMode, type ReadOptions } from './formats/format.js';
import { snapFormat } from './formats/snap.js';
import { konectFormat } from './formats/konect.js';
import { matrixMarketFormat } from './formats/matrix-market.js';
import { delimitedFormat } from './formats/delimited.js';
import { ConfigError, InputError } from '../util/errors.js';
import { checkInputFile } from '../util/paths.js';
import { printable } from '../util/terminal.js';

const FORMATS: ReadonlyMap<FormatName, EdgeFormat> = new Map([
  ['snap', snapFormat],
  ['konect', konectFormat],
  ['mtx', matrixMarketFormat],
  ['tsv', delimitedFormat],
]);

export interface LoadGraphOptions {
  format?: FormatName | 'auto';
  /** 'auto': what the file's header says, else directed */
  directed?: boolean | 'auto';
  weighted?: boolean;
  duplicates?: DuplicatePolicy;
  selfLoops?: SelfLoopPolicy;
  /** the binary cache of parsed files (edge-cache.ts); false: always parse */
  cache?: EdgeCacheOptions | false;
  /** a CSV/TSV edge list's first data line: a column header? (auto: recognised) */
  header?: HeaderMode;
}

export interface LoadedGraph {
  graph: Graph;
  info: FileInfo;
}

/** Decide the format from the extension and the first lines. */
export async function sniffFormat(path: string): Promise<FormatName> {
  const ext = extname(withoutGz(path)).toLowerCase();
  if (ext === '.mtx') return 'mtx';
  const head = await headLines(path, 50);
  const first = head.find((l) => l.trim() !== '') ?? '';
  if (/^%%MatrixMarket/i.test(first)) return 'mtx';
  if (first.startsWith('%')) return 'konect';
  if (first.startsWith('#')) return 'snap';
  if (/(^|\/)out\.[^/]+$/.test(path)) return 'konect';
  return 'tsv';
}

export async function loadGraph(path: string, options: LoadGraphOptions = {}): Promise<LoadedGraph> {
  checkInputFile(path);
  const requested = options.format ?? 'auto';
  if (requested !== 'auto' && !FORMATS.has(requested)) {
    throw new ConfigError(`--format: unknown format '${requested}'; expected auto or one of ${FORMAT_NAMES.join(', ')}`);
  }
  const format = requested === 'auto' ? await sniffFormat(path) : requested;
  const header = options.header ?? 'auto';
  const { labels, raw, info } = await readEdges(path, FORMATS.get(format)!, options.cache ?? {}, { header });
  if (raw.src.length === 0) throw new InputError(path, null, `no edges found (read as ${format}; ${info.lines} lines)`);
  const directed = options.directed === undefined || options.directed === 'auto' ? (info.directed ?? true) : options.directed;
  const weighted = options.weighted ?? false;
  const built = buildGraph(labels, raw, {
    directed,
    weighted,
    duplicates: options.duplicates ?? 'max',
    selfLoops: options.selfLoops ?? 'auto',
    source: path,
    lines: raw.line,
  });
  const notes: string[] = [];
  if (info.header) notes.push(`line ${info.header.line} '${printable(info.header.text)}' read as a column header (${info.header.reason}; --header no reads it as an edge)`);
  if (!weighted && format !== 'mtx' && raw.weight.some((w) => w !== 1)) notes.push('the weights in column 3 are ignored (0/1 adjacency; --weighted uses them)');
  const graph = notes.length ? { ...built, notes } : built;
  return { graph, info };
}

/**
 * The raw edges of a file: by the byte-level numeric reader when the format has one and the
 * file fits it (integer labels), else by the format's general reader.
 */
export async function readEdges(
  path: string,
  fmt: EdgeFormat,
  cache: EdgeCacheOptions | false = {},
  options: ReadOptions = {},
): Promise<{ labels: string[]; raw: EdgeList & { line: Int32Array }; info: FileInfo; cached?: boolean }> {
  // the header choice changes what a file means: part of the cache key unless it is auto
  const key = options.header && options.header !== 'auto' ? `${fmt.name}+header=${options.header}` : fmt.name;
  const entry = cache ? await edgeCacheEntry(path, key, cache).catch(() => null) : null;
  if (entry) {
    const hit = await readEdgeCache(entry, path);
    if (hit) return { labels: hit.labels, raw: { src: hit.src, dst: hit.dst, weight: hit.weight, line: hit.line }, info: hit.info, cached: true };
    const parsed = await parseEdges(path, fmt, options);
    await writeEdgeCache(entry, path, key, { labels: parsed.labels, ...parsed.raw, info: parsed.info });
    return parsed;
  }
  return parseEdges(path, fmt, options);
}

async function parseEdges(path: string, fmt: EdgeFormat, options: ReadOptions = {}): Promise<{ labels: string[]; raw: EdgeList & { line: Int32Array }; info: FileInfo }> {
  // the byte reader cannot skip a header line; with 'auto' a file it accepts has none (all numeric)
  if (fmt.numeric && options.header !== 'yes' && !isGzip(path)) {
    const fast = await readNumericEdges(path, fmt.numeric.options).catch(() => null);
    if (fast) {
      const info: FileInfo = { format: fmt.name, lines: fast.lines, commentLines: fast.commentLines };
      fmt.numeric.header(fast.comments, info);
      return { labels: fast.labels, raw: { src: fast.src, dst: fast.dst, weight: fast.weight, line: fast.line }, info };
    }
  }
  const sink = new EdgeSink();
  const info = await fmt.read(path, sink, options);
  return { labels: sink.labels, raw: sink.arrays(), info };
}
