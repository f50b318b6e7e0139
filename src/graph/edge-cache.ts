/**
 * A binary cache of parsed edge lists, so that the second run on a large file starts at once.
 *
 * The cache holds what the reader produced (labels, endpoints, weights, line numbers and the
 * header facts), before the graph policy, so every policy option still applies. It lives in
 * `$N2N_CACHE_DIR` (default ~/.cache/n2n), one file per source, named by a hash of the
 * source's absolute path, size, modification time and format: editing or replacing the
 * source changes the name, so a stale entry is never read (and the header is checked again
 * on reading). `N2N_CACHE=off` turns it off. Only files of at least `minBytes` (default
 * 16 MiB) are cached; small files parse faster than the cache is written.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeBytesAtomic } from '../util/atomic-write.js';
import type { FileInfo } from './formats/format.js';

const MAGIC = 'N2NEDGE1';

export interface CachedEdges {
  labels: string[];
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
  line: Int32Array;
  info: FileInfo;
}

export interface EdgeCacheOptions {
  dir?: string;
  minBytes?: number;
}

interface Header {
  source: string;
  size: number;
  mtimeMs: number;
  format: string;
  edges: number;
  labelBytes: number;
  unitWeights: boolean;
  info: FileInfo;
}

/** Where the cache entry of `path` would be, or null when caching is off or the file is small. */
export async function edgeCacheEntry(path: string, format: string, options: EdgeCacheOptions = {}): Promise<{ file: string; size: number; mtimeMs: number } | null> {
  if ((process.env.N2N_CACHE ?? '').toLowerCase() === 'off') return null;
  const st = await fsp.stat(path);
  if (st.size < (options.minBytes ?? 16 << 20)) return null;
  const dir = options.dir ?? process.env.N2N_CACHE_DIR ?? join(homedir(), '.cache', 'n2n');
  const key = createHash('sha256').update(`${resolve(path)}\0${st.size}\0${st.mtimeMs}\0${format}\0${MAGIC}`).digest('hex').slice(0, 32);
  return { file: join(dir, `${key}.edges`), size: st.size, mtimeMs: st.mtimeMs };
}

/** The cached edges, or null when there is no valid entry. */
export async function readEdgeCache(entry: { file: string; size: number; mtimeMs: number }, path: string): Promise<CachedEdges | null> {
  let buf: Buffer;
  try {
    buf = await fsp.readFile(entry.file);
  } catch {
    return null;
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) return null;
  const headerLen = buf.readUInt32LE(8);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLen)) as Header;
  } catch {
    return null;
  }
  if (header.source !== resolve(path) || header.size !== entry.size || header.mtimeMs !== entry.mtimeMs) return null;
  const m = header.edges;
  let off = align8(12 + headerLen);
  if (buf.length !== off + align8(12 * m) + (header.unitWeights ? 0 : 8 * m) + header.labelBytes) return null;
  // views on the file's bytes where they are aligned (readFile gives large files a buffer of
  // their own, so they are), copies otherwise
  const view = <T extends Int32Array | Float64Array>(Kind: { new (b: ArrayBufferLike, o: number, l: number): T; new (l: number): T; BYTES_PER_ELEMENT: number }): T => {
    const bytes = Kind.BYTES_PER_ELEMENT * m;
    const at = buf.byteOffset + off;
    let a: T;
    if (at % Kind.BYTES_PER_ELEMENT === 0) a = new Kind(buf.buffer, at, m);
    else {
      a = new Kind(m);
      new Uint8Array(a.buffer).set(buf.subarray(off, off + bytes));
    }
    off += bytes;
    return a;
  };
  const ints = (): Int32Array => view(Int32Array);
  const src = ints();
  const dst = ints();
  const line = ints();
  off = align8(off);
  let weight: Float64Array;
  if (header.unitWeights) weight = new Float64Array(m).fill(1);
  else weight = view(Float64Array);
  const labels = header.labelBytes === 0 ? [] : buf.toString('utf8', off, off + header.labelBytes).split('\n');
  return { labels, src, dst, weight, line, info: header.info };
}

/** Write the entry atomically; a failure (read-only disk, say) only costs the cache. */
export async function writeEdgeCache(entry: { file: string; size: number; mtimeMs: number }, path: string, format: string, e: CachedEdges): Promise<boolean> {
  const m = e.src.length;
  let unitWeights = true;
  for (let k = 0; k < m; k++) {
    if (e.weight[k] !== 1) {
      unitWeights = false;
      break;
    }
  }
  if (e.labels.some((l) => l.includes('\n'))) return false;
  const labelText = Buffer.from(e.labels.join('\n'), 'utf8');
  const header: Header = { source: resolve(path), size: entry.size, mtimeMs: entry.mtimeMs, format, edges: m, labelBytes: labelText.length, unitWeights, info: e.info };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(align8(12 + json.length));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 8);
  json.copy(head, 12);
  const bytes = (a: Int32Array | Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const parts: Uint8Array[] = [head, bytes(e.src), bytes(e.dst), bytes(e.line)];
  const pad = align8(12 * m) - 12 * m;
  if (pad) parts.push(new Uint8Array(pad));
  if (!unitWeights) parts.push(bytes(e.weight));
  parts.push(labelText);
  try {
    await writeBytesAtomic(entry.file, parts);
    return true;
  } catch {
    return false;
  }
}

function align8(x: number): number {
  return (x + 7) & ~7;
}
