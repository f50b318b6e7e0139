import { plainScorer } from './attack.js';
import { adjacencyCsr, symmetricCsr } from '../graph/edge-view.js';
import { leadingSingularVectors, topEigenpairs } from './spectra.js';

/**
 * HITS baseline: hub(u) + hub(v) + auth(u) + auth(v), hub and authority the leading left and
 * right singular vectors of A. Undirected (and bipartite) graphs have A symmetric, and both
 * are its leading eigenvector (the +λ1 one: a bipartite graph's −λ1 has the same |λ|).
 */
export const hitsScorer = plainScorer({
  name: 'hits',
  description: 'hub(u)+hub(v)+auth(u)+auth(v) of A',
  dependsOn: 'graph',
  greedy: false,
  score: ({ view }) => {
    let hub: Float64Array;
    let auth: Float64Array;
    let solver;
    if (view.directed) {
      const sv = leadingSingularVectors(adjacencyCsr(view), 1);
      ({ hub, authority: auth, report: solver } = sv);
    } else {
      const top = topEigenpairs(symmetricCsr(view), 1, 1);
      hub = auth = top.vectors[0]!;
      solver = top.report;
    }
    const out = new Float64Array(view.src.length);
    for (let e = 0; e < out.length; e++) {
      const s = view.src[e]!;
      const t = view.dst[e]!;
      out[e] = hub[s]! + hub[t]! + auth[s]! + auth[t]!;
    }
    return { scores: out, solver };
  },
});
