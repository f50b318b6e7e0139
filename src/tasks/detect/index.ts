/**
 * The detect task kit (subgraph detection in interdependent networks, GBGP; SEEDS-SPEC §1.7):
 * f = F*, the detection's objective with its supports held fixed; B(i, j) = dF* / dA_ij =
 * −λ(x*_i − x*_j)² at coupling pairs (different blocks, edges or not), 0 inside blocks (F* is
 * piecewise constant there); beside it, bridge_delta: the exact change of F* when the edge is
 * removed, non-zero only at the bridges of the detected subgraphs.
 */
import { z } from 'zod';
import { interdependentKind, type Interdependent } from '../../data/interdependent-kind.js';
import { pairKey, type Pairs } from '../../graph/edit.js';
import { defineTask } from '../kit.js';
import type { FitMetric } from '../../metrics/metric.js';
import { DETECT_METHODS } from './methods.js';
import { fitDetect, type DetectFit } from './fit.js';
import { couplingScores } from './derivative.js';
import { scoreDetection } from './metrics.js';
import { verifyDetect } from './verify.js';

export const detectOptionsSchema = z
  .object({
    method: z.enum(DETECT_METHODS).default('gbgp').describe('gbgp, gb-iht, gb-ghtp, graph-iht (each block alone) or top (the s largest features per block)'),
    objective: z.enum(['ems', 'sum-ems']).default('ems').describe('ems: one elevated-mean scan statistic over all blocks; sum-ems: the sum of the blocks’ statistics'),
    sparsity: z.number().int().min(1).default(10).describe('the sparsity s per block (supports of up to about 2.5·s nodes)'),
    lambda: z.number().min(0).default(0.03).describe('the weight λ of the coupling penalty Σ_{E₀}(x_i − x_j)²'),
    feature: z.string().min(1).optional().describe('the feature column to scan (default: the first)'),
    maxIter: z.number().int().min(1).default(30).describe('outer iterations at most'),
    patience: z.number().int().min(0).default(5).describe('stop when the best F has not risen for this many iterations (0: never)'),
  })
  .strict();

/** −λ(x_i − x_j)² across blocks (derivative.ts), 0 inside a block. */
function scores(fit: DetectFit, src: ArrayLike<number>, dst: ArrayLike<number>): Float64Array {
  const out = couplingScores(fit.problem, fit.x, src, dst);
  for (let k = 0; k < out.length; k++) if (fit.network.block[src[k]!] === fit.network.block[dst[k]!]) out[k] = 0;
  return out;
}

function bridgeDeltas(net: Interdependent, fit: DetectFit, pairs: Pairs): Float64Array {
  const g = net.graph;
  const byPair = new Map<number, number>();
  for (const b of fit.bridges()) byPair.set(pairKey(g, g.edges.src[b.edge]!, g.edges.dst[b.edge]!), b.delta);
  return Float64Array.from({ length: pairs.src.length }, (_, k) => byPair.get(pairKey(g, pairs.src[k]!, pairs.dst[k]!)) ?? 0);
}

const valueChange: FitMetric<DetectFit> = {
  name: 'detect-value-change',
  description: 'F* after the edit minus F* before: the change of the detection’s objective',
  title: 'change of the detection’s F*',
  compute: (clean, perturbed) => perturbed.objective - clean.objective,
};

const overlap: FitMetric<DetectFit> = {
  name: 'detect-overlap',
  description: 'the IoU of the nodes detected before and after the edit (1: the same detection)',
  title: 'IoU of the detections before and after',
  compute: (clean, perturbed) => scoreDetection(perturbed.x, clean.x).iou,
};

export const detectTask = defineTask<DetectFit, Interdependent, typeof detectOptionsSchema>({
  name: 'detect',
  description: 'subgraph detection in interdependent networks (GBGP): f = F* on the detected supports, B(i,j) = −λ(x*_i − x*_j)² across blocks, 0 inside; bridge_delta: the exact change of F* when a bridge of a detected subgraph is removed',
  data: interdependentKind,
  directed: false,
  options: detectOptionsSchema,
  steps: 'outer iterations',
  fit: fitDetect,
  derive: (net, fit) => scores(fit, net.graph.edges.src, net.graph.edges.dst),
  deriveAt: (_net, fit, pairs) => scores(fit, pairs.src, pairs.dst),
  pairColumns: (net, fit, pairs) => [{ name: 'bridge_delta', values: bridgeDeltas(net, fit, pairs) }],
  verify: verifyDetect,
  metrics: [valueChange, overlap],
});
