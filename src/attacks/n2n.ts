import { numberOption, type EdgeScorer } from './attack.js';

/**
 * The task's derivative network: B(i,j) = ∂f/∂A(i,j) (Lemmas 1–6). Removing the top k lowers f
 * the most to first order, adding the top k pairs raises it; `sign: -1` ranks by −B instead
 * (the edits that push f the other way: for GCRF's f = MSE, removals that raise the error).
 */
export const n2nScorer: EdgeScorer<{ sign: number }> = {
  name: 'n2n',
  description: 'the derivative network B of the task (Lemmas 1–6); sign: -1 ranks by −B',
  dependsOn: 'fit',
  greedy: true,
  optionKeys: ['sign'],
  parseOptions: (raw) => ({ sign: numberOption('n2n', raw, 'sign', 1, (v) => v === 1 || v === -1, '1 or -1') }),
  label: (o) => (o.sign === 1 ? 'n2n' : 'n2n-neg'),
  score: ({ target, fit }, { sign }) => {
    const B = target.derive(fit);
    if (sign !== 1) for (let e = 0; e < B.length; e++) B[e] = -B[e]!;
    return { scores: B, solver: fit.solver };
  },
};
