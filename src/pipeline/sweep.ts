/**
 * Sweeps: a `sweep:` block maps dotted paths of the pipeline (task.clusters, budgets,
 * dataset, …) to lists of values. Every combination is a variant: the pipeline with those
 * values set, validated again, and named from short aliases (`clusters=3_lambda=0.5`; the
 * alias of a path is its last segment, of an object value its `name`). Expansion happens in
 * memory; variants are ordered as the sweep block lists its keys, the last key varying fastest.
 *
 * Shards: a run unit is one (variant, seed), the granularity at which the clean fit is
 * shared. `--shard i/N` takes the units whose position in that order is ≡ i (mod N), so N
 * shards partition the units exactly and each gets a balanced share.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../util/errors.js';
import { suggest } from '../util/suggest.js';
import { KNOWN_KEYS, pipelineSchema, type PipelineConfig } from './schema.js';

export interface Variant {
  /** '' for a pipeline without a sweep */
  name: string;
  config: PipelineConfig;
  /** the swept values of this variant */
  values: Record<string, unknown>;
  /** fingerprint of what decides the variant's results (all but seeds, budgets, attacks, metrics, output) */
  hash: string;
}

export interface Unit {
  variant: Variant;
  seed: number;
}

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ConfigError(`--shard: expected i/N (for example 0/4), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new ConfigError(`--shard ${text}: need N ≥ 1 and 0 ≤ i < N (shards are numbered from 0)`);
  return { index, count };
}

function valueAlias(v: unknown, position: number): string {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return String(v).replace(/[^A-Za-z0-9.+-]/g, '-');
  if (Array.isArray(v)) return v.map((x, i) => valueAlias(x, i)).join('+');
  if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') return valueAlias((v as { name: string }).name, position);
  return `v${position}`;
}

/**
 * Set a dotted path; a number indexes a list (`attacks.1.rank`: the second attack's rank), and
 * an attack given by name alone becomes `{ name }` so its options can be set.
 */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const listIndex = (list: unknown[], d: number): number => {
    const i = Number(path[d]);
    if (!Number.isInteger(i) || i < 0 || i >= list.length) {
      throw new ConfigError(`sweep: '${path.join('.')}': '${path.slice(0, d).join('.') || '(top level)'}' has ${list.length} entries (0..${list.length - 1}), not '${path[d]}'`);
    }
    return i;
  };
  let at: Record<string, unknown> | unknown[] = target;
  for (let d = 0; d < path.length - 1; d++) {
    const key = path[d]!;
    let next: unknown;
    if (Array.isArray(at)) {
      const i = listIndex(at, d);
      if (typeof at[i] === 'string') at[i] = { name: at[i] };
      next = at[i];
    } else {
      if (at[key] === undefined) at[key] = {};
      next = at[key];
    }
    if (!next || typeof next !== 'object') throw new ConfigError(`sweep: '${path.join('.')}' goes through '${key}', which is not a mapping`);
    at = next as Record<string, unknown> | unknown[];
  }
  const last = path.length - 1;
  if (Array.isArray(at)) at[listIndex(at, last)] = structuredClone(value);
  else at[path[last]!] = structuredClone(value);
}

function checkPath(path: string): void {
  const parts = path.split('.');
  if (parts.some((p) => p === '')) throw new ConfigError(`sweep: '${path}' is not a dotted path`);
  if (parts[0] === 'sweep' || parts[0] === 'extends' || parts[0] === 'output' || parts[0] === 'name') throw new ConfigError(`sweep: '${parts[0]}' cannot be swept`);
  for (let d = 0; d < parts.length; d++) {
    const known = KNOWN_KEYS[parts.slice(0, d).join('.')];
    if (!known) return;
    if (!known.includes(parts[d]!)) throw new ConfigError(`sweep: unknown path '${path}'${suggest(parts[d]!, known)}; '${parts.slice(0, d).join('.') || '(top level)'}' has ${known.join(', ')}`);
  }
}

export function variantHash(config: PipelineConfig): string {
  const { seeds: _s, budgets: _b, attacks: _a, metrics: _m, output: _o, sweep: _w, ...rest } = config;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

export function expandSweep(config: PipelineConfig): Variant[] {
  const sweep = config.sweep;
  const { sweep: _ignored, ...base } = config;
  if (!sweep || Object.keys(sweep).length === 0) return [{ name: '', config: base, values: {}, hash: variantHash(base) }];
  const paths = Object.keys(sweep);
  paths.forEach(checkPath);
  const last = paths.map((p) => p.split('.').pop()!);
  const alias = paths.map((p, i) => (last.filter((l) => l === last[i]).length > 1 ? p.replace(/\./g, '-') : last[i]!));
  const variants: Variant[] = [];
  const names = new Set<string>();
  const counts = paths.map((p) => sweep[p]!.length);
  const total = counts.reduce((a, b) => a * b, 1);
  for (let combo = 0; combo < total; combo++) {
    const pick: number[] = [];
    let rest = combo;
    for (let d = paths.length - 1; d >= 0; d--) {
      pick[d] = rest % counts[d]!;
      rest = Math.floor(rest / counts[d]!);
    }
    const raw = structuredClone(base) as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    paths.forEach((p, d) => {
      const v = sweep[p]![pick[d]!];
      values[p] = v;
      setPath(raw, p.split('.'), v);
    });
    const name = paths.map((p, d) => `${alias[d]}=${valueAlias(values[p], pick[d]!)}`).join('_');
    const parsed = pipelineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(`sweep variant ${name}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    }
    if (names.has(name)) throw new ConfigError(`sweep: two variants are both named '${name}'; give the values distinct names`);
    names.add(name);
    variants.push({ name, config: parsed.data, values, hash: variantHash(parsed.data) });
  }
  return variants;
}

/** Every (variant, seed) in order; with a shard, the ones at positions ≡ index (mod count). */
export function runUnits(variants: Variant[], shard?: Shard): Unit[] {
  const all = variants.flatMap((variant) => variant.config.seeds.map((seed) => ({ variant, seed })));
  return shard ? all.filter((_, k) => k % shard.count === shard.index) : all;
}
