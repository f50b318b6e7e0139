import type { EdgeScorer } from './attack.js';

/** Degree baseline: d(u) + d(v) undirected, (d(u) + d(v))·d(u) directed (d = in + out degree). */
export const degreeScorer: EdgeScorer = {
  name: 'degree',
  description: 'd(u)+d(v) undirected, (d(u)+d(v))·d(u) directed',
  score: ({ graph }) => {
    const deg = new Float64Array(graph.n);
    const { src, dst } = graph.edges;
    for (let e = 0; e < src.length; e++) {
      deg[src[e]!]!++;
      deg[dst[e]!]!++;
    }
    const out = new Float64Array(src.length);
    for (let e = 0; e < src.length; e++) {
      const s = deg[src[e]!]! + deg[dst[e]!]!;
      out[e] = graph.directed ? s * deg[src[e]!]! : s;
    }
    return out;
  },
};
