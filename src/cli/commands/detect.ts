/**
 * n2n detect: find a connected anomalous subgraph in every block of an interdependent network
 * (GBGP and its variants, per-block Graph-IHT, or the top nodes by feature), and write
 * `node<TAB>block<TAB>x` for every node (the detected nodes have x > 0) and a JSON summary.
 */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { readInterdependent } from '../../graph/interdependent.js';
import { checkInputFile, checkOutputFile } from '../../util/paths.js';
import { ConfigError, InputError } from '../../util/errors.js';
import { writeTextAtomic } from '../../util/atomic-write.js';
import { writeLinesAtomic } from '../../graph/write-edges.js';
import { DETECT_METHODS, detect, featureIndex, type DetectMethod } from '../../tasks/detect/methods.js';
import { bridgeChanges, couplingScores, polish } from '../../tasks/detect/derivative.js';
import { readPairs } from '../../graph/read-pairs.js';
import { scoreDetection } from '../../tasks/detect/metrics.js';
import { readTargets } from '../../tasks/lcc/targets.js';
import type { ScanKind } from '../../tasks/detect/objective.js';
import type { CliIO } from '../io.js';
import { applyThreads, threadsOption, wholeFlag } from '../common-options.js';

export interface DetectArgs {
  method: string;
  input: string;
  nodes: string;
  sparsity: number;
  lambda: number;
  objective: string;
  feature?: string;
  maxIter: number;
  patience: number;
  out: string;
  summary?: string;
  truth?: string;
  threads?: number;
  derivative?: string;
  pairs?: string;
}

export function detectBuilder(y: Argv) {
  return threadsOption(y)
    .option('method', { alias: 'm', type: 'string', choices: [...DETECT_METHODS], default: 'gbgp', describe: 'gbgp (graph block-structured gradient projection), gb-iht, gb-ghtp (its IHT and GHTP variants), graph-iht (each block alone, no coupling), top (the s largest features per block)' })
    .option('input', { alias: 'i', type: 'string', demandOption: true, describe: 'the edge list over all blocks (src dst [weight]); edges between blocks are the coupling edges' })
    .option('nodes', { type: 'string', demandOption: true, describe: 'the node table: node<TAB>block<TAB>feature… (an optional header line names the columns)' })
    .option('sparsity', { alias: 's', type: 'number', demandOption: true, describe: 'the sparsity s per block (supports come out with up to about 2.5·s nodes: the relaxed model of the head and tail projections)' })
    .option('lambda', { type: 'number', default: 0.03, describe: 'the weight λ of the coupling penalty Σ_{E₀} (x_i − x_j)²' })
    .option('objective', { type: 'string', choices: ['ems', 'sum-ems'], default: 'ems', describe: 'ems: one elevated-mean scan statistic over all blocks (time stamps); sum-ems: the sum of the blocks’ scan statistics (a network of networks)' })
    .option('feature', { type: 'string', describe: 'the feature column to scan, by name (default: the first)' })
    .option('max-iter', { type: 'number', default: 30, describe: 'outer iterations at most' })
    .option('patience', { type: 'number', default: 5, describe: 'stop when the best F has not risen for this many iterations (the supports can cycle on noise; 0: never)' })
    .option('truth', { type: 'string', describe: 'a file of planted node labels (one per line): the summary then scores the detection (precision, recall, F1, IoU per block and overall)' })
    .option('derivative', { type: 'string', describe: 'write the derivative network: src<TAB>dst<TAB>kind<TAB>score, for every coupling edge (kind coupling: dF*/dA = −λ(x*_i − x*_j)² with the supports fixed) and every bridge of a detected subgraph (kind bridge: the exact change of F* when it is removed)' })
    .option('pairs', { type: 'string', describe: 'with --derivative: candidate coupling pairs (src dst per line, nodes of different blocks) scored too (kind candidate)' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'node<TAB>block<TAB>x for every node (written atomically)' })
    .option('summary', { type: 'string', describe: 'the JSON summary (objective, iterations, converged, time, support per block); default: OUT.json' })
    .example('$0 detect --input grid.edges --nodes grid.nodes.tsv --sparsity 10 --out detected.tsv', 'GBGP on an evolving grid');
}

export async function detectCommand(args: ArgumentsCamelCase<DetectArgs> | DetectArgs, io: CliIO): Promise<number> {
  applyThreads(args.threads, io.err);
  wholeFlag(args.sparsity, 'sparsity', 1);
  wholeFlag(args.maxIter, 'max-iter', 1);
  wholeFlag(args.patience, 'patience', 0);
  if (!(args.lambda >= 0 && Number.isFinite(args.lambda))) throw new ConfigError(`--lambda must be a finite number ≥ 0, got ${args.lambda}`);
  checkInputFile(args.input);
  checkInputFile(args.nodes);
  if (args.truth !== undefined) checkInputFile(args.truth);
  if (args.pairs !== undefined && args.derivative === undefined) throw new ConfigError('--pairs scores candidate coupling pairs in the derivative network: give --derivative FILE too');
  if (args.pairs !== undefined) checkInputFile(args.pairs);
  if (args.derivative !== undefined) checkOutputFile(args.derivative, '--derivative');
  checkOutputFile(args.out, '--out');
  const summaryPath = args.summary ?? `${args.out}.json`;
  checkOutputFile(summaryPath, '--summary');
  const net = await readInterdependent(args.input, args.nodes);
  const feature = featureIndex(net, args.feature, '--feature');
  io.err(`loaded ${net.graph.n} nodes in ${net.blocks.length} blocks, ${net.graph.edges.src.length - net.coupling.src.length} edges inside blocks and ${net.coupling.src.length} coupling edges`);
  const truth = args.truth !== undefined ? await readTargets(args.truth, net.graph) : null;
  const r = await detect(net, {
    method: args.method as DetectMethod,
    objective: args.objective as ScanKind,
    s: args.sparsity,
    lambda: args.lambda,
    feature,
    maxIter: args.maxIter,
    patience: args.patience,
    onIteration: (i) => io.err(`${args.method}: iteration ${i.iteration}: F ${i.value.toPrecision(6)}, change ${i.change.toExponential(2)}, ${i.support} nodes selected`),
  });
  if (!r.converged) io.err(`${args.method}: stopped after ${r.iterations} iterations without converging (${r.stopReason === 'stalled' ? `the best F had not risen for ${args.patience} iterations` : 'the iteration cap'}; last change ${r.change.toExponential(2)}); the result is the iterate of largest F, from iteration ${r.returned}`);
  const labels = net.graph.labels;
  await writeLinesAtomic(args.out, 'node\tblock\tx', net.graph.n, (v) => `${labels[v]}\t${net.blocks[net.block[v]!]!.name}\t${r.x[v]}`);
  const perBlock = net.blocks.map((b) => {
    let support = 0;
    for (const v of b.nodes) if (r.x[v]! > 0) support++;
    return { block: b.name, support, ...(truth ? { scores: scoreDetection(r.x, indicator(truth, net.graph.n), b.nodes) } : {}) };
  });
  let derivativeFacts: Record<string, unknown> | undefined;
  if (args.derivative !== undefined) {
    const problem = r.problem;
    const star = polish(problem, r.support, r.x);
    if (!star.converged) io.err(`derivative: F* on the fixed supports did not converge in ${star.iterations} steps; the scores use its last iterate`);
    const c = net.coupling;
    const rows: string[] = [];
    const scores = couplingScores(problem, star.x, c.src, c.dst);
    for (let k = 0; k < c.src.length; k++) rows.push(`${labels[c.src[k]!]}\t${labels[c.dst[k]!]}\tcoupling\t${scores[k]}`);
    let candidates = 0;
    if (args.pairs !== undefined) {
      const pairs = await readPairs(args.pairs, net.graph);
      for (let k = 0; k < pairs.src.length; k++) {
        if (net.block[pairs.src[k]!] === net.block[pairs.dst[k]!]) throw new InputError(args.pairs, pairs.line[k]!, `${labels[pairs.src[k]!]} and ${labels[pairs.dst[k]!]} are in the same block: only coupling pairs (different blocks) have a derivative here; an edge inside a block matters only through connectivity (the bridges)`);
      }
      const cand = couplingScores(problem, star.x, pairs.src, pairs.dst);
      for (let k = 0; k < pairs.src.length; k++) rows.push(`${labels[pairs.src[k]!]}\t${labels[pairs.dst[k]!]}\tcandidate\t${cand[k]}`);
      candidates = pairs.src.length;
    }
    const bridges = bridgeChanges(problem, net, r.support, star.x, star.value);
    const E = net.graph.edges;
    for (const b of bridges) rows.push(`${labels[E.src[b.edge]!]}\t${labels[E.dst[b.edge]!]}\tbridge\t${b.delta}`);
    await writeLinesAtomic(args.derivative, 'src\tdst\tkind\tscore', rows.length, (k) => rows[k]!);
    derivativeFacts = { fStar: star.value, fStarIterations: star.iterations, fStarConverged: star.converged, coupling: c.src.length, candidates, bridges: bridges.length, bridgeSolvesUnconverged: bridges.filter((b) => !b.converged).length };
    io.err(`derivative: F* ${star.value.toPrecision(6)} on the fixed supports; ${c.src.length} coupling edges${candidates ? `, ${candidates} candidate pairs` : ''} and ${bridges.length} bridges scored; wrote ${args.derivative}`);
  }
  const summary = {
    method: r.method,
    objective: args.objective,
    lambda: args.lambda,
    sparsity: args.sparsity,
    value: r.value,
    iterations: r.iterations,
    converged: r.converged,
    change: r.change,
    stopReason: r.stopReason,
    returnedIteration: r.returned,
    history: r.history,
    innerUnconverged: r.innerUnconverged,
    pcsfCalls: r.pcsfCalls,
    threads: r.threads,
    seconds: r.seconds,
    support: perBlock.reduce((a, b) => a + b.support, 0),
    ...(truth ? { scores: scoreDetection(r.x, indicator(truth, net.graph.n)) } : {}),
    ...(derivativeFacts ? { derivative: derivativeFacts } : {}),
    blocks: perBlock,
  };
  await writeTextAtomic(summaryPath, JSON.stringify(summary, null, 2) + '\n');
  io.err(`${r.method}: F ${r.value.toPrecision(6)} after ${r.iterations} iterations in ${r.seconds.toFixed(2)} s; ${summary.support} nodes selected${summary.scores ? `; F1 ${summary.scores.f1.toFixed(3)}, IoU ${summary.scores.iou.toFixed(3)}` : ''}; wrote ${args.out} and ${summaryPath}`);
  return 0;
}

function indicator(nodes: Int32Array, n: number): Uint8Array {
  const t = new Uint8Array(n);
  for (const v of nodes) t[v] = 1;
  return t;
}
