/**
 * The lcc task kit (network intervention, Hung et al. WWW 2020; SEEDS-SPEC §3): f = the local
 * clustering coefficient of a target, or the largest (or a smooth maximum) over a target set;
 * B(p, q) = ∂f/∂A_pq in closed form at edges and at any pair (candidate edges to add), with the
 * exact change of f for toggling that pair beside it.
 */
import { z } from 'zod';
import { graphKind } from '../../data/graph-kind.js';
import type { Graph } from '../../graph/graph.js';
import { defineTask } from '../kit.js';
import type { FitMetric } from '../../metrics/metric.js';
import { fitLcc, type LccFit } from './fit.js';
import { exactDelta, pairScore } from './objective.js';
import { verifyLcc } from './verify.js';

export { ClusteringState, lccOf, type EditEffect } from './engine.js';
export { bfs, betweenness, closenessAfterEdge, harmonicCloseness } from './centrality.js';
export { lccObjective, pairScore, exactDelta, type Aggregate, type LccObjective } from './objective.js';
export { fitLcc, type LccFit, type LccOptions } from './fit.js';
export { readTargets } from './targets.js';
export { verifyLcc } from './verify.js';

export const lccOptionsSchema = z
  .object({
    targets: z.string().min(1).optional().describe('the target nodes: a file with one node label per line'),
    target: z.string().min(1).optional().describe('one target node, by its label (instead of --targets)'),
    aggregate: z.enum(['max', 'smooth-max']).default('max').describe('f over a target set: the largest LCC, or the smooth maximum τ·log Σ exp(LCC/τ)'),
    tau: z.number().positive().default(0.05).describe('τ of the smooth maximum'),
  })
  .strict();

const scores = (fit: LccFit, src: ArrayLike<number>, dst: ArrayLike<number>, f: typeof pairScore): Float64Array => Float64Array.from({ length: src.length }, (_, e) => f(fit.state, fit.f, src[e]!, dst[e]!));

const lccIncrease: FitMetric<LccFit> = {
  name: 'lcc-increase',
  description: 'f after the edit minus f before: the change of the targets’ (largest) local clustering',
  title: 'change of the targets’ LCC',
  compute: (clean, perturbed) => perturbed.objective - clean.objective,
};

export const lccTask = defineTask<LccFit, Graph, typeof lccOptionsSchema>({
  name: 'lcc',
  description: 'local clustering of targets: f = LCC(t) (or the max over targets), B(p,q) = ∂f/∂A_pq, exact for triangle counts; exact_delta: f after toggling the pair, minus f',
  data: graphKind,
  directed: false,
  options: lccOptionsSchema,
  steps: 'steps (exact counts)',
  fit: fitLcc,
  derive: (graph, fit) => scores(fit, graph.edges.src, graph.edges.dst, pairScore),
  deriveAt: (_graph, fit, pairs) => scores(fit, pairs.src, pairs.dst, pairScore),
  pairColumns: (_graph, fit, pairs) => [{ name: 'exact_delta', values: scores(fit, pairs.src, pairs.dst, exactDelta) }],
  verify: verifyLcc,
  metrics: [lccIncrease],
});
