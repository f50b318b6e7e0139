/**
 * Watts–Strogatz small world (undirected): a ring where each node is joined to its k nearest
 * neighbours (k/2 on each side), then each edge (u, u + j) is rewired with probability beta
 * to (u, w) for a uniform w that is neither u nor already joined to u (as networkx does).
 * n·k/2 edges.
 */
import { Rng } from '../../util/rng.js';
import { ConfigError } from '../../util/errors.js';
import { checkEdgeBudget } from './pair-sampler.js';
import type { GeneratedEdges } from './generated.js';

export interface WattsStrogatzOptions {
  n: number;
  /** even: neighbours per node in the ring */
  k: number;
  beta: number;
  seed: number;
}

export function wattsStrogatzEdges(o: WattsStrogatzOptions): GeneratedEdges {
  const { n, k, beta } = o;
  if (!Number.isInteger(k) || k < 2 || k % 2 !== 0) throw new ConfigError(`ws: k must be an even integer ≥ 2, got ${k}`);
  if (!Number.isInteger(n) || n <= k) throw new ConfigError(`ws: n must be an integer greater than k = ${k}, got ${n}`);
  if (!(beta >= 0 && beta <= 1)) throw new ConfigError(`ws: beta must be in [0, 1], got ${beta}`);
  const half = k / 2;
  const m = n * half;
  checkEdgeBudget('ws', m);
  const rng = new Rng(o.seed);
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  // neighbour lists: degrees stay near k, so membership tests are short scans
  const adj: number[][] = Array.from({ length: n }, () => []);
  let e = 0;
  for (let u = 0; u < n; u++) {
    for (let j = 1; j <= half; j++) {
      const v = (u + j) % n;
      src[e] = u;
      dst[e] = v;
      adj[u]!.push(v);
      adj[v]!.push(u);
      e++;
    }
  }
  // rewire in networkx's order: by offset j, then by node
  for (let j = 1; j <= half; j++) {
    for (let u = 0; u < n; u++) {
      if (rng.uniform() >= beta) continue;
      const au = adj[u]!;
      // u joined to every other node: nothing to rewire to
      if (au.length >= n - 1) continue;
      let w: number;
      do w = Math.floor(rng.uniform() * n);
      while (w === u || au.includes(w));
      const id = u * half + (j - 1);
      const old = dst[id]!;
      au.splice(au.indexOf(old), 1);
      const ao = adj[old]!;
      ao.splice(ao.indexOf(u), 1);
      au.push(w);
      adj[w]!.push(u);
      dst[id] = w;
    }
  }
  return { n, src, dst, directed: false, description: `ws(n=${n}, k=${k}, beta=${beta}, seed=${o.seed})` };
}
