import type { Argv } from 'yargs';
import { BACKEND_CHOICES } from '../backend/load-backend.js';
import { FORMAT_NAMES, type FormatName } from '../graph/formats/format.js';
import type { LoadGraphOptions } from '../graph/load-graph.js';
import type { DuplicatePolicy, SelfLoopPolicy } from '../graph/graph.js';

/** The graph options every command takes, as parsed by yargs. */
export interface GraphArgs {
  input: string;
  format: string;
  directed?: boolean;
  weighted: boolean;
  duplicates: string;
  selfLoops: string;
}

export function graphLoadOptions(args: GraphArgs): LoadGraphOptions {
  return {
    format: args.format as FormatName | 'auto',
    directed: args.directed ?? 'auto',
    weighted: args.weighted,
    duplicates: args.duplicates as DuplicatePolicy,
    selfLoops: args.selfLoops as SelfLoopPolicy,
  };
}

export function graphOptions<T>(y: Argv<T>) {
  return y
    .option('input', { alias: 'i', type: 'string', demandOption: true, describe: 'graph file (SNAP, KONECT, Matrix Market, TSV/CSV)' })
    .option('format', { type: 'string', choices: ['auto', ...FORMAT_NAMES], default: 'auto', describe: 'input format; auto sniffs' })
    .option('directed', { type: 'boolean', describe: 'treat edges as directed (default: what the file says, else directed)' })
    .option('weighted', { type: 'boolean', default: false, describe: 'use the weight column as A(i,j) (default: 0/1 adjacency)' })
    .option('duplicates', { type: 'string', choices: ['max', 'sum', 'first', 'error'], default: 'max', describe: 'how repeated edges merge' })
    .option('self-loops', { type: 'string', choices: ['auto', 'keep', 'drop'], default: 'auto', describe: 'auto keeps them on directed graphs, drops them on undirected' });
}

export function runOptions<T>(y: Argv<T>) {
  return y
    .option('backend', { type: 'string', choices: [...BACKEND_CHOICES], default: 'auto', describe: 'tensor backend' })
    .option('seed', { type: 'number', default: 1, describe: 'seed for start vectors and sampling' });
}
