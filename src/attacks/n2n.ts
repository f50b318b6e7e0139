import { plainScorer } from './attack.js';

/** The task's derivative network: B(i,j) = ∂f/∂A(i,j) (Lemmas 1–6). */
export const n2nScorer = plainScorer({
  name: 'n2n',
  description: 'the derivative network B of the task (Lemmas 1–6)',
  dependsOn: 'fit',
  greedy: true,
  score: ({ target, fit }) => ({ scores: target.derive(fit), solver: fit.solver }),
});
