import { ConfigError } from '../util/errors.js';
import { plainScorer } from './attack.js';

/**
 * The task's exact change of f when each edge alone is removed, where the task computes one
 * (its first pair column: lcc's exact_delta, detect's bridge_delta): the largest drop of f
 * first. Where B is only first-order, or zero while f still moves (detect's F* is piecewise
 * constant in the edges inside blocks), this ranks by what removing the edge does. Removal
 * only: candidate pairs are scored by n2n, degree or random.
 */
export const exactScorer = plainScorer({
  name: 'exact',
  description: "the task's exact change of f for removing each edge alone (lcc: exact_delta, detect: bridge_delta), the largest drop first",
  dependsOn: 'fit',
  greedy: true,
  score: ({ target, fit }) => {
    const graph = target.graph;
    if (!graph) throw new ConfigError(`attack 'exact': task '${target.task.name}' reads ${target.task.data.noun}, which has no node pairs to toggle`);
    const cols = target.pairColumns(fit, { src: graph.edges.src, dst: graph.edges.dst });
    if (cols.length === 0) throw new ConfigError(`attack 'exact': task '${target.task.name}' has no exact change of f per edge (lcc and detect have one); use n2n`);
    const delta = cols[0]!.values;
    return { scores: Float64Array.from(delta, (d) => -d), solver: fit.solver };
  },
});
