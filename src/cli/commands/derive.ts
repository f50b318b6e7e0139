/** n2n derive: compute the derivative network B and write src<TAB>dst<TAB>score. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { initBackend, type BackendChoice } from '../../backend/load-backend.js';
import { loadGraph } from '../../graph/load-graph.js';
import { describeGraph } from '../../graph/graph.js';
import { writeEdgeTable } from '../../graph/write-edges.js';
import { getTask, taskNames } from '../../tasks/registry.js';
import { IllPosedError } from '../../util/errors.js';
import { graphLoadOptions, graphOptions, runOptions, type GraphArgs } from '../common-options.js';
import type { CliIO } from '../io.js';

export interface DeriveArgs extends GraphArgs {
  task: string;
  backend: string;
  seed: number;
  out: string;
  timings: boolean;
  allowIllPosed: boolean;
}

export function deriveBuilder(y: Argv) {
  return runOptions(graphOptions(y))
    .option('task', { alias: 't', type: 'string', demandOption: true, choices: taskNames(), describe: 'mining task' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'output TSV: src, dst, score (written atomically)' })
    .option('timings', { type: 'boolean', default: false, describe: 'print a final JSON line with phase times' })
    .option('allow-ill-posed', { type: 'boolean', default: false, describe: 'write B even when the derivative is not defined (repeated eigenvalue at the cut)' })
    .example('$0 derive --task hits --input cit-HepTh.txt --out B.tsv --timings', 'HITS derivative network of a SNAP edge list');
}

const secs = (t0: number): number => Math.round(performance.now() - t0) / 1000;

export async function deriveCommand(args: ArgumentsCamelCase<DeriveArgs> | DeriveArgs, io: CliIO): Promise<number> {
  const task = getTask(args.task);
  const backend = await initBackend(args.backend as BackendChoice);
  let t = performance.now();
  const { graph } = await loadGraph(args.input, graphLoadOptions(args));
  const loadS = secs(t);
  io.err(`loaded ${args.input}: ${describeGraph(graph)} (${loadS} s)`);
  t = performance.now();
  const fit = task.fit(graph, { seed: args.seed, log: io.err });
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
        }),
      );
    }
    return 0;
  } finally {
    task.dispose(fit);
  }
}
