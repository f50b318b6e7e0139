/** n2n datasets [get NAME… --dir DIR]: the paper's Table-3 datasets, listed or fetched. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { TABLE3 } from '../../datasets/table3.js';
import { getDatasetEntry } from '../../datasets/registry.js';
import { fetchDataset } from '../../datasets/fetch-dataset.js';
import { ConfigError } from '../../util/errors.js';
import type { CliIO } from '../io.js';

export interface DatasetsArgs {
  action?: string;
  names?: string[];
  dir?: string;
  mirror?: string;
  json: boolean;
  quiet: boolean;
}

export function datasetsBuilder(y: Argv) {
  return y
    .positional('action', { type: 'string', choices: ['list', 'get'], default: 'list', describe: 'list the datasets, or get (download, unpack, check) some' })
    .positional('names', { type: 'string', array: true, describe: "dataset names for 'get' (see the list), or 'all'" })
    .option('dir', { type: 'string', describe: 'data folder to fetch into (default: $N2N_DATA)' })
    .option('mirror', { type: 'string', describe: 'fetch the archives from this address instead of their sources (a local mirror)' })
    .option('json', { type: 'boolean', default: false, describe: 'list as JSON' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress lines' })
    .example('$0 datasets', 'the 18 datasets of the paper (Table 3) with sizes and sources')
    .example('$0 datasets get grqc gnutella --dir data', 'download, unpack and check two of them into ./data');
}

const fmt = (x: number): string => x.toLocaleString('en-US');

export async function datasetsCommand(args: ArgumentsCamelCase<DatasetsArgs> | DatasetsArgs, io: CliIO): Promise<number> {
  const action = args.action ?? 'list';
  if (action === 'list') {
    if (args.json) {
      io.out(JSON.stringify(TABLE3, null, 2));
      return 0;
    }
    const head = ['name', 'kind', 'task', 'nodes', 'edges', 'file', 'source'];
    const body = TABLE3.map((d) => [
      d.name,
      d.kind,
      d.task,
      d.items !== undefined ? `${fmt(d.nodes)} × ${fmt(d.items)}` : fmt(d.nodes),
      fmt(d.edges) + (d.count === 'lines' ? ' lines' : ''),
      d.files[0]!,
      d.url,
    ]);
    const w = head.map((h, j) => Math.max(h.length, ...body.map((r) => r[j]!.length)));
    io.out([head, ...body].map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(w[j]!))).join('  ')).join('\n'));
    return 0;
  }
  const names = args.names ?? [];
  if (names.length === 0) throw new ConfigError("datasets get: name the datasets to fetch (or 'all'); 'n2n datasets' lists them");
  const dir = args.dir ?? process.env.N2N_DATA;
  if (!dir) throw new ConfigError('datasets get: give --dir DIR (or set N2N_DATA)');
  const entries = names.includes('all') ? [...TABLE3] : names.map(getDatasetEntry);
  let failed = 0;
  for (const entry of entries) {
    const outcome = await fetchDataset(entry, dir, { mirror: args.mirror, log: args.quiet ? undefined : io.err });
    io.out(`${entry.name}: ${outcome.path}: ${outcome.detail}`);
    if (!outcome.ok) failed++;
  }
  return failed ? 1 : 0;
}
