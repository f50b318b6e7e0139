/** n2n verify: closed form vs autodiff vs finite differences. Exit 1 on failure. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { initBackend, type BackendChoice } from '../../backend/load-backend.js';
import { loadGraph } from '../../graph/load-graph.js';
import { describeGraph } from '../../graph/graph.js';
import { hitsTask, type HitsGraphFit } from '../../tasks/hits.js';
import { verifyHits } from '../../verify/hits-verify.js';
import { formatReport, type VerifyReport } from '../../verify/check.js';
import { graphLoadOptions, graphOptions, runOptions, type GraphArgs } from '../common-options.js';
import type { CliIO } from '../io.js';
import { ConfigError } from '../../util/errors.js';

export interface VerifyArgs extends GraphArgs {
  task: string;
  backend: string;
  seed: number;
  sample: number;
  json: boolean;
  verbose: boolean;
}

/** Tasks with a verification ladder. */
const VERIFIABLE = ['hits'] as const;

export function verifyBuilder(y: Argv) {
  return runOptions(graphOptions(y))
    .option('task', { alias: 't', type: 'string', demandOption: true, choices: [...VERIFIABLE], describe: 'task whose derivative to check' })
    .option('sample', { alias: 'k', type: 'number', default: 8, describe: 'edges checked by finite differences' })
    .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'log each compared edge' })
    .example('$0 verify --task hits --input p2p-Gnutella09.txt --sample 10', 'autodiff and finite-difference checks of B');
}

export async function verifyCommand(args: ArgumentsCamelCase<VerifyArgs> | VerifyArgs, io: CliIO): Promise<number> {
  if (!Number.isInteger(args.sample) || args.sample < 1) throw new ConfigError(`--sample: expected a positive integer, got ${args.sample}`);
  if (args.task !== 'hits') throw new ConfigError(`verify: no verification for task '${args.task}'; available: ${VERIFIABLE.join(', ')}`);
  await initBackend(args.backend as BackendChoice);
  const { graph } = await loadGraph(args.input, graphLoadOptions(args));
  io.err(`loaded ${args.input}: ${describeGraph(graph)}`);
  let report: VerifyReport;
  const fit = hitsTask.fit(graph, { seed: args.seed });
  try {
    report = verifyHits(graph, fit as HitsGraphFit, { seed: args.seed, sample: args.sample, log: args.verbose ? io.err : undefined });
  } finally {
    hitsTask.dispose(fit);
  }
  io.out(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.pass ? 0 : 1;
}
