/** n2n merge DIR…: combine shard outputs into one results folder. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { mergeShards } from '../../pipeline/merge.js';
import { formatTable } from '../../pipeline/results.js';
import type { CliIO } from '../io.js';

export interface MergeArgs {
  dirs: string[];
  out?: string;
}

export function mergeBuilder(y: Argv) {
  return y
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'shard folders, or folders holding shard-<i>-of-<N> folders' })
    .option('out', { type: 'string', describe: 'where the merged results go (default: the one folder given, when it holds the shards)' })
    .example('$0 merge results/sweep', 'merge results/sweep/shard-*-of-* into results/sweep')
    .example('$0 merge a/shard-0-of-2 b/shard-1-of-2 --out merged', 'shards copied back from two machines');
}

export async function mergeCommand(args: ArgumentsCamelCase<MergeArgs> | MergeArgs, io: CliIO): Promise<number> {
  const outcome = await mergeShards(args.dirs, args.out);
  io.out(formatTable(outcome.rows));
  io.out(`merged ${outcome.shards.length} shards into ${outcome.outputDir}/results.csv (${outcome.rows.length} rows)`);
  if (outcome.incomplete.length) {
    io.err(`warning: shards ${outcome.incomplete.join(', ')} did not complete; the merge is partial (rerun them with n2n run … --shard i/N, then merge again)`);
  }
  if (outcome.missing.length) {
    io.err(`warning: shards ${outcome.missing.join(', ')} are missing; the merge is partial (manifest status 'partial')`);
  }
  return 0;
}
