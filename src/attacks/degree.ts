import { plainScorer } from './attack.js';
import type { EdgeView } from '../graph/edge-view.js';

/** Number of edges at each node (in + out when directed; a rating counts for its user and its item). */
export function nodeDegrees(view: EdgeView): Float64Array {
  const deg = new Float64Array(view.n);
  for (let e = 0; e < view.src.length; e++) {
    deg[view.src[e]!]!++;
    deg[view.dst[e]!]!++;
  }
  return deg;
}

/** Node values combined per edge as the baselines do: x(u)+x(v) undirected, (x(u)+x(v))·x(u) directed. */
export function endpointScores(view: EdgeView, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(view.src.length);
  for (let e = 0; e < out.length; e++) {
    const s = x[view.src[e]!]! + x[view.dst[e]!]!;
    out[e] = view.directed ? s * x[view.src[e]!]! : s;
  }
  return out;
}

/** Degree baseline: d(u) + d(v) undirected, (d(u) + d(v))·d(u) directed. */
export const degreeScorer = plainScorer({
  name: 'degree',
  description: 'd(u)+d(v) undirected, (d(u)+d(v))·d(u) directed',
  dependsOn: 'graph',
  greedy: false,
  score: ({ view }) => ({ scores: endpointScores(view, nodeDegrees(view)) }),
});
