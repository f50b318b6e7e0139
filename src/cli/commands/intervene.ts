/**
 * n2n intervene: choose edges to add that lower targets' local clustering (network
 * intervention: NILD-S for one target, NILD-M for a set), check the plan against every
 * constraint by an independent recomputation, and only then write it: `u<TAB>v` per edge
 * (labels as in the input) and a JSON summary. A plan that breaks a constraint is not written;
 * the command says which constraint and where.
 */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { getTask } from '../../tasks/registry.js';
import { loadTaskInput } from '../task-input.js';
import { graphOptions, type GraphArgs } from '../common-options.js';
import { checkInputFile, checkOutputFile } from '../../util/paths.js';
import { ConfigError } from '../../util/errors.js';
import { writeTextAtomic } from '../../util/atomic-write.js';
import { writeLinesAtomic } from '../../graph/write-edges.js';
import { readTargets, targetsByLabel } from '../../tasks/lcc/targets.js';
import { crpd } from '../../tasks/lcc/intervene/crpd.js';
import { INTERVENTION_METHODS } from '../../tasks/lcc/intervene/methods.js';
import { assessIntervention } from '../../tasks/lcc/intervene/check.js';
import type { InterventionProblem } from '../../tasks/lcc/intervene/problem.js';
import type { CliIO } from '../io.js';


export interface InterveneArgs extends GraphArgs {
  method?: string;
  targets?: string;
  target?: string;
  budget: number;
  epsilon: number;
  minDegree?: number;
  minCloseness?: number;
  minBetweenness?: number;
  out: string;
  summary?: string;
  miss: string;
  seed: number;
}

export function interveneBuilder(y: Argv) {
  return graphOptions(y)
    .option('method', { alias: 'm', type: 'string', choices: Object.keys(INTERVENTION_METHODS), describe: 'default: crpd for one target, oisa for a set. crpd (one target: NILD-S), oisa (a target set: NILD-M), bum, sim, tea (the target’s closeness, small graphs), ea (the graph’s closeness by path screening, sampled), gd (PageRank influence of the targets), n2n (greedy by the derivative scores), enum (exhaustive, small cases)' })
    .option('targets', { type: 'string', describe: 'the target nodes: a file with one node label per line' })
    .option('target', { type: 'string', describe: 'one target node, by its label' })
    .option('budget', { alias: 'k', type: 'number', demandOption: true, describe: 'the most edges to add' })
    .option('epsilon', { alias: 'e', type: 'number', default: 0.1, describe: 'the largest rise of any node’s LCC over its value in the input' })
    .option('min-degree', { type: 'number', describe: 'each target ends with at least this degree' })
    .option('min-closeness', { type: 'number', describe: 'each target ends with at least this harmonic closeness (Σ 1/dist over n − 1)' })
    .option('min-betweenness', { type: 'number', describe: 'each target ends with at least this normalised betweenness' })
    .option('miss', { type: 'string', choices: ['centrality', 'gain'], default: 'centrality', describe: "crpd: how ties are broken while the target is below a bound (MISS): the candidate's own betweenness/closeness/degree, or what the edge gives the target" })
    .option('seed', { type: 'number', default: 1, describe: 'ea: the seed of the sampled BFS sources' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'the edges to add: u<TAB>v per line, labels as in the input (written atomically)' })
    .option('summary', { type: 'string', describe: 'the JSON summary (targets’ LCC, degree, closeness, betweenness before/after; the largest LCC rise of another node; time); default: OUT.json' })
    .example('$0 intervene --method crpd --input ca-GrQc.txt --no-directed --target 3466 --budget 5 --epsilon 0.05 --out added.tsv', 'NILD-S: five edges at one target');
}

export async function interveneCommand(args: ArgumentsCamelCase<InterveneArgs> | InterveneArgs, io: CliIO): Promise<number> {
  if ((args.targets === undefined) === (args.target === undefined)) throw new ConfigError('name the targets: --targets FILE (one node per line) or --target NODE');
  if (args.method !== undefined && !INTERVENTION_METHODS[args.method]) throw new ConfigError(`--method: '${args.method}' is not one of ${Object.keys(INTERVENTION_METHODS).join(', ')}`);
  if (args.targets !== undefined) checkInputFile(args.targets);
  if (args.input !== '-') checkInputFile(args.input);
  checkOutputFile(args.out, '--out');
  const summaryPath = args.summary ?? `${args.out}.json`;
  checkOutputFile(summaryPath, '--summary');
  const input = await loadTaskInput({ ...args, directed: args.directed ?? false }, getTask('lcc'));
  const graph = input.graph!;
  io.err(`loaded ${args.input}: ${input.description}`);
  const targets = args.targets !== undefined ? await readTargets(args.targets, graph) : targetsByLabel([args.target!], graph);
  const problem: InterventionProblem = {
    graph,
    targets,
    budget: args.budget,
    epsilon: args.epsilon,
    seed: args.seed,
    ...(args.minDegree !== undefined ? { minDegree: args.minDegree } : {}),
    ...(args.minCloseness !== undefined ? { minCloseness: args.minCloseness } : {}),
    ...(args.minBetweenness !== undefined ? { minBetweenness: args.minBetweenness } : {}),
  };
  if (problem.minDegree !== undefined) {
    for (const t of targets) {
      const d = graph.csr.rowPtr[t + 1]! - graph.csr.rowPtr[t]!;
      if (d + problem.budget < problem.minDegree) throw new ConfigError(`--min-degree ${problem.minDegree} cannot be met: target ${graph.labels[t]} has degree ${d} and the budget adds at most ${problem.budget}`);
    }
  }
  const name = args.method ?? (targets.length === 1 ? 'crpd' : 'oisa');
  const result = name === 'crpd' ? crpd(problem, { miss: args.miss as 'centrality' | 'gain' }) : INTERVENTION_METHODS[name]!(problem);
  for (const note of result.notes) io.err(`${result.method}: ${note}`);
  const report = assessIntervention(problem, result.added, result.method, result.seconds);
  if (report.violations.length) {
    throw new ConfigError(`${result.method}: the plan of ${result.added.length} edges breaks ${report.violations.length === 1 ? 'a constraint' : `${report.violations.length} constraints`}; nothing written:\n  ${report.violations.join('\n  ')}`);
  }
  await writeLinesAtomic(args.out, null, result.added.length, (i) => `${graph.labels[result.added[i]![0]]}\t${graph.labels[result.added[i]![1]]}`);
  await writeTextAtomic(summaryPath, JSON.stringify(report, null, 2) + '\n');
  io.err(
    `${result.method}: ${result.added.length} edges in ${result.seconds.toFixed(2)} s; largest target LCC ${report.maxTargetLcc[0].toPrecision(4)} → ${report.maxTargetLcc[1].toPrecision(4)}; largest rise elsewhere ${report.largestOtherIncrease.increase.toPrecision(3)} (ε ${args.epsilon}); every constraint checked; wrote ${args.out} and ${summaryPath}`,
  );
  return 0;
}
