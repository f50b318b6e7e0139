/** Read a graph file in any supported format (`auto` sniffs) and apply the graph policy. */
import { extname } from 'node:path';
import { EdgeSink } from './edge-sink.js';
import { headLines } from './lines.js';
import { buildGraph, type DuplicatePolicy, type Graph, type SelfLoopPolicy } from './graph.js';
import { FORMAT_NAMES, type EdgeFormat, type FileInfo, type FormatName } from './formats/format.js';
import { snapFormat } from './formats/snap.js';
import { konectFormat } from './formats/konect.js';
import { matrixMarketFormat } from './formats/matrix-market.js';
import { delimitedFormat } from './formats/delimited.js';
import { ConfigError, InputError } from '../util/errors.js';

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
}

export interface LoadedGraph {
  graph: Graph;
  info: FileInfo;
}

/** Decide the format from the extension and the first lines. */
export async function sniffFormat(path: string): Promise<FormatName> {
  const ext = extname(path).toLowerCase();
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
  const requested = options.format ?? 'auto';
  if (requested !== 'auto' && !FORMATS.has(requested)) {
    throw new ConfigError(`--format: unknown format '${requested}'; expected auto or one of ${FORMAT_NAMES.join(', ')}`);
  }
  const format = requested === 'auto' ? await sniffFormat(path) : requested;
  const sink = new EdgeSink();
  const info = await FORMATS.get(format)!.read(path, sink);
  if (sink.size === 0) throw new InputError(path, null, `no edges found (read as ${format}; ${info.lines} lines)`);
  const directed = options.directed === undefined || options.directed === 'auto' ? (info.directed ?? true) : options.directed;
  const raw = sink.arrays();
  const graph = buildGraph(sink.labels, raw, {
    directed,
    weighted: options.weighted ?? false,
    duplicates: options.duplicates ?? 'max',
    selfLoops: options.selfLoops ?? 'auto',
    source: path,
    lines: raw.line,
  });
  return { graph, info };
}
