/** n2n derive: compute the derivative network B and write src<TAB>dst<TAB>score. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { initBackend, type BackendChoice } from '../../backend/load-backend.js';
import { writePairTable } from '../../graph/write-edges.js';
import { loadTaskInput } from '../task-input.js';
import { collectGarbage } from '../../util/memory.js';
import { allTasks, getTask, taskNames } from '../../tasks/registry.js';
import { ConvergenceError, IllPosedError } from '../../util/errors.js';
import { checkInputFile, checkOutputFile, checkOutputFolder } from '../../util/paths.js';
import { readPairs } from '../../graph/read-pairs.js';
import { applyThreads, graphOptions, runOptions, taskOptions, taskOptionValues, type GraphArgs, type TaskArgs } from '../common-options.js';
import { ConfigError } from '../../util/errors.js';
import type { CliIO } from '../io.js';

export interface DeriveArgs extends GraphArgs, TaskArgs {
  task: string;
  backend: string;
  threads?: number;
  seed: number;
  out: string;
  timings: boolean;
  allowIllPosed: boolean;
  allowUnconverged: boolean;
  pairs?: string;
}

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Every task's extra outputs, as flags (the task that writes it named in the help). */
function outputFlags(): { flag: string; target: 'file' | 'folder'; describe: string; tasks: string[] }[] {
  const byFlag = new Map<string, { flag: string; target: 'file' | 'folder'; describe: string; tasks: string[] }>();
  for (const t of allTasks()) {
    for (const o of t.outputs) {
      const seen = byFlag.get(o.flag);
      if (seen && seen.target !== o.target) throw new Error(`--${o.flag}: a ${seen.target} for ${seen.tasks.join(', ')} but a ${o.target} for ${t.name}`);
      if (seen) seen.tasks.push(t.name);
      else byFlag.set(o.flag, { ...o, tasks: [t.name] });
    }
  }
  return [...byFlag.values()];
}

export function deriveBuilder(y: Argv) {
  let b = taskOptions(runOptions(graphOptions(y)))
    .option('task', { alias: 't', type: 'string', demandOption: true, choices: taskNames(), describe: 'mining task' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: "output TSV: src, dst, score (written atomically); '-' writes standard output" });
  for (const o of outputFlags()) b = b.option(o.flag, { type: 'string', describe: `${o.tasks.join(', ')}: ${o.describe}` });
  return b
    .option('timings', { type: 'boolean', default: false, describe: 'print a final JSON line with phase times' })
    .option('pairs', {
      type: 'string',
      describe: `${allTasks()
        .filter((t) => t.pairs)
        .map((t) => t.name)
        .join(', ')}: score these node pairs ('src dst' per line, edges or not) instead of the edges`,
    })
    .option('allow-ill-posed', { type: 'boolean', default: false, describe: 'write B even when the derivative is not defined (repeated eigen/singular value at the cut, or a kink)' })
    .option('allow-unconverged', { type: 'boolean', default: false, describe: 'write B even when the solver did not resolve whether it is defined (the gap is within its residuals)' })
    .example('$0 derive --task hits --input cit-HepTh.txt --out B.tsv --timings', 'HITS derivative network of a SNAP edge list')
    .example('$0 derive --task spectral --clusters 5 --input CA-GrQc.txt --out B.tsv --clusters-out C.tsv', 'spectral clustering derivative and the clusters')
    .example('$0 derive --task completion --input ratings.csv --rank 10 --lambda 0.5 --out I.tsv --factors-out factors', 'Lemma 6 influence of every rating (user<TAB>item<TAB>score)');
}

const secs = (t0: number): number => Math.round(performance.now() - t0) / 1000;

export async function deriveCommand(args: ArgumentsCamelCase<DeriveArgs> | DeriveArgs, io: CliIO): Promise<number> {
  const task = getTask(args.task);
  const options = task.parseOptions(taskOptionValues(args));
  // the extra outputs asked for: each must be one this task writes
  const outputs: { flag: string; path: string }[] = [];
  for (const o of outputFlags()) {
    const path = args[camel(o.flag)];
    if (path === undefined) continue;
    if (typeof path !== 'string' || path === '') throw new ConfigError(`--${o.flag}: expected a path`);
    if (!o.tasks.includes(task.name)) throw new ConfigError(`--${o.flag}: task '${task.name}' does not write it (${o.tasks.join(', ')} ${o.tasks.length === 1 ? 'does' : 'do'})`);
    outputs.push({ flag: o.flag, path });
    if (o.target === 'folder') checkOutputFolder(path, `--${o.flag}`);
    else checkOutputFile(path, `--${o.flag}`);
  }
  if (args.pairs !== undefined) {
    if (!task.pairs) throw new ConfigError(`--pairs: task '${task.name}' has no closed form at arbitrary pairs${task.noDeriveAt ? ` (${task.noDeriveAt})` : ''}`);
    checkInputFile(args.pairs);
  }
  applyThreads(args.threads, io.err);
  if (args.input !== '-') checkInputFile(args.input);
  if (args.out === '-' && args.timings) throw new ConfigError('--out - writes B to standard output, where --timings prints its JSON line: use one of them, or --out FILE');
  if (args.out !== '-') checkOutputFile(args.out, '--out');
  const backend = await initBackend(args.backend as BackendChoice);
  let t = performance.now();
  const input = await loadTaskInput(args, task);
  collectGarbage(); // the parse buffers, before the solve allocates
  const loadS = secs(t);
  io.err(`loaded ${args.input}: ${input.description} (${loadS} s)`);
  t = performance.now();
  const ctx = { seed: args.seed, options, log: io.err };
  const fit = await input.fit(ctx);
  try {
    const solveS = secs(t);
    const s = fit.solver;
    io.err(
      `solved with ${s.solver} (${s.precision}) in ${solveS} s: ${s.iterations} ${task.steps}, residual ${s.residual.toExponential(2)}, ${s.converged ? 'converged' : 'NOT converged'}; f = ${fit.objective.toPrecision(8)}`,
    );
    if (fit.wellPosed.illPosed && !args.allowIllPosed) {
      throw new IllPosedError(`${task.name}: ${fit.wellPosed.detail}. Nothing written; pass --allow-ill-posed to write B anyway.`);
    }
    if (fit.wellPosed.unresolved && !args.allowUnconverged) {
      throw new ConvergenceError(`${task.name}: the solver did not converge: ${fit.wellPosed.detail}. Nothing written; pass --allow-unconverged to write B anyway.`);
    }
    io.err(fit.wellPosed.detail);
    if (!s.converged) io.err(typeof s.note === 'string' ? `note: ${s.note}` : `warning: the solver did not reach its tolerance; B carries the residual above`);
    t = performance.now();
    collectGarbage(); // the solver's vectors, before B and the writer's buffers
    let B: Float64Array;
    let writeS: number;
    let deriveS: number;
    const where = args.out === '-' ? 'standard output' : args.out;
    if (args.pairs !== undefined) {
      const graph = input.graph;
      if (!graph) throw new ConfigError(`--pairs: task '${task.name}' reads ${task.data.noun}, which has no node pairs`);
      const pairs = await readPairs(args.pairs, graph);
      B = input.deriveAt(fit, pairs);
      deriveS = secs(t);
      t = performance.now();
      const end = (index: Int32Array) => ({ labels: graph.labels, index });
      await writePairTable(args.out, ['src', 'dst'], end(pairs.src), end(pairs.dst), [{ name: 'score', values: B }, ...input.pairColumns(fit, pairs)]);
      writeS = secs(t);
      io.err(`wrote ${B.length} pairs from ${args.pairs} to ${where}`);
    } else {
      B = input.derive(fit);
      deriveS = secs(t);
      t = performance.now();
      const extra = input.graph ? input.pairColumns(fit, { src: input.graph.edges.src, dst: input.graph.edges.dst }) : [];
      await input.writeTable(args.out, [{ name: 'score', values: B }, ...extra]);
      writeS = secs(t);
      io.err(`wrote ${B.length} ${task.data.elements} to ${where}`);
    }
    for (const o of outputs) io.err(`wrote ${await input.writeOutput(o.flag, o.path, fit)}`);
    if (args.timings) {
      io.out(
        JSON.stringify({
          load_s: loadS,
          solve_s: solveS,
          derive_s: deriveS,
          write_s: writeS,
          ...input.size,
          backend: backend.backend,
          peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
          solver: fit.solver,
        }),
      );
    }
    return 0;
  } finally {
    input.dispose(fit);
  }
}
