import { plainScorer } from './attack.js';
import { endpointScores } from './degree.js';
import { symmetricCsr } from '../graph/edge-view.js';
import { topEigenpairs } from './spectra.js';

/**
 * EigenCentrality baseline: e(u) + e(v) undirected, (e(u) + e(v))·e(u) directed, with e the
 * leading eigenvector of S = A + Aᵀ (A when undirected). A directed citation graph is nearly
 * acyclic, so the leading eigenvalue of A itself is 0 and its eigenvector is not defined.
 */
export const eigencentralityScorer = plainScorer({
  name: 'eigencentrality',
  description: 'e(u)+e(v) undirected, (e(u)+e(v))·e(u) directed; e = leading eigenvector of A + Aᵀ',
  dependsOn: 'graph',
  greedy: false,
  score: ({ view }) => {
    const top = topEigenpairs(symmetricCsr(view), 1, 1);
    return { scores: endpointScores(view, top.vectors[0]!), solver: top.report };
  },
});
