/** n2n derive: compute the derivative network B and write src<TAB>dst<TAB>score. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { initBackend, type BackendChoice } from '../../backend/load-backend.js';
import { loadGraph } from '../../graph/load-graph.js';
import { describeGraph } from '../../graph/graph.js';
import { writeEdgeTable } from '../../graph/write-edges.js';
import { getTask, taskNames } from '../../tasks/registry.js';
import { IllPosedError } from '../../util/errors.js';
import { graphOptions, runOptions, taskGraphLoadOptions, taskOptions, taskOptionValues, type GraphArgs, type TaskArgs } from '../common-options.js';
import { writeTextAtomic } from '../../util/atomic-write.js';
import { ConfigError } from '../../util/errors.js';
import type { SpectralFit } from '../../tasks/spectral.js';
import type { CliIO } from '../io.js';

export interface DeriveArgs extends GraphArgs, TaskArgs {
  clustersOut?: string;
  task: string;
  backend: string;
  seed: number;
  out: string;
  timings: boolean;
  allowIllPosed: boolean;
}

export function deriveBuilder(y: Argv) {
  return taskOptions(runOptions(graphOptions(y)))
    .option('task', { alias: 't', type: 'string', demandOption: true, choices: taskNames(), describe: 'mining task' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'output TSV: src, dst, score (written atomically)' })
    .option('clusters-out', { type: 'string', describe: 'spectral: write node<TAB>cluster for every node (−1: outside the analysed component)' })
    .option('timings', { type: 'boolean', default: false, describe: 'print a final JSON line with phase times' })
    .option('allow-ill-posed', { type: 'boolean', default: false, describe: 'write B even when the derivative is not defined (repeated eigenvalue at the cut)' })
    .example('$0 derive --task hits --input cit-HepTh.txt --out B.tsv --timings', 'HITS derivative network of a SNAP edge list')
    .example('$0 derive --task spectral --clusters 5 --input CA-GrQc.txt --out B.tsv --clusters-out C.tsv', 'spectral clustering derivative and the clusters');
}

const secs = (t0: number): number => Math.round(performance.now() - t0) / 1000;

export async function deriveCommand(args: ArgumentsCamelCase<DeriveArgs> | DeriveArgs, io: CliIO): Promise<number> {
  const task = getTask(args.task);
  const options = task.parseOptions(taskOptionValues(args)) as Record<string, unknown>;
  if (args.clustersOut && task.name !== 'spectral') throw new ConfigError(`--clusters-out: task '${task.name}' has no clusters`);
  const backend = await initBackend(args.backend as BackendChoice);
  let t = performance.now();
  const { graph } = await loadGraph(args.input, taskGraphLoadOptions(args, task.directed));
  const loadS = secs(t);
  io.err(`loaded ${args.input}: ${describeGraph(graph)} (${loadS} s)`);
  t = performance.now();
  const fit = task.fit(graph, { seed: args.seed, options, log: io.err });
  try {
    const solveS = secs(t);
    const s = fit.solver;
    io.err(
      `solved with ${s.solver} (${s.precision}) in ${solveS} s: ${s.iterations} products, residual ${s.residual.toExponential(2)}, ${s.converged ? 'converged' : 'NOT converged'}; f = ${fit.objective.toPrecision(8)}`,
    );
    if (!s.converged) io.err(`warning: the solver did not reach its tolerance; B carries the residual above`);
    io.err(fit.wellPosed.detail);
    if (fit.wellPosed.illPosed && !args.allowIllPosed) {
      throw new IllPosedError(`${task.name}: ${fit.wellPosed.detail}. Nothing written; pass --allow-ill-posed to write B anyway.`);
    }
    t = performance.now();
    const B = task.derive(graph, fit);
    const deriveS = secs(t);
    t = performance.now();
    await writeEdgeTable(args.out, graph, [{ name: 'score', values: B }]);
    const writeS = secs(t);
    io.err(`wrote ${B.length} edges to ${args.out}`);
    if (args.clustersOut) {
      const labels = (fit as unknown as SpectralFit).labels;
      const lines = ['node\tcluster'];
      for (let i = 0; i < graph.n; i++) lines.push(`${graph.labels[i]}\t${labels[i]}`);
      await writeTextAtomic(args.clustersOut, lines.join('\n') + '\n');
      io.err(`wrote the clusters of ${graph.n} nodes to ${args.clustersOut}`);
    }
    if (args.timings) {
      io.out(
        JSON.stringify({
          load_s: loadS,
          solve_s: solveS,
          derive_s: deriveS,
          write_s: writeS,
          n: graph.n,
          m: graph.edges.src.length,
          backend: backend.backend,
          solver: fit.solver,
        }),
      );
    }
    return 0;
  } finally {
    task.dispose(fit);
  }
}
