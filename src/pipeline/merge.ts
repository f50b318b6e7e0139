/**
 * Combine shard outputs (`n2n run --shard i/N` writes <output>/shard-i-of-N) into one
 * results folder: results.csv (rows in shard order, a repeated row kept once; two shards
 * disagreeing on a row is an error), summary.csv, removed/ and a manifest that names the
 * shards merged and any missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { findResultFolders, readResults, rowKey, summarise, toCsv, type ResultRow } from './results.js';
import { writeTextAtomic } from '../util/atomic-write.js';
import { ConfigError, InputError } from '../util/errors.js';

interface ShardManifest {
  pipeline?: string;
  shard?: string | null;
  variants?: { name: string; hash: string }[];
  [key: string]: unknown;
}

export interface MergeOutcome {
  outputDir: string;
  shards: string[];
  rows: ResultRow[];
  /** shard indices the manifests announce but that were not given */
  missing: number[];
  /** shards whose run failed or was interrupted (their manifest's status), with that status */
  incomplete: string[];
}

/** The shard folders under each DIR: DIR itself when it holds a results.csv, else its shard-*-of-* folders. */
export const findShardDirs = (dirs: readonly string[]): string[] =>
  findResultFolders(dirs, (f) => SHARD_FOLDER.test(f), 'shard-<i>-of-<N> folders', { preferSubfolders: true });

const SHARD_FOLDER = /^shard-\d+-of-\d+$/;

/**
 * Merge is idempotent: run again (after a partial merge, when the missing shard has arrived)
 * it reads the shard folders again and rewrites the merged files.
 */
export async function mergeShards(dirs: readonly string[], out?: string): Promise<MergeOutcome> {
  const shards = findShardDirs(dirs);
  const holdsShards = dirs.length === 1 && shards.every((s) => resolve(s, '..') === resolve(dirs[0]!)) && shards.some((s) => SHARD_FOLDER.test(basename(s)));
  const outputDir = resolve(out ?? (holdsShards ? dirs[0]! : ''));
  if (!out && !holdsShards) throw new ConfigError('merge: give --out DIR (or one folder that holds the shard-<i>-of-<N> folders)');
  if (shards.includes(outputDir)) throw new ConfigError(`merge: --out ${out ?? outputDir} is one of the shards being merged; give another folder`);
  const manifests: ShardManifest[] = shards.map((s) => {
    const p = join(s, 'manifest.json');
    if (!existsSync(p)) return {};
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as ShardManifest;
    } catch {
      throw new InputError(p, null, 'not valid JSON');
    }
  });
  const pipelines = new Set(manifests.map((m) => m.pipeline).filter((x): x is string => !!x));
  if (pipelines.size > 1) throw new ConfigError(`merge: the shards come from different pipelines (${[...pipelines].join(', ')})`);
  // every shard ran the same pipeline file: attacks, budgets, metrics … (not only the task)
  const firstConfig = manifests.findIndex((m) => m.config !== undefined);
  manifests.forEach((m, k) => {
    if (m.config === undefined || firstConfig < 0 || k === firstConfig) return;
    const a = manifests[firstConfig]!.config as Record<string, unknown>;
    const b = m.config as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
    if (keys.length) throw new ConfigError(`merge: ${shards[k]} ran with different ${keys.join(', ')} than ${shards[firstConfig]} (shards of one sweep share its pipeline file)`);
  });
  const hashes = new Map<string, string>();
  manifests.forEach((m, k) => {
    for (const v of m.variants ?? []) {
      const h = hashes.get(v.name);
      if (h !== undefined && h !== v.hash) throw new ConfigError(`merge: variant '${v.name || '(no sweep)'}' has different settings in ${shards[k]} than in an earlier shard`);
      hashes.set(v.name, v.hash);
    }
  });
  const rows: ResultRow[] = [];
  const seen = new Map<string, { row: ResultRow; from: string }>();
  shards.forEach((s) => {
    for (const r of readResults(join(s, 'results.csv'))) {
      const k = rowKey(r);
      const prev = seen.get(k);
      if (prev) {
        if (prev.row.value !== r.value) throw new ConfigError(`merge: ${k.replace(/\|/g, ' ')} is ${prev.row.value} in ${prev.from} but ${r.value} in ${s}`);
        continue;
      }
      seen.set(k, { row: r, from: s });
      rows.push(r);
    }
  });
  // shards announced by the manifests but absent
  const given = new Map<number, number>();
  for (const m of manifests) {
    const mm = /^(\d+)\/(\d+)$/.exec(m.shard ?? '');
    if (mm) given.set(Number(mm[1]), Number(mm[2]));
  }
  const counts = new Set(given.values());
  if (counts.size > 1) throw new ConfigError(`merge: the shards were cut in different ways (N = ${[...counts].join(', ')})`);
  const N = counts.size ? [...counts][0]! : 0;
  const missing = Array.from({ length: N }, (_, i) => i).filter((i) => !given.has(i));
  // a shard that failed or was interrupted holds only part of its rows: the merge is partial
  const incomplete = shards.flatMap((s, k) => {
    const status = manifests[k]!.status;
    return status !== undefined && status !== 'complete' ? [`${basename(s)} (${String(status)})`] : [];
  });
  for (const s of shards) {
    if (existsSync(join(s, 'removed'))) await cp(join(s, 'removed'), join(outputDir, 'removed'), { recursive: true });
  }
  await writeTextAtomic(join(outputDir, 'results.csv'), toCsv(rows));
  await writeTextAtomic(join(outputDir, 'summary.csv'), summarise(rows));
  await writeTextAtomic(
    join(outputDir, 'manifest.json'),
    JSON.stringify(
      {
        status: missing.length || incomplete.length ? 'partial' : 'complete',
        pipeline: [...pipelines][0] ?? null,
        merged: shards.map((s) => relative(outputDir, s) || basename(s)),
        missingShards: missing,
        incompleteShards: incomplete,
        variants: [...hashes].map(([name, hash]) => ({ name, hash })),
        shardManifests: manifests,
        written: new Date().toISOString(),
      },
      null,
      2,
    ) + '\n',
  );
  return { outputDir, shards, rows, missing, incomplete };
}
