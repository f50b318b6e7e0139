import type { Argv } from 'yargs';
import { availableParallelism } from 'node:os';
import { BACKEND_CHOICES } from '../backend/load-backend.js';
import { FORMAT_NAMES, HEADER_MODES, type HeaderMode } from '../graph/formats/format.js';
import { RATING_FORMATS } from '../ratings/load-ratings.js';
import { allTasks } from '../tasks/registry.js';
import { optionFacts, type OptionFacts } from '../tasks/options.js';
import type { DataSource } from '../data/kind.js';
import type { DuplicatePolicy, SelfLoopPolicy } from '../graph/graph.js';
import { setThreads, threadCount } from '../parallel/pool.js';
import { ConfigError } from '../util/errors.js';

/** The graph options every command takes, as parsed by yargs. */
export interface GraphArgs {
  input: string;
  format: string;
  directed?: boolean;
  weighted: boolean;
  duplicates: string;
  selfLoops: string;
  binary?: boolean;
  header?: string;
  nodes?: string;
  largestComponent?: boolean;
}

/** The input as a data source (the same description pipelines and studies give). */
export function dataSource(args: GraphArgs, path = args.input): DataSource {
  return {
    path,
    ...(args.nodes !== undefined ? { nodes: args.nodes } : {}),
    format: args.format,
    ...(args.directed !== undefined ? { directed: args.directed } : {}),
    weighted: args.weighted,
    ...(args.binary !== undefined ? { binary: args.binary } : {}),
    duplicates: args.duplicates as DuplicatePolicy,
    selfLoops: args.selfLoops as SelfLoopPolicy,
    header: (args.header ?? 'auto') as HeaderMode,
    ...(args.largestComponent ? { largestComponent: true } : {}),
  };
}

/** A data-source field as the CLI spells it: selfLoops → --self-loops. */
export const cliField = (key: string): string => `--${kebab(key)}`;

export function graphOptions<T>(y: Argv<T>) {
  return y
    .option('input', { alias: 'i', type: 'string', demandOption: true, describe: "graph or rating file (SNAP, KONECT, Matrix Market, TSV/CSV, MovieLens, HetRec, triples; gzip allowed); '-' reads standard input" })
    .option('format', {
      type: 'string',
      choices: [...new Set(['auto', ...FORMAT_NAMES, ...RATING_FORMATS])],
      default: 'auto',
      describe: 'input format; auto sniffs (graphs: snap, konect, mtx, tsv; ratings: movielens, hetrec, triples, mtx)',
    })
    .option('directed', { type: 'boolean', describe: 'treat edges as directed (default: what the file says, else directed)' })
    .option('weighted', { type: 'boolean', default: false, describe: 'use the weight column as A(i,j) (default: 0/1 adjacency)' })
    .option('duplicates', { type: 'string', choices: ['max', 'sum', 'first', 'error'], default: 'max', describe: 'how repeated edges merge' })
    .option('self-loops', { type: 'string', choices: ['auto', 'keep', 'drop'], default: 'auto', describe: 'auto keeps them on directed graphs, drops them on undirected' })
    .option('header', { type: 'string', choices: [...HEADER_MODES], default: 'auto', describe: "CSV/TSV edge lists: is the first line a column header ('source,target')? auto recognises one and says so" })
    .option('largest-component', { type: 'boolean', describe: 'graphs: keep only the largest connected component (weakly connected when directed); the output lists its edges' })
    .option('nodes', { type: 'string', describe: "attributed graphs (gcrf): the node table, 'node<TAB>y<TAB>r1 …' with a header line; labels as in the edge list" })
    .option('binary', { type: 'boolean', describe: 'completion: every observed rating becomes 1 (the paper\'s lastfm, delicious)' });
}

/** Task options as CLI flags: whatever the tasks' option schemas hold (each task takes its own; the rest stay undefined). */
export type TaskArgs = Record<string, unknown>;

/** 1e-6 rather than 0.000001 */
const showDefault = (v: unknown): string => (typeof v === 'number' && v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v));

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One flag per option key across the tasks, described per task (the schemas' descriptions and defaults). */
export function taskFlags(): { key: string; flag: string; type: OptionFacts['type']; choices?: string[]; alias?: string; describe: string }[] {
  const byKey = new Map<string, { facts: OptionFacts; uses: { task: string; text: string }[]; choices: Set<string>; free: boolean; alias?: string }>();
  for (const task of allTasks()) {
    for (const f of optionFacts(task.optionSchema)) {
      const text = `${f.describe}${f.default !== undefined ? ` (default ${showDefault(f.default)})` : ''}`;
      const seen = byKey.get(f.key);
      if (seen && seen.facts.type !== f.type) throw new Error(`task option '${f.key}' is a ${seen.facts.type} in one task and a ${f.type} in '${task.name}': one flag cannot be both`);
      const entry = seen ?? { facts: f, uses: [], choices: new Set<string>(), free: false };
      entry.uses.push({ task: task.name, text });
      for (const c of f.choices ?? []) entry.choices.add(c);
      // a task that takes any value of the flag (gcrf's objective) leaves the choices to the tasks' own schemas
      if (!f.choices) entry.free = true;
      entry.alias ??= task.aliases[f.key];
      byKey.set(f.key, entry);
    }
  }
  return [...byKey.values()].map(({ facts, uses, choices, free, alias }) => {
    // tasks that describe the option alike share one line
    const texts = [...new Set(uses.map((u) => u.text))].map((text) => `${uses.filter((u) => u.text === text).map((u) => u.task).join(', ')}: ${text}`);
    return { key: facts.key, flag: kebab(facts.key), type: facts.type, ...(choices.size && !free ? { choices: [...choices] } : {}), ...(alias ? { alias } : {}), describe: texts.join('; ') };
  });
}

export function taskOptions<T>(y: Argv<T>): Argv<T> {
  let out = y;
  for (const f of taskFlags()) out = out.option(f.flag, { type: f.type, describe: f.describe, ...(f.choices ? { choices: f.choices } : {}), ...(f.alias ? { alias: f.alias } : {}) });
  return out;
}

/** The task options the user gave (undefined ones dropped), by option key. */
export function taskOptionValues(args: TaskArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key } of taskFlags()) if (args[key] !== undefined) out[key] = args[key];
  return out;
}

export function threadsOption<T>(y: Argv<T>) {
  return y.option('threads', { type: 'number', describe: 'threads for the host (float64) solvers and kernels (default: $N2N_THREADS, else every core)' });
}

/** Apply --threads when given (a positive integer); more threads than cores is said, not refused. */
export function applyThreads(threads: number | undefined, warn?: (message: string) => void): void {
  if (threads === undefined) {
    threadCount(); // a bad N2N_THREADS is an error before any work, whichever path the solve takes
    return;
  }
  if (!Number.isInteger(threads) || threads < 1) throw new ConfigError(`--threads: expected a positive integer, got ${threads}`);
  const cores = availableParallelism();
  if (threads > cores) warn?.(`warning: --threads ${threads} is more than the ${cores} cores here; the threads share them and the solvers run slower than with --threads ${cores}`);
  setThreads(threads);
}

export function runOptions<T>(y: Argv<T>) {
  return threadsOption(y)
    .option('backend', { type: 'string', choices: [...BACKEND_CHOICES], default: 'auto', describe: 'tensor backend' })
    .option('seed', { type: 'number', default: 1, describe: 'seed for start vectors and sampling' });
}

/** A whole-number flag's value, checked: at least `min`, and given (a ConfigError naming --flag and `where` otherwise). */
export function wholeFlag(value: number | undefined, flag: string, min: number, where = ''): number {
  if (value === undefined) throw new ConfigError(`--${flag} is required${where ? ` ${where}` : ''}`);
  if (!(Number.isInteger(value) && value >= min)) throw new ConfigError(`--${flag} must be a whole number ≥ ${min}, got ${value}`);
  return value;
}
