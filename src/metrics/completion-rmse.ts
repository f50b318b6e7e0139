/** Completion distortion: RMSE between UVᵀ and ŨṼᵀ over the cells the clean matrix did not observe. */
import type { Metric } from './metric.js';
import type { CompletionFit } from '../tasks/completion.js';
import { complementRmse } from './complement-rmse.js';

export const completionRmseMetric: Metric = {
  name: 'completion-rmse',
  task: 'completion',
  description: 'RMSE of UVᵀ − ŨṼᵀ over the unobserved cells (exact, through r×r Grams)',
  compute(clean, perturbed) {
    const a = clean as CompletionFit;
    const b = perturbed as CompletionFit;
    return complementRmse(a.observed, a.nUsers, a.nItems, { U: a.U, V: a.V, rank: a.rank }, { U: b.U, V: b.V, rank: b.rank });
  },
};
