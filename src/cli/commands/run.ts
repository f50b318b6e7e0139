/** n2n run FILE.yaml: run a pipeline and print a short table. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { loadPipeline } from '../../pipeline/load-config.js';
import { formatTable, runPipeline } from '../../pipeline/run-pipeline.js';
import type { CliIO } from '../io.js';

export interface RunArgs {
  pipeline: string;
  quiet: boolean;
}

export function runBuilder(y: Argv) {
  return y
    .positional('pipeline', { type: 'string', demandOption: true, describe: 'pipeline YAML file' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress on stderr' })
    .example('$0 run pipelines/quickstart.yaml', 'the quickstart: HITS on a generated graph, three attacks');
}

export async function runCommand(args: ArgumentsCamelCase<RunArgs> | RunArgs, io: CliIO): Promise<number> {
  const config = loadPipeline(args.pipeline);
  const outcome = await runPipeline(config, { log: args.quiet ? undefined : io.err });
  io.out(formatTable(outcome.rows));
  io.out(`results: ${outcome.outputDir}/results.csv (${outcome.rows.length} rows${outcome.skipped ? `, ${outcome.skipped} already there and skipped` : ''})`);
  return 0;
}
