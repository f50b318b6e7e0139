import type { Argv } from 'yargs';
import { BACKEND_CHOICES } from '../backend/load-backend.js';
import { FORMAT_NAMES } from '../graph/formats/format.js';

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
