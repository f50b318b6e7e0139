/** Completion distortion: RMSE between UVᵀ and ŨṼᵀ over the cells the clean matrix did not observe. */
import type { FitMetric } from '../../metrics/metric.js';
import type { CompletionFit } from './completion.js';
import { complementRmse } from './complement-rmse.js';

export const completionRmseMetric: FitMetric<CompletionFit> = {
  name: 'completion-rmse',
  description: 'RMSE of UVᵀ − ŨṼᵀ over the unobserved cells (exact, through r×r Grams)',
  title: 'completion RMSE (unobserved cells)',
  compute(a, b) {
    return complementRmse(a.observed, a.nUsers, a.nItems, { U: a.U, V: a.V, rank: a.rank }, { U: b.U, V: b.V, rank: b.rank });
  },
};
