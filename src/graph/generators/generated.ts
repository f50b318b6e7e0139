/**
 * The generators as one family: their option schemas (shared by `n2n generate` and a
 * pipeline's `dataset.generator`), and one entry point from a spec to a graph or a rating
 * matrix. Every generator is seeded: the same spec gives the same output.
 */
import { totalmem } from 'node:os';
import { z } from 'zod';
import { buildGraph, type Graph } from '../graph.js';
import { ConfigError } from '../../util/errors.js';
import { rmatEdges } from './rmat.js';
import { erdosRenyiEdges } from './erdos-renyi.js';
import { barabasiAlbertEdges } from './barabasi-albert.js';
import { wattsStrogatzEdges } from './watts-strogatz.js';
import { sbmEdges } from './sbm.js';
import { lowRankRatings } from '../../ratings/generate-ratings.js';
import type { Ratings } from '../../ratings/ratings.js';
import type { AttributedGraph } from '../attributed.js';
import { gcrfData } from './gcrf-data.js';

/** Raw generated edges over nodes 0..n−1 (undirected: each pair once). */
export interface GeneratedEdges {
  n: number;
  src: Int32Array;
  dst: Int32Array;
  directed: boolean;
  description: string;
}

const seed = z.number().int().default(1);
const probability = z.number().min(0).max(1);

export const generatorSchemas = {
  rmat: z
    .object({
      kind: z.literal('rmat'),
      scale: z.number().int().min(1).max(30),
      edgeFactor: z.number().positive(),
      a: z.number().optional(),
      b: z.number().optional(),
      c: z.number().optional(),
      directed: z.boolean().optional(),
      seed,
    })
    .strict(),
  er: z
    .object({ kind: z.literal('er'), n: z.number().int().min(2), p: probability.optional(), degree: z.number().nonnegative().optional(), directed: z.boolean().optional(), seed })
    .strict()
    .refine((o) => (o.p === undefined) !== (o.degree === undefined), { message: 'give exactly one of p (edge probability) and degree (expected degree)' }),
  ba: z.object({ kind: z.literal('ba'), n: z.number().int().min(2), m: z.number().int().positive(), seed }).strict(),
  ws: z.object({ kind: z.literal('ws'), n: z.number().int().min(3), k: z.number().int().min(2), beta: probability, seed }).strict(),
  sbm: z.object({ kind: z.literal('sbm'), sizes: z.array(z.number().int().positive()).min(1), pIn: probability, pOut: probability, seed }).strict(),
  ratings: z
    .object({
      kind: z.literal('ratings'),
      users: z.number().int().positive(),
      items: z.number().int().positive(),
      ratings: z.number().int().positive(),
      rank: z.number().int().positive().default(5),
      noise: z.number().nonnegative().default(0.1),
      seed,
    })
    .strict(),
  gcrf: z
    .object({
      kind: z.literal('gcrf'),
      n: z.number().int().min(2),
      degree: z.number().positive(),
      alphaStar: z.number().positive().default(1),
      betaStar: z.number().nonnegative().default(5),
      noise: z.number().nonnegative().default(0.33),
      seed,
    })
    .strict(),
} as const;

export type GeneratorKind = keyof typeof generatorSchemas;
export const GENERATOR_KINDS = Object.keys(generatorSchemas) as GeneratorKind[];
export const generatorSchema = z.discriminatedUnion('kind', [
  generatorSchemas.rmat,
  generatorSchemas.er,
  generatorSchemas.ba,
  generatorSchemas.ws,
  generatorSchemas.sbm,
  generatorSchemas.ratings,
  generatorSchemas.gcrf,
]);
export type GeneratorSpec = z.infer<typeof generatorSchema>;
export type GraphGeneratorSpec = Exclude<GeneratorSpec, { kind: 'ratings' | 'gcrf' }>;
export type GcrfGeneratorSpec = Extract<GeneratorSpec, { kind: 'gcrf' }>;

/** Every option key any generator takes (for unknown-key suggestions). */
export const GENERATOR_KEYS = [...new Set(Object.values(generatorSchemas).flatMap((s) => Object.keys(s.shape)))];

/** Short name for results and file names: kind and parameters, e.g. `ba-n1000-m3-g1`. */
export function generatorName(g: GeneratorSpec): string {
  switch (g.kind) {
    case 'rmat':
      return `rmat-s${g.scale}-e${g.edgeFactor}-g${g.seed}`;
    case 'er':
      return `er-n${g.n}-${g.p !== undefined ? `p${g.p}` : `d${g.degree}`}-g${g.seed}`;
    case 'ba':
      return `ba-n${g.n}-m${g.m}-g${g.seed}`;
    case 'ws':
      return `ws-n${g.n}-k${g.k}-b${g.beta}-g${g.seed}`;
    case 'sbm':
      return `sbm-${g.sizes.join('x')}-i${g.pIn}-o${g.pOut}-g${g.seed}`;
    case 'ratings':
      return `ratings-${g.users}x${g.items}-m${g.ratings}-r${g.rank}-g${g.seed}`;
    case 'gcrf':
      return `gcrf-n${g.n}-d${g.degree}-b${g.betaStar}-g${g.seed}`;
  }
}

/** The raw edges of a graph generator (and the planted blocks of an SBM). */
/** Bytes per edge from generation to a built graph (endpoints, CSR, edge maps, weights), and per node. */
const BYTES_PER_EDGE = 64;
const BYTES_PER_NODE = 64;
const MAX_ITEMS = 2 ** 31 - 1;

/** Nodes and expected edges (or ratings) a spec will make, before making them. */
export function expectedSize(g: GeneratorSpec): { nodes: number; edges: number } {
  switch (g.kind) {
    case 'rmat':
      return { nodes: 2 ** g.scale, edges: 2 ** g.scale * g.edgeFactor };
    case 'er': {
      const pairs = (g.n * (g.n - 1)) / ((g.directed ?? false) ? 1 : 2);
      return { nodes: g.n, edges: g.p !== undefined ? g.p * pairs : ((g.degree ?? 0) * g.n) / 2 };
    }
    case 'ba':
      return { nodes: g.n, edges: g.n * g.m };
    case 'ws':
      return { nodes: g.n, edges: (g.n * g.k) / 2 };
    case 'sbm': {
      const n = g.sizes.reduce((a, b) => a + b, 0);
      const inside = g.sizes.reduce((a, s) => a + (s * (s - 1)) / 2, 0);
      return { nodes: n, edges: g.pIn * inside + g.pOut * ((n * (n - 1)) / 2 - inside) };
    }
    case 'ratings':
      return { nodes: g.users + g.items, edges: g.ratings };
    case 'gcrf':
      return { nodes: g.n, edges: (g.degree * g.n) / 2 };
  }
}

/**
 * Refuse a spec that cannot fit, before allocating: more edges than one typed array holds, or
 * more memory than the machine has (saying how much it would need).
 */
export function checkGeneratorSize(g: GeneratorSpec, totalBytes = totalmem()): void {
  const { nodes, edges } = expectedSize(g);
  const what = g.kind === 'ratings' ? 'ratings' : 'edges';
  if (edges > MAX_ITEMS || nodes > MAX_ITEMS) {
    throw new ConfigError(`generator ${g.kind}: about ${edges.toExponential(2)} ${what} on ${nodes.toExponential(2)} nodes; at most ${MAX_ITEMS} (2^31 − 1) of either fit`);
  }
  const need = edges * BYTES_PER_EDGE + nodes * BYTES_PER_NODE;
  if (need > totalBytes) {
    const gb = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;
    throw new ConfigError(`generator ${g.kind}: about ${Math.round(edges).toLocaleString('en')} ${what} on ${nodes.toLocaleString('en')} nodes would need about ${gb(need)} of memory; this machine has ${gb(totalBytes)}`);
  }
}

export function generateEdges(g: GraphGeneratorSpec, onProgress?: (done: number, total: number) => void): GeneratedEdges & { blocks?: Int32Array } {
  checkGeneratorSize(g);
  switch (g.kind) {
    case 'rmat': {
      const directed = g.directed ?? true;
      const { n, src, dst } = rmatEdges(g, onProgress);
      return { n, src, dst, directed, description: `rmat(scale=${g.scale}, edgeFactor=${g.edgeFactor}, ${directed ? 'directed' : 'undirected'}, seed=${g.seed})` };
    }
    case 'er':
      return erdosRenyiEdges(g);
    case 'ba':
      return barabasiAlbertEdges(g);
    case 'ws':
      return wattsStrogatzEdges(g);
    case 'sbm':
      return sbmEdges(g);
  }
}

/**
 * A generated graph. `directed` overrides the generator's own direction where it has one
 * (rmat, er); ba, ws and sbm are undirected models and refuse `directed: true`.
 */
export function generateGraph(g: GraphGeneratorSpec, directed?: boolean): Graph {
  const own = g.kind === 'rmat' || g.kind === 'er' ? g.directed : false;
  if ((g.kind === 'ba' || g.kind === 'ws' || g.kind === 'sbm') && directed === true) {
    throw new ConfigError(`generator ${g.kind}: an undirected model; it cannot make a directed graph (use rmat or er)`);
  }
  const dir = directed ?? own ?? (g.kind === 'rmat');
  const spec = g.kind === 'rmat' || g.kind === 'er' ? { ...g, directed: dir } : g;
  const e = generateEdges(spec);
  const labels = Array.from({ length: e.n }, (_, i) => String(i));
  return buildGraph(labels, { src: e.src, dst: e.dst, weight: new Float64Array(e.src.length).fill(1) }, { directed: e.directed, source: e.description });
}

/** A generated attributed graph (GCRF data: weighted ER graph, y and one predictor per node); always undirected. */
export function generateAttributed(g: GcrfGeneratorSpec, directed?: boolean): AttributedGraph {
  if (directed === true) throw new ConfigError('generator gcrf: GCRF needs a symmetric similarity matrix; it makes undirected graphs');
  checkGeneratorSize(g);
  return gcrfData(g);
}

export function generateRatings(g: Extract<GeneratorSpec, { kind: 'ratings' }>): Ratings {
  checkGeneratorSize(g);
  return lowRankRatings(g);
}
