/**
 * Erdős–Rényi G(n, m) with exactly m edges, drawn again until connected (the GCRF seed's
 * GenRandGraphFixedNumLinksER): m distinct unordered pairs chosen uniformly without replacement
 * (Floyd's algorithm over the n(n−1)/2 pairs), resampled with the next seed state while the
 * graph has more than one component.
 */
import { Rng } from '../../util/rng.js';
import { ConfigError } from '../../util/errors.js';
import { lowerTrianglePair } from './pair-sampler.js';

export function connectedGnm(n: number, m: number, rng: Rng, maxTries = 1000): { src: Int32Array; dst: Int32Array; tries: number } {
  const pairs = (n * (n - 1)) / 2;
  if (!Number.isInteger(m) || m < n - 1 || m > pairs) throw new ConfigError(`gnm: a connected graph on ${n} nodes needs between ${n - 1} and ${pairs} edges, got ${m}`);
  const cell = { i: 0, j: 0 };
  for (let tries = 1; tries <= maxTries; tries++) {
    const chosen = new Set<number>();
    for (let t = pairs - m; t < pairs; t++) {
      const r = rng.int(t + 1);
      chosen.add(chosen.has(r) ? t : r);
    }
    const src = new Int32Array(m);
    const dst = new Int32Array(m);
    const parent = Int32Array.from({ length: n }, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
      return x;
    };
    let comps = n;
    let e = 0;
    for (const x of chosen) {
      lowerTrianglePair(x, cell);
      src[e] = cell.i;
      dst[e] = cell.j;
      e++;
      const a = find(cell.i);
      const b = find(cell.j);
      if (a !== b) {
        parent[a] = b;
        comps--;
      }
    }
    if (comps === 1) return { src, dst, tries };
  }
  throw new ConfigError(`gnm: no connected graph with ${m} edges on ${n} nodes in ${maxTries} draws; ask for more edges`);
}
