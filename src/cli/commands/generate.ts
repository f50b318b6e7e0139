/**
 * n2n generate KIND [options] --out FILE: a seeded random graph (R-MAT, Erdős–Rényi,
 * Barabási–Albert, Watts–Strogatz, stochastic block model) as a SNAP edge list, or a
 * low-rank-plus-noise rating matrix as `user item value` triples. The header comment says
 * the direction, so `n2n derive` and pipelines read the file back as it was made.
 */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { writeLinesAtomic } from '../../graph/write-edges.js';
import { checkOutputFile } from '../../util/paths.js';
import { everySeconds } from '../../util/throttle.js';
import {
  GENERATOR_KINDS,
  expectedSize,
  generateAttributed,
  generateEdges,
  generateRatings,
  generatorSchemas,
  type GcrfGeneratorSpec,
  type GeneratorKind,
  type GeneratorSpec,
  type GraphGeneratorSpec,
} from '../../graph/generators/generated.js';
import { ConfigError } from '../../util/errors.js';
import type { CliIO } from '../io.js';

export interface GenerateArgs {
  kind: string;
  out: string;
  seed: number;
  scale?: number;
  edgeFactor?: number;
  a?: number;
  b?: number;
  c?: number;
  n?: number;
  p?: number;
  degree?: number;
  m?: number;
  k?: number;
  beta?: number;
  sizes?: string;
  pIn?: number;
  alphaStar?: number;
  betaStar?: number;
  nodesOut?: string;
  pOut?: number;
  users?: number;
  items?: number;
  ratings?: number;
  rank?: number;
  noise?: number;
  directed?: boolean;
  blocksOut?: string;
  quiet: boolean;
}

/** The CLI options each kind takes: its schema's keys (camelCase, as in a pipeline's dataset.generator) but kind and seed. */
const kindOptions = (kind: GeneratorKind): (keyof GenerateArgs)[] =>
  Object.keys(generatorSchemas[kind].shape).filter((k) => k !== 'kind' && k !== 'seed') as (keyof GenerateArgs)[];

export function generateBuilder(y: Argv) {
  const group = (names: string[], title: string) => y.group(names, title);
  group(['scale', 'edge-factor', 'a', 'b', 'c'], 'rmat (R-MAT / Kronecker; directed unless --no-directed):');
  group(['n', 'p', 'degree', 'directed'], 'er (Erdős–Rényi G(n, p); undirected unless --directed), ba, ws:');
  group(['m', 'k', 'beta'], 'ba (Barabási–Albert: m edges per new node), ws (Watts–Strogatz: ring of k neighbours, rewired with probability beta):');
  group(['sizes', 'p-in', 'p-out', 'blocks-out'], 'sbm (stochastic block model):');
  group(['users', 'items', 'ratings', 'rank', 'noise'], 'ratings (low rank plus Gaussian noise):');
  group(['alpha-star', 'beta-star', 'nodes-out'], 'gcrf (GCRF data on an ER graph: --n, --degree, weights exp(−|Δỹ|), y and the predictor R = Q*(y + ε)/α*):');
  return y
    .positional('kind', { type: 'string', choices: GENERATOR_KINDS, demandOption: true, describe: 'what to generate' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'file to write (atomically)' })
    .option('seed', { type: 'number', default: 1, describe: 'random seed: the same options and seed give the same file' })
    .option('scale', { type: 'number', describe: '2^scale nodes' })
    .option('edge-factor', { type: 'number', describe: 'edges per node (before duplicates merge)' })
    .option('a', { type: 'number', describe: 'quadrant probability a (default 0.57)' })
    .option('b', { type: 'number', describe: 'quadrant probability b (default 0.19)' })
    .option('c', { type: 'number', describe: 'quadrant probability c (default 0.19)' })
    .option('n', { type: 'number', describe: 'nodes' })
    .option('p', { type: 'number', describe: 'edge probability (er)' })
    .option('degree', { type: 'number', describe: 'expected degree, instead of p (er)' })
    .option('directed', { type: 'boolean', describe: 'directed graph (rmat, er)' })
    .option('m', { type: 'number', describe: 'edges per new node (ba)' })
    .option('k', { type: 'number', describe: 'even number of ring neighbours (ws)' })
    .option('beta', { type: 'number', describe: 'rewiring probability (ws)' })
    .option('sizes', { type: 'string', describe: 'block sizes, comma-separated, e.g. 100,100,50 (sbm)' })
    .option('p-in', { type: 'number', describe: 'edge probability inside a block (sbm)' })
    .option('p-out', { type: 'number', describe: 'edge probability between blocks (sbm)' })
    .option('blocks-out', { type: 'string', describe: "write 'node<TAB>block' (the planted clusters) here (sbm)" })
    .option('users', { type: 'number', describe: 'rows (ratings)' })
    .option('items', { type: 'number', describe: 'columns (ratings)' })
    .option('ratings', { type: 'number', describe: 'observed cells (ratings)' })
    .option('rank', { type: 'number', describe: 'rank of the hidden matrix (ratings, default 5)' })
    .option('noise', { type: 'number', describe: 'noise standard deviation (ratings, default 0.1; gcrf: ε, default 0.33)' })
    .option('alpha-star', { type: 'number', describe: 'the true α (gcrf, default 1)' })
    .option('beta-star', { type: 'number', describe: 'the true β (gcrf, default 5)' })
    .option('nodes-out', { type: 'string', describe: "write the node table 'node<TAB>y<TAB>r1' here (gcrf; required)" })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no summary line' })
    .example('$0 generate rmat --scale 16 --edge-factor 8 --seed 1 --out rmat16.txt', 'a directed R-MAT graph, 65,536 nodes')
    .example('$0 generate sbm --sizes 200,200,200 --p-in 0.05 --p-out 0.002 --out sbm.txt --blocks-out truth.tsv', 'three planted clusters')
    .example('$0 generate ratings --users 1000 --items 500 --ratings 20000 --out r.tsv', 'a rank-5 rating matrix as triples');
}

/** The generator spec from command-line options, validated by the same schema pipelines use. */
export function specFromArgs(args: GenerateArgs): { kind: GeneratorKind; spec: unknown } {
  const kind = args.kind as GeneratorKind;
  if (!GENERATOR_KINDS.includes(kind)) throw new ConfigError(`generate: unknown kind '${args.kind}'; expected one of ${GENERATOR_KINDS.join(', ')}`);
  const allowed = kindOptions(kind);
  const raw: Record<string, unknown> = { kind, seed: args.seed };
  for (const key of new Set(GENERATOR_KINDS.flatMap(kindOptions))) {
    const v = args[key];
    if (v === undefined) continue;
    if (!allowed.includes(key)) throw new ConfigError(`generate ${kind}: --${kebab(key)} is not an option of ${kind}; it takes ${allowed.map((k) => '--' + kebab(k)).join(', ')}`);
    if (key === 'sizes') {
      const sizes = String(v).split(',').map((s) => Number(s.trim()));
      if (sizes.some((s) => !Number.isFinite(s))) throw new ConfigError(`generate sbm: --sizes expects comma-separated integers, got '${v}'`);
      raw.sizes = sizes;
    } else raw[key] = v;
  }
  if (args.blocksOut !== undefined && kind !== 'sbm') throw new ConfigError('generate: --blocks-out is for sbm only');
  if (args.nodesOut !== undefined && kind !== 'gcrf') throw new ConfigError('generate: --nodes-out is for gcrf only');
  if (args.nodesOut === undefined && kind === 'gcrf') throw new ConfigError('generate gcrf: --nodes-out FILE is required (the node table: y and the predictor)');
  const r = generatorSchemas[kind].safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const at = issue.path.length ? `--${kebab(String(issue.path[0]))}` : 'options';
    throw new ConfigError(`generate ${kind}: ${at}: ${issue.message}`);
  }
  return { kind, spec: r.data };
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export async function generateCommand(args: ArgumentsCamelCase<GenerateArgs> | GenerateArgs, io: CliIO): Promise<number> {
  const { kind, spec } = specFromArgs(args);
  checkOutputFile(args.out, '--out');
  if (args.blocksOut) checkOutputFile(args.blocksOut, '--blocks-out');
  if (args.nodesOut) checkOutputFile(args.nodesOut, '--nodes-out');
  const started = performance.now();
  const say = args.quiet ? undefined : io.err;
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const alive = everySeconds(3, say);
  const { nodes, edges } = expectedSize(spec as GeneratorSpec);
  say?.(`generating ${kind}: about ${Math.round(edges).toLocaleString('en')} ${kind === 'ratings' ? 'ratings' : 'edges'} on ${nodes.toLocaleString('en')} ${kind === 'ratings' ? 'users and items' : 'nodes'}`);
  const writing = (m: number) => (k: number) => alive(() => `writing ${args.out}: ${k.toLocaleString('en')} of ${m.toLocaleString('en')} lines (${elapsed()})`);
  if (kind === 'ratings') {
    const R = generateRatings(spec as Parameters<typeof generateRatings>[0]);
    const m = R.user.length;
    say?.(`generated ${m.toLocaleString('en')} ratings (${elapsed()}); writing ${args.out}`);
    const header = `# n2n generate ${describe(spec)}\n# ${R.userLabels.length} users, ${R.itemLabels.length} items, ${m} ratings (user item value)`;
    await writeLinesAtomic(args.out, header, m, (e) => `${R.userLabels[R.user[e]!]}\t${R.itemLabels[R.item[e]!]}\t${R.value[e]!}`, writing(m));
    if (!args.quiet) io.err(`wrote ${args.out}: ${R.userLabels.length} users × ${R.itemLabels.length} items, ${m} ratings (${((performance.now() - started) / 1000).toFixed(2)} s)`);
    return 0;
  }
  if (kind === 'gcrf') {
    const a = generateAttributed(spec as GcrfGeneratorSpec);
    const { graph } = a;
    const m = graph.edges.src.length;
    const header = `# Undirected graph: ${graph.source} (each pair listed once; weight = exp(−|Δỹ|))\n# n2n generate ${describe(spec)}\n# Nodes: ${graph.n} Edges: ${m}\n# FromNodeId\tToNodeId\tWeight`;
    await writeLinesAtomic(args.out, header, m, (e) => `${graph.labels[graph.edges.src[e]!]}\t${graph.labels[graph.edges.dst[e]!]}\t${graph.edges.weight[e]!}`, writing(m));
    const y = a.y!;
    const r = a.R[0]!;
    await writeLinesAtomic(args.nodesOut!, 'node\ty\tr1', graph.n, (i) => `${graph.labels[i]}\t${y[i]!}\t${r[i]!}`);
    if (!args.quiet) io.err(`wrote ${args.out}: ${graph.n} nodes, ${m} weighted undirected edges, and the node table ${args.nodesOut} (${elapsed()})`);
    return 0;
  }
  const g = generateEdges(spec as GraphGeneratorSpec, (done, total) => alive(() => `generating: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} edges (${elapsed()})`));
  const m = g.src.length;
  say?.(`generated ${m.toLocaleString('en')} edges (${elapsed()}); writing ${args.out}`);
  const header =
    `# ${g.directed ? 'Directed' : 'Undirected'} graph: ${g.description}${g.directed ? '' : ' (each pair listed once)'}\n` +
    `# n2n generate ${describe(spec)}\n# Nodes: ${g.n} Edges: ${m}\n# FromNodeId\tToNodeId`;
  await writeLinesAtomic(args.out, header, m, (e) => `${g.src[e]!}\t${g.dst[e]!}`, writing(m));
  if (args.blocksOut && g.blocks) {
    const blocks = g.blocks;
    await writeLinesAtomic(args.blocksOut, 'node\tblock', g.n, (i) => `${i}\t${blocks[i]!}`);
  }
  if (!args.quiet) {
    io.err(`wrote ${args.out}: ${g.n} nodes, ${m} ${g.directed ? 'directed' : 'undirected'} edges before duplicates merge (${((performance.now() - started) / 1000).toFixed(2)} s)`);
  }
  return 0;
}

function describe(spec: unknown): string {
  const { kind, ...rest } = spec as Record<string, unknown>;
  return `${String(kind)} ${Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `--${kebab(k)} ${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ')}`;
}
