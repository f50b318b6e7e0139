/**
 * n2n status DIR: the progress of a pipeline's output (sharded or not) from its files alone.
 * Exit 0 when every shard is complete with no failed run, 1 otherwise.
 */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { formatStatus, outputStatus } from '../../pipeline/status.js';
import type { CliIO } from '../io.js';

export interface StatusArgs {
  dir: string;
  json: boolean;
}

export function statusBuilder(y: Argv) {
  return y
    .positional('dir', { type: 'string', demandOption: true, describe: "a pipeline's output folder (the one holding shard-<i>-of-<N>, or an unsharded result)" })
    .option('json', { type: 'boolean', default: false, describe: 'print the status as JSON' })
    .example('$0 status results/sweep-example', 'which shards are complete, running, interrupted or missing');
}

export async function statusCommand(args: ArgumentsCamelCase<StatusArgs> | StatusArgs, io: CliIO): Promise<number> {
  const st = outputStatus(args.dir);
  io.out(args.json ? JSON.stringify(st, null, 2) : formatStatus(args.dir, st));
  return st.done ? 0 : 1;
}
