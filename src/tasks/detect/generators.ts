/**
 * Synthetic interdependent networks with a planted connected subgraph (SEEDS-SPEC §1.5):
 * - the evolving grid: a side×side grid at each of `stamps` time stamps (one block each; node
 *   i at stamp t is labelled `i@t`, and joined to `i@t+1` by a coupling edge); a connected
 *   subgraph is planted in the middle stamps with sizes `sizes` (default 10, 15, 20, 15, 10 in
 *   stamps 2–6 of 9): each stamp keeps a connected part of the last one holding `overlap` of the
 *   smaller of the two sizes and grows by random steps to the grid neighbours; features N(μ, 1)
 *   inside, N(0, 1) outside;
 * - a Barabási–Albert network of networks: `blocks` BA graphs of `blockSize` nodes (m edges per
 *   new node), `coupling` random edges between random pairs of blocks, and in `plantedBlocks`
 *   of them a connected subgraph of `plantedSize` nodes grown by random steps; features as above.
 */
import { Rng } from '../../util/rng.js';
import { buildGraph } from '../../graph/graph.js';
import { partition, type Interdependent } from '../../graph/interdependent.js';
import { writeLinesAtomic } from '../../graph/write-edges.js';

export interface Planted {
  network: Interdependent;
  /** 1 on the planted nodes (global order) */
  truth: Uint8Array;
}

function assemble(labels: string[], block: Int32Array, blockNames: string[], src: number[], dst: number[], c: Float64Array, source: string): Interdependent {
  const graph = buildGraph(labels, { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: new Float64Array(src.length).fill(1) }, { directed: false, source });
  return partition(graph, block, blockNames, Array.from(c, (v) => [v]), ['c']);
}

/** A connected set of `size` nodes grown from `seed` set by random steps to neighbours (nbr(v) lists v's neighbours). */
function growConnected(rng: Rng, start: number[], size: number, nbr: (v: number) => number[]): number[] {
  const set = new Set(start);
  const list = [...start];
  let guard = 0;
  while (list.length < size && guard++ < 1000 * size) {
    const v = list[rng.int(list.length)]!;
    const ns = nbr(v);
    const w = ns[rng.int(ns.length)]!;
    if (!set.has(w)) (set.add(w), list.push(w));
  }
  return list;
}

/** A connected subset of `set` with `size` nodes (BFS inside the set from a random member). */
function connectedPart(rng: Rng, set: number[], size: number, nbr: (v: number) => number[]): number[] {
  const inside = new Set(set);
  const start = set[rng.int(set.length)]!;
  const seen = new Set([start]);
  const order = [start];
  for (let h = 0; h < order.length && order.length < size; h++) {
    const ns = [...nbr(order[h]!)];
    for (let i = ns.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [ns[i], ns[j]] = [ns[j]!, ns[i]!];
    }
    for (const w of ns) if (inside.has(w) && !seen.has(w) && order.length < size) (seen.add(w), order.push(w));
  }
  return order;
}

export interface EvolvingGridSpec {
  side: number;
  stamps?: number;
  /** planted sizes in consecutive stamps, centred in the stamps */
  sizes?: number[];
  overlap?: number;
  mean?: number;
  seed: number;
}

export function evolvingGrid(spec: EvolvingGridSpec): Planted {
  const { side } = spec;
  const stamps = spec.stamps ?? 9;
  const sizes = spec.sizes ?? [10, 15, 20, 15, 10];
  const overlap = spec.overlap ?? 0.8;
  const mean = spec.mean ?? 5;
  if (sizes.length > stamps) throw new RangeError(`evolving grid: ${sizes.length} planted sizes for ${stamps} stamps`);
  if (Math.max(...sizes) > side * side) throw new RangeError(`evolving grid: a planted size above the ${side * side} nodes of a stamp`);
  const rng = new Rng(spec.seed);
  const N = side * side;
  const nbr = (v: number): number[] => {
    const r = Math.floor(v / side);
    const c = v % side;
    const out: number[] = [];
    if (r > 0) out.push(v - side);
    if (r + 1 < side) out.push(v + side);
    if (c > 0) out.push(v - 1);
    if (c + 1 < side) out.push(v + 1);
    return out;
  };
  const first = Math.floor((stamps - sizes.length) / 2);
  const planted: number[][] = Array.from({ length: stamps }, () => []);
  let prev: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i]!;
    const startSet = prev.length ? connectedPart(rng, prev, Math.max(1, Math.round(overlap * Math.min(prev.length, size))), nbr) : [rng.int(N)];
    prev = growConnected(rng, startSet, size, nbr);
    planted[first + i] = prev;
  }
  const labels: string[] = [];
  const block = new Int32Array(N * stamps);
  const src: number[] = [];
  const dst: number[] = [];
  const c = new Float64Array(N * stamps);
  const truth = new Uint8Array(N * stamps);
  for (let t = 0; t < stamps; t++) {
    for (let v = 0; v < N; v++) {
      const g = t * N + v;
      labels.push(`${v}@${t}`);
      block[g] = t;
      c[g] = rng.normal();
      if (v % side + 1 < side) (src.push(g), dst.push(g + 1));
      if (v + side < N) (src.push(g), dst.push(g + side));
      if (t + 1 < stamps) (src.push(g), dst.push(g + N));
    }
    for (const v of planted[t]!) ((truth[t * N + v] = 1), (c[t * N + v] = mean + rng.normal()));
  }
  return { network: assemble(labels, block, Array.from({ length: stamps }, (_, t) => String(t)), src, dst, c, `evolving grid ${side}×${side}, ${stamps} stamps, seed ${spec.seed}`), truth };
}

export interface BaNetworkSpec {
  blocks: number;
  blockSize: number;
  /** edges per new node in each BA block */
  m?: number;
  /** coupling edges in all */
  coupling: number;
  plantedBlocks: number;
  plantedSize: number;
  mean?: number;
  seed: number;
}

export function baNetworkOfNetworks(spec: BaNetworkSpec): Planted {
  const { blocks, blockSize } = spec;
  const m = spec.m ?? 2;
  const mean = spec.mean ?? 5;
  if (spec.plantedBlocks > blocks) throw new RangeError(`BA network of networks: ${spec.plantedBlocks} planted blocks of ${blocks}`);
  if (spec.plantedSize > blockSize) throw new RangeError(`BA network of networks: a planted size of ${spec.plantedSize} above the block size ${blockSize}`);
  if (blockSize <= m) throw new RangeError(`BA network of networks: blocks of ${blockSize} nodes need more than m = ${m}`);
  const rng = new Rng(spec.seed);
  const n = blocks * blockSize;
  const src: number[] = [];
  const dst: number[] = [];
  const adj: number[][] = Array.from({ length: n }, () => []);
  const link = (a: number, b: number): void => {
    src.push(a);
    dst.push(b);
    adj[a]!.push(b);
    adj[b]!.push(a);
  };
  for (let k = 0; k < blocks; k++) {
    const base = k * blockSize;
    // preferential attachment: a seed clique on m + 1 nodes, then each node to m distinct earlier ones by degree
    const ends: number[] = [];
    for (let i = 0; i <= m; i++) for (let j = i + 1; j <= m; j++) (link(base + i, base + j), ends.push(base + i, base + j));
    for (let v = m + 1; v < blockSize; v++) {
      const chosen = new Set<number>();
      while (chosen.size < m) chosen.add(ends[rng.int(ends.length)]!);
      for (const u of chosen) (link(base + v, u), ends.push(base + v, u));
    }
  }
  const existing = new Set<number>();
  for (let e = 0; e < src.length; e++) existing.add(Math.min(src[e]!, dst[e]!) * n + Math.max(src[e]!, dst[e]!));
  for (let added = 0, guard = 0; added < spec.coupling && guard < 100 * spec.coupling + 100; guard++) {
    const a = rng.int(n);
    const b = rng.int(n);
    if (Math.floor(a / blockSize) === Math.floor(b / blockSize)) continue;
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (existing.has(key)) continue;
    existing.add(key);
    src.push(a);
    dst.push(b);
    added++;
  }
  const truth = new Uint8Array(n);
  const c = Float64Array.from({ length: n }, () => rng.normal());
  const order = Array.from({ length: blocks }, (_, k) => k);
  for (let i = blocks - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const inBlock = (v: number): number[] => adj[v]!.filter((w) => Math.floor(w / blockSize) === Math.floor(v / blockSize));
  for (const k of order.slice(0, spec.plantedBlocks)) {
    const set = growConnected(rng, [k * blockSize + rng.int(blockSize)], spec.plantedSize, inBlock);
    for (const v of set) ((truth[v] = 1), (c[v] = mean + rng.normal()));
  }
  const block = Int32Array.from({ length: n }, (_, v) => Math.floor(v / blockSize));
  const labels = Array.from({ length: n }, (_, v) => String(v));
  return { network: assemble(labels, block, Array.from({ length: blocks }, (_, k) => String(k)), src, dst, c, `BA network of networks, ${blocks} × ${blockSize} nodes, seed ${spec.seed}`), truth };
}

/** The three files of a planted network: PREFIX.edges (src dst), PREFIX.nodes.tsv (node block c), PREFIX.truth (planted labels). */
export async function writePlanted(prefix: string, planted: Planted): Promise<string[]> {
  const { network, truth } = planted;
  const { graph } = network;
  const paths = [`${prefix}.edges`, `${prefix}.nodes.tsv`, `${prefix}.truth`];
  await writeLinesAtomic(paths[0]!, `# ${graph.source}: ${graph.n} nodes, ${graph.edges.src.length} undirected edges (${network.coupling.src.length} between blocks)`, graph.edges.src.length, (e) => `${graph.labels[graph.edges.src[e]!]}\t${graph.labels[graph.edges.dst[e]!]}`);
  const c = network.features[0]!;
  await writeLinesAtomic(paths[1]!, 'node\tblock\tc', graph.n, (v) => `${graph.labels[v]}\t${network.blocks[network.block[v]!]!.name}\t${c[v]}`);
  const planted_ = Array.from({ length: graph.n }, (_, v) => v).filter((v) => truth[v]);
  await writeLinesAtomic(paths[2]!, null, planted_.length, (k) => graph.labels[planted_[k]!]!);
  return paths;
}
