/**
 * The n2n command line. `main(argv, io)` returns the exit code instead of exiting, so tests
 * run it in-process. A user mistake (N2nError) prints its message alone; anything else is a
 * bug and prints the stack.
 */
import yargs from 'yargs';
import { createRequire } from 'node:module';
import { N2nError } from '../util/errors.js';
import { processIO, type CliIO } from './io.js';
import { requireFlagValues } from './flag-values.js';
import { installInterruptHandlers } from '../util/interrupt.js';
import { terminalSafe } from '../util/terminal.js';
import { deriveBuilder, deriveCommand } from './commands/derive.js';
import { verifyBuilder, verifyCommand } from './commands/verify.js';
import { backendsBuilder, backendsCommand } from './commands/backends.js';
import { runBuilder, runCommand } from './commands/run.js';
import { mergeBuilder, mergeCommand } from './commands/merge.js';
import { datasetsBuilder, datasetsCommand } from './commands/datasets.js';
import { reportBuilder, reportCommand } from './commands/report.js';
import { generateBuilder, generateCommand } from './commands/generate.js';
import { interveneBuilder, interveneCommand } from './commands/intervene.js';
import { detectBuilder, detectCommand } from './commands/detect.js';
import { plantBuilder, plantCommand } from './commands/plant.js';
import { statusBuilder, statusCommand } from './commands/status.js';

/** `--input -` as `--input=-`: yargs would take a lone '-' for a positional argument. */
function joinDashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (/^--?[A-Za-z][\w-]*$/.test(t) && argv[i + 1] === '-') {
      out.push(`${t}=-`);
      i++;
    } else out.push(t);
  }
  return out;
}

export async function main(rawArgv: string[], io: CliIO = processIO): Promise<number> {
  const argv = joinDashValues(rawArgv);
  if (io === processIO) installInterruptHandlers((m) => io.err(m));
  let code = 0;
  let failure: unknown = null;
  const wrap =
    <A>(fn: (args: A, io: CliIO) => Promise<number>) =>
    async (args: A): Promise<void> => {
      code = await fn(args, io);
    };
  const parser = yargs(argv)
    .scriptName('n2n')
    .usage('$0 <command> [options]\n\nNetwork derivative mining: B(i,j) = ∂f/∂A(i,j) for every edge.')
    .command('derive', 'compute the derivative network B of a task and write it as TSV', deriveBuilder, wrap(deriveCommand as never))
    .command('verify', 'check B against autodiff and finite differences', verifyBuilder, wrap(verifyCommand as never))
    .command('run <pipeline>', 'run a YAML pipeline (dataset → task → attack → metric)', runBuilder, wrap(runCommand as never))
    .command('merge <dirs..>', 'combine the outputs of sharded runs (n2n run --shard i/N)', mergeBuilder, wrap(mergeCommand as never))
    .command('report <dirs..>', 'figures (SVG, PNG) and a one-page HTML summary of pipeline results', reportBuilder, wrap(reportCommand as never))
    .command('datasets [action] [names..]', "the paper's datasets: list them, or get (download, unpack, check counts)", datasetsBuilder, wrap(datasetsCommand as never))
    .command('generate <kind>', 'write a seeded random graph (rmat, er, ba, ws, sbm) or rating matrix (ratings)', generateBuilder, wrap(generateCommand as never))
    .command('intervene', 'choose edges to add that lower targets’ local clustering (network intervention), checked against every constraint', interveneBuilder, wrap(interveneCommand as never))
    .command('detect', 'find a connected anomalous subgraph in each block of an interdependent network (GBGP)', detectBuilder, wrap(detectCommand as never))
    .command('status <dir>', "a pipeline's progress from its output files: shards complete, running, interrupted or missing", statusBuilder, wrap(statusCommand as never))
    .command('plant <kind>', 'write a synthetic interdependent network with a planted subgraph (for detect)', plantBuilder, wrap(plantCommand as never))
    .command('backends', 'show the tensor backend that loads, GPU use and versions', backendsBuilder, wrap(backendsCommand as never))
    .middleware(requireFlagValues(argv, (message) => new UsageError(message)) as never, true)
    .demandCommand(1, 'name a command: derive, verify, run, merge, report, datasets, generate, intervene, detect, plant, status or backends')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(ownVersion())
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      failure = err ?? new UsageError(msg);
    })
    .showHelpOnFail(false);
  let helpText = '';
  try {
    await parser.parseAsync(argv, {}, (err, _argv, output) => {
      if (err && !failure) failure = err;
      helpText = output;
    });
  } catch (e) {
    failure ??= e;
  }
  if (failure) {
    if (failure instanceof UsageError) {
      io.err(`n2n: ${terminalSafe(failure.message)}\nRun 'n2n --help' or 'n2n <command> --help' for usage.`);
      return 2;
    }
    if (failure instanceof N2nError) {
      io.err(`n2n: ${terminalSafe(failure.message)}`);
      return failure.exitCode;
    }
    io.err(`n2n: internal error: ${(failure as Error).stack ?? String(failure)}`);
    return 70;
  }
  if (helpText) io.out(helpText);
  return code;
}

class UsageError extends Error {}

/** n2n's own version (yargs would read the package.json of the folder it runs in). */
function ownVersion(): string {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
