/**
 * Barabási–Albert preferential attachment (undirected): nodes 0..m−1 start unconnected; each
 * later node joins m distinct existing nodes chosen with probability proportional to degree
 * (uniform draws from the list of edge endpoints, Batagelj & Brandes 2005), giving
 * m·(n − m) edges and a power-law degree tail.
 */
import { Rng } from '../../util/rng.js';
import { ConfigError } from '../../util/errors.js';
import { checkEdgeBudget } from './pair-sampler.js';
import type { GeneratedEdges } from './generated.js';

export interface BarabasiAlbertOptions {
  n: number;
  /** edges each new node brings */
  m: number;
  seed: number;
}

export function barabasiAlbertEdges(o: BarabasiAlbertOptions): GeneratedEdges {
  const { n, m } = o;
  if (!Number.isInteger(m) || m < 1) throw new ConfigError(`ba: m must be a positive integer, got ${m}`);
  if (!Number.isInteger(n) || n <= m) throw new ConfigError(`ba: n must be an integer greater than m = ${m}, got ${n}`);
  const edges = m * (n - m);
  checkEdgeBudget('ba', edges);
  const rng = new Rng(o.seed);
  const src = new Int32Array(edges);
  const dst = new Int32Array(edges);
  const ends = new Int32Array(2 * edges); // every endpoint once per incident edge
  let nEnds = 0;
  let e = 0;
  let targets = Array.from({ length: m }, (_, t) => t);
  const chosen = new Set<number>();
  for (let v = m; v < n; v++) {
    for (const t of targets) {
      src[e] = v;
      dst[e] = t;
      e++;
      ends[nEnds++] = t;
      ends[nEnds++] = v;
    }
    chosen.clear();
    while (chosen.size < m) chosen.add(ends[Math.floor(rng.uniform() * nEnds)]!);
    targets = [...chosen];
  }
  return { n, src, dst, directed: false, description: `ba(n=${n}, m=${m}, seed=${o.seed})` };
}
