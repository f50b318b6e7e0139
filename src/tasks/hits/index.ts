/** The HITS task kit (Lemmas 1–3): options, fit, B at edges and at any pair, verification, distortion. */
import { z } from 'zod';
import { graphKind } from '../../data/graph-kind.js';
import { defineTask } from '../kit.js';
import { fitHitsAnywhere, hitsDerivative, hitsDerivativeAt, warmStartVector, type HitsFit } from './hits.js';
import { verifyHitsAnywhere } from './verify.js';
import { hitsDistortionMetric } from './distortion.js';
import type { Graph } from '../../graph/graph.js';

export * from './hits.js';
export { verifyHits } from './verify.js';
export { hitsDistortion, hitsDistortionMetric, unitAligned } from './distortion.js';

export const hitsOptionsSchema = z
  .object({
    precision: z
      .enum(['auto', 'float32', 'float64'])
      .default('auto')
      .describe('solver precision (auto: float32 first on a GPU backend, refined in float64 when needed; else float64 on the host)'),
    tol: z.number().positive().max(0.1).optional().describe('SVD residual tolerance relative to σ1 (default 1e-5 in float32, 1e-10 in float64)'),
    gapTol: z.number().positive().max(0.1).optional().describe('σ1 − σ2 or σ2 − σ3 below gap-tol·σ1 is ill-posed (default 1e-6)'),
  })
  .strict();

export const hitsTask = defineTask<HitsFit, Graph, typeof hitsOptionsSchema>({
  name: 'hits',
  description: 'HITS ranking: f = λ1 − λ2 of AAᵀ, B(i,j) = 2σ1·u1(i)v1(j) − 2σ2·u2(i)v2(j)',
  data: graphKind,
  directed: 'either',
  options: hitsOptionsSchema,
  steps: 'products',
  fit: (graph, o, ctx) =>
    fitHitsAnywhere(graph.csr, { seed: ctx.seed, precision: o.precision, tol: o.tol, gapTol: o.gapTol, log: ctx.log, start: warmStartVector(ctx.warmStart, graph.csr.nCols) }),
  derive: hitsDerivative,
  // the closed form is defined at every pair (i, j), edge or not
  deriveAt: hitsDerivativeAt,
  verify: verifyHitsAnywhere,
  metrics: [hitsDistortionMetric],
});
