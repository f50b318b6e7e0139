/** n2n derive: compute the derivative network B and write src<TAB>dst<TAB>score. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { initBackend, type BackendChoice } from '../../backend/load-backend.js';
import { writeLinesAtomic, writePairTable } from '../../graph/write-edges.js';
import { writeFactors } from '../../ratings/write-ratings.js';
import { loadTaskInput } from '../task-input.js';
import { collectGarbage } from '../../util/memory.js';
import type { CompletionFit } from '../../tasks/completion.js';
import { getTask, taskNames } from '../../tasks/registry.js';
import { ConvergenceError, IllPosedError } from '../../util/errors.js';
import { checkInputFile, checkOutputFile, checkOutputFolder } from '../../util/paths.js';
import { readPairs } from '../../graph/read-pairs.js';
import { applyThreads, graphOptions, runOptions, taskOptions, taskOptionValues, type GraphArgs, type TaskArgs } from '../common-options.js';
import { ConfigError } from '../../util/errors.js';
import type { SpectralFit } from '../../tasks/spectral.js';
import type { CliIO } from '../io.js';

export interface DeriveArgs extends GraphArgs, TaskArgs {
  clustersOut?: string;
  factorsOut?: string;
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

export function deriveBuilder(y: Argv) {
  return taskOptions(runOptions(graphOptions(y)))
    .option('task', { alias: 't', type: 'string', demandOption: true, choices: taskNames(), describe: 'mining task' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: "output TSV: src, dst, score (written atomically); '-' writes standard output" })
    .option('clusters-out', { type: 'string', describe: 'spectral: write node<TAB>cluster for every node (−1: outside the analysed component)' })
    .option('factors-out', { type: 'string', describe: 'completion: write DIR/U.tsv and DIR/V.tsv (label, then r numbers: the factors B came from)' })
    .option('timings', { type: 'boolean', default: false, describe: 'print a final JSON line with phase times' })
    .option('pairs', { type: 'string', describe: "hits, spectral: score these node pairs ('src dst' per line, edges or not) instead of the edges" })
    .option('allow-ill-posed', { type: 'boolean', default: false, describe: 'write B even when the derivative is not defined (repeated eigen/singular value at the cut, or a kink)' })
    .option('allow-unconverged', { type: 'boolean', default: false, describe: 'write B even when the solver did not resolve whether it is defined (the gap is within its residuals)' })
    .example('$0 derive --task hits --input cit-HepTh.txt --out B.tsv --timings', 'HITS derivative network of a SNAP edge list')
    .example('$0 derive --task spectral --clusters 5 --input CA-GrQc.txt --out B.tsv --clusters-out C.tsv', 'spectral clustering derivative and the clusters')
    .example('$0 derive --task completion --input ratings.csv --rank 10 --lambda 0.5 --out I.tsv --factors-out factors', 'Lemma 6 influence of every rating (user<TAB>item<TAB>score)');
}

const secs = (t0: number): number => Math.round(performance.now() - t0) / 1000;

export async function deriveCommand(args: ArgumentsCamelCase<DeriveArgs> | DeriveArgs, io: CliIO): Promise<number> {
  const task = getTask(args.task);
  const options = task.parseOptions(taskOptionValues(args)) as Record<string, unknown>;
  if (args.clustersOut && task.name !== 'spectral') throw new ConfigError(`--clusters-out: task '${task.name}' has no clusters`);
  if (args.factorsOut && task.name !== 'completion') throw new ConfigError(`--factors-out: task '${task.name}' has no factors`);
  if (args.pairs !== undefined) {
    if (!task.deriveAt) throw new ConfigError(`--pairs: task '${task.name}' has no closed form at arbitrary pairs (Lemma 6 scores the observed ratings only)`);
    checkInputFile(args.pairs);
  }
  applyThreads(args.threads, io.err);
  if (args.input !== '-') checkInputFile(args.input);
  if (args.out === '-' && args.timings) throw new ConfigError('--out - writes B to standard output, where --timings prints its JSON line: use one of them, or --out FILE');
  if (args.out !== '-') checkOutputFile(args.out, '--out');
  if (args.clustersOut) checkOutputFile(args.clustersOut, '--clusters-out');
  if (args.factorsOut) checkOutputFolder(args.factorsOut, '--factors-out');
  const backend = await initBackend(args.backend as BackendChoice);
  let t = performance.now();
  const input = await loadTaskInput(args, task);
  collectGarbage(); // the parse buffers, before the solve allocates
  const loadS = secs(t);
  io.err(`loaded ${args.input}: ${input.description} (${loadS} s)`);
  t = performance.now();
  const ctx = { seed: args.seed, options, log: io.err };
  const fit = input.fit(ctx);
  try {
    const solveS = secs(t);
    const s = fit.solver;
    const steps = input.kind === 'ratings' ? 'sweeps' : 'products';
    io.err(
      `solved with ${s.solver} (${s.precision}) in ${solveS} s: ${s.iterations} ${steps}, residual ${s.residual.toExponential(2)}, ${s.converged ? 'converged' : 'NOT converged'}; f = ${fit.objective.toPrecision(8)}`,
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
    if (args.pairs !== undefined && input.kind === 'graph' && task.input === 'graph' && task.deriveAt) {
      const { graph } = input;
      const pairs = await readPairs(args.pairs, graph);
      B = task.deriveAt(graph, fit, pairs);
      deriveS = secs(t);
      t = performance.now();
      const end = (index: Int32Array) => ({ labels: graph.labels, index });
      await writePairTable(args.out, ['src', 'dst'], end(pairs.src), end(pairs.dst), [{ name: 'score', values: B }]);
      writeS = secs(t);
      io.err(`wrote ${B.length} pairs from ${args.pairs} to ${args.out === '-' ? 'standard output' : args.out}`);
    } else {
      B = input.derive(fit);
      deriveS = secs(t);
      t = performance.now();
      await input.writeTable(args.out, [{ name: 'score', values: B }]);
      writeS = secs(t);
      io.err(`wrote ${B.length} ${input.kind === 'graph' ? 'edges' : 'ratings'} to ${args.out === '-' ? 'standard output' : args.out}`);
    }
    if (args.factorsOut && input.kind === 'ratings') {
      const f = fit as CompletionFit;
      const paths = await writeFactors(args.factorsOut, input.ratings, f.U, f.V, f.rank);
      io.err(`wrote the factors to ${paths.join(' and ')}`);
    }
    if (args.clustersOut && input.kind === 'graph') {
      const labels = (fit as unknown as SpectralFit).labels;
      const { graph } = input;
      await writeLinesAtomic(args.clustersOut, 'node\tcluster', graph.n, (i) => `${graph.labels[i]}\t${labels[i]}`);
      io.err(`wrote the clusters of ${graph.n} nodes to ${args.clustersOut}`);
    }
    if (args.timings) {
      io.out(
        JSON.stringify({
          load_s: loadS,
          solve_s: solveS,
          derive_s: deriveS,
          write_s: writeS,
          ...(input.kind === 'graph'
            ? { n: input.graph.n, m: input.items }
            : { users: input.ratings.nUsers, items: input.ratings.nItems, m: input.items }),
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
