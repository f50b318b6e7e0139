/** The GCRF task kit (SEEDS-SPEC §2): an attributed graph in, μ = Q⁻¹Σα_kR_k, B(i,j) = −β(z_i − z_j)(μ_i − μ_j) at any pair. */
import { z } from 'zod';
import { attributedKind } from '../../data/attributed-kind.js';
import { writeLinesAtomic } from '../../graph/write-edges.js';
import type { AttributedGraph } from '../../graph/attributed.js';
import { defineTask } from '../kit.js';
import { fitGcrf, gcrfDerivative, type GcrfFit } from './gcrf.js';
import { gcrfPairDerivative } from './model.js';
import { OBJECTIVE_PATTERN } from './objective.js';
import { verifyGcrfAnywhere } from './verify.js';
import { gcrfMseChangeMetric, gcrfShiftMetric } from './metrics.js';

export * from './gcrf.js';
export * from './model.js';
export { verifyGcrf } from './verify.js';
export { trainExact, trainStochastic, eigenbasis, eigenLikelihood, GCRF_EXACT_TRAIN_LIMIT, type GcrfTraining } from './train.js';
export { gcrfMseChangeMetric, gcrfShiftMetric } from './metrics.js';

export const gcrfOptionsSchema = z
  .object({
    alpha: z.number().positive().optional().describe('α_k of every predictor (default 1; fit learns them)'),
    beta: z.number().nonnegative().optional().describe('β, the weight of the graph term (default 1; fit learns it)'),
    fit: z.boolean().default(false).describe('learn α_k and β by maximum likelihood against y first (exact eigenbasis form)'),
    training: z
      .enum(['auto', 'exact', 'stochastic'])
      .default('auto')
      .describe('with fit: the exact eigenbasis form, or CG + stochastic Lanczos quadrature for log|Q| (auto: exact up to 1000 nodes)'),
    probes: z.number().int().min(1).default(32).describe('with stochastic training: Rademacher probes of the quadrature'),
    lanczosSteps: z.number().int().min(2).default(64).describe('with stochastic training: Lanczos steps per probe'),
    objective: z
      .string()
      .regex(OBJECTIVE_PATTERN, 'expected mse, norm or node:LABEL')
      .default('mse')
      .describe('the f that B differentiates: mse (1/n Σ(μ − y)²), norm (‖μ‖²) or node:LABEL (μ at that node)'),
    solver: z.enum(['auto', 'dense', 'cg']).default('auto').describe('dense Cholesky or conjugate gradients (auto: dense up to 1500 nodes)'),
    precision: z
      .enum(['auto', 'float32', 'float64'])
      .default('auto')
      .describe('CG precision (auto: float32 first on a GPU backend, refined in float64; else float64 on the host)'),
    tol: z.number().positive().max(0.1).default(1e-10).describe('CG relative residual ‖Qx − b‖/‖b‖'),
    maxIter: z.number().int().positive().default(10_000).describe('CG iterations per solve'),
  })
  .strict();

export const gcrfTask = defineTask<GcrfFit, AttributedGraph, typeof gcrfOptionsSchema>({
  name: 'gcrf',
  description: 'GCRF regression: μ = (αI + βL)⁻¹Σα_kR_k, B(i,j) = ∂f(μ)/∂S_ij = −β(z_i − z_j)(μ_i − μ_j), z = Q⁻¹∇f',
  data: attributedKind,
  directed: false,
  options: gcrfOptionsSchema,
  steps: 'CG iterations',
  fit: fitGcrf,
  derive: gcrfDerivative,
  // the formula holds at every pair, edge or not
  deriveAt: (_data, fit, pairs) => gcrfPairDerivative(fit.beta, fit.mu, fit.z, pairs),
  verify: verifyGcrfAnywhere,
  metrics: [gcrfMseChangeMetric, gcrfShiftMetric],
  outputs: [
    {
      flag: 'predictions-out',
      target: 'file',
      describe: 'write node<TAB>mu<TAB>z (the prediction and the adjoint Q⁻¹∇f B came from)',
      async write(path, data, fit) {
        const { graph } = data;
        await writeLinesAtomic(path, 'node\tmu\tz', graph.n, (i) => `${graph.labels[i]}\t${fit.mu[i]}\t${fit.z[i]}`);
        return `the predictions of ${graph.n} nodes to ${path}`;
      },
    },
  ],
});
