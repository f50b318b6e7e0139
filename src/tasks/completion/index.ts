/** The matrix completion task kit (SPEC Task 3, Lemma 6): options, fit, B per rating, verification, RMSE, factors output. */
import { z } from 'zod';
import { ratingsKind } from '../../data/ratings-kind.js';
import { writeFactors } from '../../ratings/write-ratings.js';
import type { Ratings } from '../../ratings/ratings.js';
import { defineTask } from '../kit.js';
import { completionDerivative, fitCompletion, type CompletionFit } from './completion.js';
import { verifyCompletionAnywhere } from './verify.js';
import { completionRmseMetric } from './rmse.js';

export * from './completion.js';
export { verifyCompletion } from './verify.js';
export { completionRmseMetric } from './rmse.js';
export { complementRmse } from './complement-rmse.js';
export { gram, lemma6Influence, objectiveGradient } from './influence.js';

export const completionOptionsSchema = z
  .object({
    rank: z.number().int().min(1).max(1000).default(10).describe('rank r of U and V (the paper: 10)'),
    lambda: z.number().positive().default(0.5).describe('regularisation λ for both sides (the paper: 0.5)'),
    lambdaU: z.number().positive().optional().describe('λu (overrides lambda for U)'),
    lambdaV: z.number().positive().optional().describe('λv (overrides lambda for V)'),
    iters: z.number().int().min(1).default(10).describe('ALS sweeps (the paper: 10)'),
    tol: z.number().min(0).default(0).describe('stop early once the relative stationarity ‖∇L‖ falls to this (0: run every sweep)'),
    engine: z.enum(['auto', 'host', 'tensor']).default('auto').describe('host float64 sweeps or tensor ops (auto: tensor ops on a GPU backend)'),
    warmStart: z
      .boolean()
      .default(false)
      .describe(
        "a pipeline's refits start from the clean fit's factors instead of the seeded start: the same sweeps then land elsewhere (a fixed number of sweeps is not a fixed point), so the attack measures a different quantity than the paper's protocol; use it with tol to stop at the same stationarity in fewer sweeps",
      ),
  })
  .strict();

export const completionTask = defineTask<CompletionFit, Ratings, typeof completionOptionsSchema>({
  name: 'completion',
  description: 'matrix completion by ALS: f = ‖UVᵀ‖², B = Lemma 6 influence of every observed rating',
  data: ratingsKind,
  directed: 'either',
  options: completionOptionsSchema,
  steps: 'sweeps',
  fit: fitCompletion,
  derive: completionDerivative,
  noDeriveAt: 'Lemma 6 scores the observed ratings only',
  verify: verifyCompletionAnywhere,
  metrics: [completionRmseMetric],
  outputs: [
    {
      flag: 'factors-out',
      target: 'folder',
      describe: 'write DIR/U.tsv and DIR/V.tsv (label, then r numbers: the factors B came from)',
      async write(dir, ratings, fit) {
        const paths = await writeFactors(dir, ratings, fit.U, fit.V, fit.rank);
        return `the factors to ${paths.join(' and ')}`;
      },
    },
  ],
});
