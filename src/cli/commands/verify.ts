/** n2n verify: closed form vs autodiff vs finite differences. Exit 1 on failure. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { initBackend, type BackendChoice } from '../../backend/load-backend.js';
import { loadTaskInput } from '../task-input.js';
import { getTask, taskNames } from '../../tasks/registry.js';
import { formatReport, type VerifyReport } from '../../verify/check.js';
import { applyThreads, graphOptions, runOptions, taskOptions, taskOptionValues, type GraphArgs, type TaskArgs } from '../common-options.js';
import type { CliIO } from '../io.js';
import { ConfigError } from '../../util/errors.js';

export interface VerifyArgs extends GraphArgs, TaskArgs {
  denseLimit: number;
  task: string;
  backend: string;
  threads?: number;
  seed: number;
  sample: number;
  json: boolean;
  verbose: boolean;
}

export function verifyBuilder(y: Argv) {
  return taskOptions(runOptions(graphOptions(y)))
    .option('task', { alias: 't', type: 'string', demandOption: true, choices: taskNames(), describe: 'task whose derivative to check' })
    .option('sample', { alias: 'k', type: 'number', default: 8, describe: 'edges checked by finite differences' })
    .option('dense-limit', { type: 'number', default: 1000, describe: 'spectral: dense float64 check up to this many nodes' })
    .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'log each compared edge' })
    .example('$0 verify --task hits --input p2p-Gnutella09.txt --sample 10', 'autodiff and finite-difference checks of B')
    .example('$0 verify --task spectral --input CA-GrQc.txt', 'spectral: autodiff, finite differences, dense float64 on small graphs')
    .example('$0 verify --task completion --input ratings.csv', 'completion: autodiff and finite differences of Lemma 6, and its distance to the exact derivative');
}

export async function verifyCommand(args: ArgumentsCamelCase<VerifyArgs> | VerifyArgs, io: CliIO): Promise<number> {
  if (!Number.isInteger(args.sample) || args.sample < 1) throw new ConfigError(`--sample: expected a positive integer, got ${args.sample}`);
  const task = getTask(args.task);
  const options = task.parseOptions(taskOptionValues(args));
  applyThreads(args.threads, io.err);
  await initBackend(args.backend as BackendChoice);
  const input = await loadTaskInput(args, task);
  io.err(`loaded ${args.input}: ${input.description}`);
  let report: VerifyReport;
  const log = args.verbose ? io.err : undefined;
  const progress = io.err; // phases and long loops always say they are alive (stderr; --json goes to stdout)
  progress(`verify: fitting ${task.name}`);
  const fit = await input.fit({ seed: args.seed, options, log: progress });
  try {
    report = await input.verify(fit, { seed: args.seed, sample: args.sample, denseLimit: args.denseLimit, log, progress });
  } finally {
    input.dispose(fit);
  }
  io.out(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.pass ? 0 : 1;
}
