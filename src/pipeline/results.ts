/**
 * results.csv and summary.csv: one row per (variant, attack, budget, seed, metric), and the
 * mean and sample standard deviation over seeds. Fields are plain (names are restricted to
 * letters, digits, dot, dash, underscore, '=' and '+'), so no quoting is needed.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, InputError } from '../util/errors.js';

export interface ResultRow {
  dataset: string;
  task: string;
  attack: string;
  budget: number;
  seed: number;
  metric: string;
  value: number;
  seconds: number;
  /** the sweep variant ('' without a sweep) */
  variant: string;
}

export const COLUMNS: (keyof ResultRow)[] = ['dataset', 'task', 'attack', 'budget', 'seed', 'metric', 'value', 'seconds', 'variant'];

export const rowKey = (r: Pick<ResultRow, 'variant' | 'attack' | 'budget' | 'seed' | 'metric'>): string => `${r.variant}|${r.attack}|${r.budget}|${r.seed}|${r.metric}`;

export function toCsv(rows: readonly ResultRow[]): string {
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => String(r[c])).join(','))].join('\n') + '\n';
}

/** Rows of a results.csv; [] when the file is absent. A malformed file is an error naming the line. */
export function readResults(path: string): ResultRow[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0]!.split(',');
  const at = COLUMNS.map((c) => header.indexOf(c));
  const missing = COLUMNS.filter((c, i) => at[i]! < 0 && c !== 'variant');
  if (missing.length) throw new InputError(path, 1, `not a results.csv (missing columns ${missing.join(', ')})`);
  const rows: ResultRow[] = [];
  for (let k = 1; k < lines.length; k++) {
    if (!lines[k]!.trim()) continue;
    const f = lines[k]!.split(',');
    const get = (c: keyof ResultRow): string => {
      const i = at[COLUMNS.indexOf(c)]!;
      return i >= 0 ? (f[i] ?? '') : '';
    };
    const row: ResultRow = {
      dataset: get('dataset'),
      task: get('task'),
      attack: get('attack'),
      budget: Number(get('budget')),
      seed: Number(get('seed')),
      metric: get('metric'),
      value: Number(get('value')),
      seconds: Number(get('seconds')),
      variant: get('variant'),
    };
    if (!Number.isInteger(row.budget) || !Number.isInteger(row.seed) || Number.isNaN(row.seconds) || get('value') === '') {
      throw new InputError(path, k + 1, `expected ${COLUMNS.join(',')} with integer budget and seed and numeric value and seconds`);
    }
    rows.push(row);
  }
  return rows;
}

export interface GroupStats {
  key: string;
  rows: ResultRow[];
  mean: number;
  /** sample standard deviation (0 for one row) */
  std: number;
}

/** Rows grouped by `key` (groups in first-seen order) with the mean and sample standard deviation of their values. */
export function groupStats(rows: readonly ResultRow[], key: (r: ResultRow) => string): GroupStats[] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const k = key(r);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
  }
  return [...groups].map(([k, rs]) => {
    const mean = rs.reduce((s, r) => s + r.value, 0) / rs.length;
    const std = rs.length > 1 ? Math.sqrt(rs.reduce((s, r) => s + (r.value - mean) ** 2, 0) / (rs.length - 1)) : 0;
    return { key: k, rows: rs, mean, std };
  });
}

export function summarise(rows: readonly ResultRow[]): string {
  const groups = groupStats(rows, (r) => `${r.variant},${r.dataset},${r.task},${r.attack},${r.budget},${r.metric}`);
  return ['variant,dataset,task,attack,budget,metric,mean,std,runs', ...groups.map((g) => `${g.key},${g.mean},${g.std},${g.rows.length}`)].join('\n') + '\n';
}

/** A short table per variant and metric: mean over seeds per attack and budget. */
export function formatTable(rows: readonly ResultRow[]): string {
  const out: string[] = [];
  for (const variant of [...new Set(rows.map((r) => r.variant))]) {
    const vrows = rows.filter((r) => r.variant === variant);
    const attacks = [...new Set(vrows.map((r) => r.attack))];
    const budgets = [...new Set(vrows.map((r) => r.budget))].sort((a, b) => a - b);
    for (const metric of [...new Set(vrows.map((r) => r.metric))]) {
      const head = [`${variant ? `${variant}: ` : ''}${metric} (mean over seeds)`, ...budgets.map((b) => `k=${b}`)];
      const body = attacks.map((a) => [
        a,
        ...budgets.map((b) => {
          const vs = vrows.filter((r) => r.attack === a && r.budget === b && r.metric === metric).map((r) => r.value);
          return vs.length ? (vs.reduce((s, v) => s + v, 0) / vs.length).toPrecision(4) : '-';
        }),
      ]);
      const w = head.map((h, j) => Math.max(h.length, ...body.map((r) => r[j]!.length)));
      out.push(head.map((h, j) => h.padEnd(w[j]!)).join('  '));
      for (const r of body) out.push(r.map((c, j) => c.padEnd(w[j]!)).join('  '));
    }
  }
  return out.join('\n');
}

/**
 * Results folders under the given paths: a path itself when it holds results.csv, else its
 * subfolders that do and whose names pass `accept` (in name order, shard-i-of-N by i).
 */
export function findResultFolders(paths: readonly string[], accept: (name: string) => boolean, what: string, options: { preferSubfolders?: boolean } = {}): string[] {
  const out: string[] = [];
  const order = (a: string, b: string): number => {
    const na = /^shard-(\d+)-of-\d+$/.exec(a);
    const nb = /^shard-(\d+)-of-\d+$/.exec(b);
    return na && nb ? Number(na[1]) - Number(nb[1]) : a < b ? -1 : a > b ? 1 : 0;
  };
  for (const p of paths) {
    const dir = resolve(p);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(`${p}: no such folder`);
    const subs = readdirSync(dir)
      .filter((f) => accept(f) && existsSync(join(dir, f, 'results.csv')))
      .sort(order)
      .map((f) => join(dir, f));
    // a folder's own results.csv wins, unless the caller wants what lies below it (merge: the
    // shards under a folder that an earlier merge already wrote into)
    if (existsSync(join(dir, 'results.csv')) && !(options.preferSubfolders && subs.length > 0)) {
      out.push(dir);
      continue;
    }
    if (subs.length === 0) throw new ConfigError(`${p}: neither a results.csv nor ${what} holding one`);
    out.push(...subs);
  }
  return [...new Set(out)];
}
