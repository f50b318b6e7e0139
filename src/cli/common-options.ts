import type { Argv } from 'yargs';
import { availableParallelism } from 'node:os';
import { BACKEND_CHOICES } from '../backend/load-backend.js';
import { FORMAT_NAMES, HEADER_MODES, type FormatName, type HeaderMode } from '../graph/formats/format.js';
import { RATING_FORMATS } from '../ratings/load-ratings.js';
import type { LoadGraphOptions } from '../graph/load-graph.js';
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
}

export function graphLoadOptions(args: GraphArgs): LoadGraphOptions {
  return {
    format: args.format as FormatName | 'auto',
    directed: args.directed ?? 'auto',
    weighted: args.weighted,
    duplicates: args.duplicates as DuplicatePolicy,
    selfLoops: args.selfLoops as SelfLoopPolicy,
    header: (args.header ?? 'auto') as HeaderMode,
  };
}

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
    .option('binary', { type: 'boolean', describe: 'completion: every observed rating becomes 1 (the paper\'s lastfm, delicious)' });
}

/** Task options as CLI flags; each task accepts its own (the rest stay undefined). */
export interface TaskArgs {
  clusters?: number;
  component?: string;
  precision?: string;
  rank?: number;
  lambda?: number;
  lambdaU?: number;
  lambdaV?: number;
  iters?: number;
  engine?: string;
}

export function taskOptions<T>(y: Argv<T>) {
  return y
    .option('clusters', { alias: 'r', type: 'number', describe: 'spectral: eigenvectors and k-means clusters r (default 5)' })
    .option('component', { type: 'string', choices: ['largest', 'all'], describe: 'spectral: analyse the largest connected component (default) or the whole graph' })
    .option('precision', { type: 'string', choices: ['auto', 'float32', 'float64'], describe: 'hits, spectral: solver precision (auto: float32 first on a GPU backend, refined in float64 when needed; else float64 on the host)' })
    .option('rank', { type: 'number', describe: 'completion: rank r of U and V (default 10)' })
    .option('lambda', { type: 'number', describe: 'completion: regularisation λ for both sides (default 0.5)' })
    .option('lambda-u', { type: 'number', describe: 'completion: λu (overrides --lambda for U)' })
    .option('lambda-v', { type: 'number', describe: 'completion: λv (overrides --lambda for V)' })
    .option('iters', { type: 'number', describe: 'completion: ALS sweeps (default 10)' })
    .option('engine', { type: 'string', choices: ['auto', 'host', 'tensor'], describe: 'completion: host float64 sweeps or tensor ops (auto: tensor ops on a GPU backend)' });
}

/** The task options the user gave (undefined ones dropped). */
export function taskOptionValues(args: TaskArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {
    clusters: args.clusters,
    component: args.component,
    precision: args.precision,
    rank: args.rank,
    lambda: args.lambda,
    lambdaU: args.lambdaU,
    lambdaV: args.lambdaV,
    iters: args.iters,
    engine: args.engine,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** Load options, with the task's graph view as the default direction. */
export function taskGraphLoadOptions(args: GraphArgs, taskDirected: boolean | 'either'): LoadGraphOptions {
  const base = graphLoadOptions(args);
  if (args.directed === undefined && taskDirected === false) base.directed = false;
  return base;
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
