/**
 * `n2n status DIR`: the progress of a pipeline's output, sharded or not, read from the files
 * alone (each shard's manifest.json, results.csv and run lock): per shard, its state (complete,
 * running, interrupted, stopped without a word, not started) and its runs (done of expected,
 * failed, skipped), then what is missing before `n2n merge` can give the whole.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { holderGone, readLockHolder } from './output-lock.js';
import { readResults } from './results.js';
import { ConfigError } from '../util/errors.js';

export interface ShardStatus {
  /** the folder (relative to DIR), or null when the shard has not started */
  folder: string | null;
  index: number;
  state: 'complete' | 'running' | 'interrupted' | 'stopped' | 'not started';
  /** what the state rests on, in words */
  detail: string;
  units: number;
  runsDone: number;
  runsExpected: number | null;
  failed: number;
  skipped: number;
}

export interface OutputStatus {
  shards: ShardStatus[];
  /** shard count N (1 for an unsharded output) */
  count: number;
  done: boolean;
}

const SHARD = /^shard-(\d+)-of-(\d+)$/;

interface Manifest {
  status?: string;
  reason?: string;
  written?: string;
  units?: unknown[];
  config?: { attacks?: unknown[]; budgets?: unknown[] };
  failedRuns?: unknown[];
  skippedRuns?: unknown[];
}

function readShard(dir: string, folder: string | null, index: number): ShardStatus {
  if (folder === null) return { folder, index, state: 'not started', detail: 'no folder yet', units: 0, runsDone: 0, runsExpected: null, failed: 0, skipped: 0 };
  const path = join(dir, folder);
  let m: Manifest = {};
  if (existsSync(join(path, 'manifest.json'))) {
    try {
      m = JSON.parse(readFileSync(join(path, 'manifest.json'), 'utf8')) as Manifest;
    } catch {
      m = { status: 'unreadable' };
    }
  }
  // runs done: distinct (variant, seed, attack, budget, dataset) in results.csv
  const runsDone = new Set(readResults(join(path, 'results.csv')).map((r) => `${r.variant}|${r.seed}|${r.attack}|${r.budget}|${r.dataset}`)).size;
  const units = m.units?.length ?? 0;
  const attacks = m.config?.attacks?.length;
  const budgets = m.config?.budgets?.length;
  const runsExpected = units && attacks && budgets ? units * attacks * budgets : null;
  const failed = m.failedRuns?.length ?? 0;
  const skipped = m.skippedRuns?.length ?? 0;
  let state: ShardStatus['state'];
  let detail: string;
  const holder = readLockHolder(path);
  if (m.status === 'complete') [state, detail] = ['complete', `finished ${m.written ?? ''}`.trim()];
  else if (m.status === 'interrupted') [state, detail] = ['interrupted', m.reason ?? 'stopped by a signal'];
  else if (holder && holderGone(holder)) [state, detail] = ['stopped', `its process ${holder.pid} is gone without finishing (killed?); run the shard again to resume`];
  else if (holder) [state, detail] = ['running', `pid ${holder.pid} on ${holder.host} since ${holder.started}${holder.host === hostname() ? '' : ' (another host: not checked from here)'}`];
  else if (m.status === 'running') [state, detail] = ['stopped', `the manifest says running (last written ${m.written ?? '?'}) but no run holds the folder; run the shard again to resume`];
  else [state, detail] = ['stopped', m.status ? `manifest status '${m.status}'` : 'no manifest'];
  return { folder, index, state, detail, units, runsDone, runsExpected, failed, skipped };
}

export function outputStatus(dir: string): OutputStatus {
  if (!existsSync(dir)) throw new ConfigError(`status: ${dir}: no such folder`);
  const folders = readdirSync(dir).filter((f) => SHARD.test(f));
  if (folders.length === 0) {
    if (!existsSync(join(dir, 'manifest.json')) && !existsSync(join(dir, 'results.csv'))) throw new ConfigError(`status: ${dir} holds neither results (manifest.json, results.csv) nor shard-<i>-of-<N> folders`);
    const s = readShard(dir, '.', 0);
    return { shards: [s], count: 1, done: s.state === 'complete' && s.failed === 0 };
  }
  const counts = new Set(folders.map((f) => Number(SHARD.exec(f)![2])));
  if (counts.size > 1) throw new ConfigError(`status: ${dir} holds shards of different counts (${[...counts].sort((a, b) => a - b).map((n) => `of-${n}`).join(', ')}); merge or move one set away`);
  const count = [...counts][0]!;
  const byIndex = new Map(folders.map((f) => [Number(SHARD.exec(f)![1]), f]));
  const shards = Array.from({ length: count }, (_, i) => readShard(dir, byIndex.get(i) ?? null, i));
  return { shards, count, done: shards.every((s) => s.state === 'complete' && s.failed === 0) };
}

export function formatStatus(dir: string, st: OutputStatus): string {
  const lines: string[] = [];
  const w = (s: string, n: number): string => s.padEnd(n);
  lines.push(`${w('shard', 8)}${w('state', 13)}${w('units', 7)}${w('runs', 12)}${w('failed', 8)}${w('skipped', 9)}detail`);
  for (const s of st.shards) {
    const runs = s.runsExpected === null ? `${s.runsDone}` : `${s.runsDone}/${s.runsExpected}`;
    lines.push(`${w(st.count === 1 ? '-' : `${s.index}/${st.count}`, 8)}${w(s.state, 13)}${w(String(s.units), 7)}${w(runs, 12)}${w(String(s.failed), 8)}${w(String(s.skipped), 9)}${s.detail}`);
  }
  const by = (state: ShardStatus['state']): number[] => st.shards.filter((s) => s.state === state).map((s) => s.index);
  const parts = (['complete', 'running', 'interrupted', 'stopped', 'not started'] as const).map((k) => [k, by(k)] as const).filter(([, v]) => v.length);
  lines.push('');
  lines.push(`${dir}: ${st.count === 1 ? 'unsharded' : `${st.count} shards`}: ${parts.map(([k, v]) => `${v.length} ${k}${st.count > 1 && k !== 'complete' ? ` (${v.join(', ')})` : ''}`).join(', ')}${st.shards.some((s) => s.failed) ? `; ${st.shards.reduce((a, s) => a + s.failed, 0)} runs failed (manifest.json: failedRuns)` : ''}`);
  if (st.count > 1) {
    const unfinished = st.shards.filter((s) => s.state !== 'complete').map((s) => s.index);
    lines.push(unfinished.length ? `to finish: run shard${unfinished.length === 1 ? '' : 's'} ${unfinished.join(', ')} (n2n run PIPELINE --shard i/${st.count}, or resubmit those array indices); then n2n merge ${dir}` : `every shard is complete: n2n merge ${dir}`);
  }
  return lines.join('\n');
}
