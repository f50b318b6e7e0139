import type { EdgeScorer } from './attack.js';

/** Uniformly random scores from the run's seeded generator: a sanity floor. */
export const randomScorer: EdgeScorer = {
  name: 'random',
  description: 'uniform random edges',
  score: ({ graph, rng }) => {
    const out = new Float64Array(graph.edges.src.length);
    for (let e = 0; e < out.length; e++) out[e] = rng.uniform();
    return out;
  },
};
