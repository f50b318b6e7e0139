import type { EdgeScorer } from './attack.js';

/** The task's derivative network: B(i,j) = ∂f/∂A(i,j). */
export const n2nScorer: EdgeScorer = {
  name: 'n2n',
  description: 'derivative network B of the task (Lemmas 1–6)',
  score: ({ graph, task, fit }) => task.derive(graph, fit),
};
