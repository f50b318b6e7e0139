/**
 * `n2n datasets get`: download a Table-3 dataset, unpack the one file the task reads and
 * check its counts with the project's own readers. The file lands at DIR/<files[0]>, written
 * through a temporary name and renamed, so an interrupted download leaves nothing
 * half-written. `mirror` replaces the source's origin (a local copy of the archives, or the
 * tests' server on 127.0.0.1).
 */
import { gunzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { Parser } from 'tar';
import Bunzip from 'seek-bzip';
import { writeBytesAtomic } from '../util/atomic-write.js';
import { ConfigError, N2nError } from '../util/errors.js';
import { loadGraph } from '../graph/load-graph.js';
import { loadRatings } from '../ratings/load-ratings.js';
import type { DatasetEntry } from './table3.js';

export interface FetchOptions {
  /** base address that replaces the source's (the archive's file name is appended) */
  mirror?: string;
  log?: (message: string) => void;
}

export interface FetchOutcome {
  path: string;
  bytes: number;
  measured: { nodes: number; items?: number; edges: number };
  /** counts equal to the expected ones */
  ok: boolean;
  detail: string;
}

export class DownloadError extends N2nError {}

function sourceUrl(entry: DatasetEntry, mirror?: string): string {
  if (!mirror) return entry.url;
  return `${mirror.replace(/\/+$/, '')}/${basename(new URL(entry.url).pathname)}`;
}

async function download(url: string, log: (m: string) => void): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new DownloadError(`${url}: cannot download (${(e as Error).cause ? String((e as Error).cause) : (e as Error).message}); without internet access, copy the archive to a folder and pass --mirror file-server-address, or put the file itself in the data folder`);
  }
  if (!res.ok || !res.body) throw new DownloadError(`${url}: HTTP ${res.status} ${res.statusText}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const chunks: Uint8Array[] = [];
  let got = 0;
  let nextReport = 0.1;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    got += chunk.length;
    if (total > 0 && got / total >= nextReport) {
      log(`${basename(url)}: ${Math.floor((100 * got) / total)}% of ${(total / 1e6).toFixed(1)} MB`);
      nextReport += 0.1;
    }
  }
  if (total > 0 && got !== total) throw new DownloadError(`${url}: the download stopped at ${got} of ${total} bytes`);
  return Buffer.concat(chunks);
}

async function untarMember(tarBytes: Uint8Array, member: string): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    let found: Uint8Array | null = null;
    const parser = new Parser({
      onReadEntry: (entry) => {
        if (entry.path.replace(/^\.\//, '') !== member) {
          entry.resume();
          return;
        }
        const parts: Buffer[] = [];
        entry.on('data', (c: Buffer) => parts.push(c));
        entry.on('end', () => (found = Buffer.concat(parts)));
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(found));
    parser.end(Buffer.from(tarBytes));
  });
}

export async function unpack(entry: DatasetEntry, bytes: Uint8Array, from: string): Promise<Uint8Array> {
  try {
    if (entry.archive === 'gz') return gunzipSync(bytes);
    if (entry.archive === 'zip') {
      const files = unzipSync(bytes, { filter: (f) => f.name === entry.member });
      const data = files[entry.member!];
      if (!data) throw new DownloadError(`${from}: the archive has no ${entry.member}`);
      return data;
    }
    const tarBytes = Bunzip.decode(Buffer.from(bytes)) as Buffer;
    const data = await untarMember(tarBytes, entry.member!);
    if (!data) throw new DownloadError(`${from}: the archive has no ${entry.member}`);
    return data;
  } catch (e) {
    if (e instanceof N2nError) throw e;
    throw new DownloadError(`${from}: cannot unpack the ${entry.archive} archive (${(e as Error).message})`);
  }
}

/** Read the file with the project's readers and compare its counts with the entry's. */
export async function checkCounts(entry: DatasetEntry, path: string): Promise<Pick<FetchOutcome, 'measured' | 'ok' | 'detail'>> {
  let measured: FetchOutcome['measured'];
  if (entry.kind === 'bipartite') {
    const { ratings } = await loadRatings(path, { binary: entry.binary ?? false, duplicates: 'max' });
    measured = { nodes: ratings.nUsers, items: ratings.nItems, edges: entry.count === 'lines' ? ratings.stats.inputRatings : ratings.user.length };
  } else {
    const { graph } = await loadGraph(path, { directed: entry.kind === 'directed', selfLoops: 'keep' });
    measured = { nodes: graph.n, edges: entry.count === 'lines' ? graph.stats.inputEdges : graph.edges.src.length };
  }
  const want = { nodes: entry.nodes, items: entry.items, edges: entry.edges };
  const diffs = (['nodes', 'items', 'edges'] as const).filter((k) => want[k] !== undefined && want[k] !== measured[k]).map((k) => `${k} ${measured[k]} (expected ${want[k]})`);
  const fmt = `${measured.nodes}${measured.items !== undefined ? ` × ${measured.items}` : ''} nodes, ${measured.edges} ${entry.kind === 'bipartite' ? 'ratings' : 'edges'}`;
  return { measured, ok: diffs.length === 0, detail: diffs.length ? `counts differ: ${diffs.join(', ')}` : `counts match: ${fmt}` };
}

export async function fetchDataset(entry: DatasetEntry, dir: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const log = options.log ?? (() => {});
  if (!dir) throw new ConfigError('datasets get: give --dir DIR (or set N2N_DATA)');
  const url = sourceUrl(entry, options.mirror);
  log(`${entry.name}: downloading ${url}`);
  const bytes = await download(url, log);
  const data = await unpack(entry, bytes, url);
  const path = join(dir, entry.files[0]!);
  await writeBytesAtomic(path, data);
  log(`${entry.name}: wrote ${path} (${(data.length / 1e6).toFixed(1)} MB); checking the counts`);
  const check = await checkCounts(entry, path);
  return { path, bytes: data.length, ...check };
}
