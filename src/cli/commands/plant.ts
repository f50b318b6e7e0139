/**
 * n2n plant KIND --out PREFIX: a synthetic interdependent network with a planted connected
 * subgraph, for `n2n detect` (tasks/detect/generators.ts): PREFIX.edges (src dst),
 * PREFIX.nodes.tsv (node block c) and PREFIX.truth (the planted nodes, one per line).
 * - evolving-grid: a side×side grid per time stamp, the same node joined across consecutive stamps;
 * - ba-nn: Barabási–Albert blocks joined by random coupling edges.
 */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { baNetworkOfNetworks, evolvingGrid, writePlanted } from '../../tasks/detect/generators.js';
import { checkOutputFile } from '../../util/paths.js';
import { ConfigError } from '../../util/errors.js';
import type { CliIO } from '../io.js';
import { wholeFlag } from '../common-options.js';

export interface PlantArgs {
  kind: string;
  out: string;
  seed: number;
  side?: number;
  stamps: number;
  sizes?: string;
  overlap: number;
  mean: number;
  blocks?: number;
  blockSize?: number;
  m: number;
  coupling?: number;
  plantedBlocks: number;
  plantedSize?: number;
}

export function plantBuilder(y: Argv) {
  return y
    .positional('kind', { type: 'string', choices: ['evolving-grid', 'ba-nn'], demandOption: true, describe: 'evolving-grid (a grid at each time stamp) or ba-nn (a network of Barabási–Albert networks)' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'prefix of the three files: PREFIX.edges, PREFIX.nodes.tsv, PREFIX.truth (written atomically)' })
    .option('seed', { type: 'number', default: 1, describe: 'random seed: the same options and seed give the same files' })
    .option('side', { type: 'number', describe: 'evolving-grid: the grid is side × side' })
    .option('stamps', { type: 'number', default: 9, describe: 'evolving-grid: time stamps (blocks)' })
    .option('sizes', { type: 'string', describe: 'evolving-grid: planted sizes in consecutive middle stamps, comma-separated (default 10,15,20,15,10)' })
    .option('overlap', { type: 'number', default: 0.8, describe: 'evolving-grid: share of the smaller of two consecutive planted sets they have in common' })
    .option('mean', { type: 'number', default: 5, describe: 'the planted nodes’ feature mean (N(mean, 1); N(0, 1) elsewhere)' })
    .option('blocks', { type: 'number', describe: 'ba-nn: blocks' })
    .option('block-size', { type: 'number', describe: 'ba-nn: nodes per block' })
    .option('m', { type: 'number', default: 2, describe: 'ba-nn: edges per new node inside a block' })
    .option('coupling', { type: 'number', describe: 'ba-nn: coupling edges between random blocks (default: a tenth of the nodes)' })
    .option('planted-blocks', { type: 'number', default: 1, describe: 'ba-nn: blocks holding a planted subgraph' })
    .option('planted-size', { type: 'number', describe: 'ba-nn: nodes of each planted subgraph' })
    .example('$0 plant evolving-grid --side 30 --out grid', 'the 30×30 evolving grid of the GBGP experiments')
    .example('$0 plant ba-nn --blocks 100 --block-size 1000 --planted-blocks 10 --planted-size 30 --out ba', 'a 100,000-node network of networks');
}

export async function plantCommand(args: ArgumentsCamelCase<PlantArgs> | PlantArgs, io: CliIO): Promise<number> {
  for (const ext of ['edges', 'nodes.tsv', 'truth']) checkOutputFile(`${args.out}.${ext}`, '--out');
  let planted;
  const kindNote = `for ${args.kind}`;
  try {
    if (args.kind === 'evolving-grid') {
      const sizes = args.sizes?.split(',').map((s) => Number(s.trim()));
      if (sizes?.some((s) => !(Number.isInteger(s) && s >= 1))) throw new ConfigError(`--sizes expects comma-separated whole numbers ≥ 1, got '${args.sizes}'`);
      if (!(args.overlap > 0 && args.overlap <= 1)) throw new ConfigError(`--overlap must lie in (0, 1], got ${args.overlap}`);
      planted = evolvingGrid({ side: wholeFlag(args.side, 'side', 2, kindNote), stamps: wholeFlag(args.stamps, 'stamps', 1, kindNote), ...(sizes ? { sizes } : {}), overlap: args.overlap, mean: args.mean, seed: args.seed });
    } else if (args.kind === 'ba-nn') {
      const blocks = wholeFlag(args.blocks, 'blocks', 1, kindNote);
      const blockSize = wholeFlag(args.blockSize, 'block-size', 3, kindNote);
      planted = baNetworkOfNetworks({ blocks, blockSize, m: wholeFlag(args.m, 'm', 1, kindNote), coupling: args.coupling === undefined ? Math.round((blocks * blockSize) / 10) : wholeFlag(args.coupling, 'coupling', 0, kindNote), plantedBlocks: wholeFlag(args.plantedBlocks, 'planted-blocks', 1, kindNote), plantedSize: wholeFlag(args.plantedSize, 'planted-size', 1, kindNote), mean: args.mean, seed: args.seed });
    } else throw new ConfigError(`plant: unknown kind '${args.kind}'; expected evolving-grid or ba-nn`);
  } catch (e) {
    if (e instanceof RangeError) throw new ConfigError(e.message);
    throw e;
  }
  const paths = await writePlanted(args.out, planted);
  const { network, truth } = planted;
  io.err(`wrote ${paths.join(', ')}: ${network.graph.n} nodes in ${network.blocks.length} blocks, ${network.graph.edges.src.length} edges (${network.coupling.src.length} coupling), ${truth.reduce((a, b) => a + b, 0)} planted nodes`);
  return 0;
}
