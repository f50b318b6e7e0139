import { plainScorer } from './attack.js';

/** Uniformly random scores from the run's seeded generator: a sanity floor. */
export const randomScorer = plainScorer({
  name: 'random',
  description: 'uniform random edges',
  dependsOn: 'seed',
  greedy: false,
  score: ({ view, rng }) => {
    const out = new Float64Array(view.src.length);
    for (let e = 0; e < out.length; e++) out[e] = rng.uniform();
    return { scores: out };
  },
});
