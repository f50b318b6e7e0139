/**
 * The clusternet task kit (Wilder et al., NeurIPS 2019): a GCN, soft k-means as a
 * differentiable layer and the soft modularity, trained end to end; f = the trained pipeline's
 * soft modularity, B(i,j) = df/dA(i,j) through Â and the k-means fixed point, weights held.
 */
import { z } from 'zod';
import { graphKind } from '../../data/graph-kind.js';
import { writeLinesAtomic } from '../../graph/write-edges.js';
import type { Graph } from '../../graph/graph.js';
import type { FitMetric } from '../../metrics/metric.js';
import { nmi } from '../../metrics/nmi.js';
import { defineTask } from '../kit.js';
import { ConfigError } from '../../util/errors.js';
import { fitClusterNet, type ClusterNetFit } from './fit.js';
import { clusternetDerivative, clusternetDerivativeAt } from './derivative.js';
import { verifyClusterNet } from './verify.js';
import { disposeModel } from './train.js';

export { fitClusterNet, finalPass, type ClusterNetFit, type ClusterNetTaskOptions } from './fit.js';
export { trainClusterNet, type ClusterNetOptions, type TrainingReport } from './train.js';
export { softKMeans, softKMeansBackward, kmeansStep } from './soft-kmeans.js';
export { softKMeansLayer } from './kmeans-layer.js';
export { clusternetDerivative, clusternetDerivativeAt, storedDerivative } from './derivative.js';
export { verifyClusterNet, hostObjective } from './verify.js';
export { readFeatures } from './features.js';

export const clusternetOptionsSchema = z
  .object({
    objective: z
      .enum(['modularity', 'kcenter'])
      .default('modularity')
      .describe('what ClusterNet is trained for: soft modularity (community detection) or k-center facility location over hop distances'),
    clusters: z.number().int().min(2).default(10).describe('K: communities (soft k-means centres)'),
    clusterTemp: z.number().positive().default(30).describe('β, the inverse temperature of soft k-means (the paper: 30)'),
    hidden: z.number().int().min(1).default(50).describe('GCN hidden units'),
    embed: z.number().int().min(1).default(50).describe('embedding dimension p'),
    lr: z.number().positive().default(0.01).describe('Adam learning rate'),
    iterations: z.number().int().min(1).default(300).describe('training iterations (the paper: 1000)'),
    dropout: z.number().min(0).max(0.95).default(0.5).describe('dropout rate between the GCN layers'),
    weightDecay: z.number().min(0).default(5e-4).describe('L2 weight decay (as Adam applies it in the authors’ PyTorch code)'),
    gradient: z.enum(['exact', 'one-step']).default('exact').describe("k-means backward: exact (implicit function theorem) or the paper's one-step approximation"),
    features: z.string().min(1).optional().describe("node features, the authors' .content layout ('node f1 f2 …'); without: identity (a learned embedding per node)"),
    kcenterTemp: z.number().positive().default(100).describe('k-center: γ, how sharply each centre picks its facility among the nodes (the paper: 100)'),
    kcenterMinTemp: z.number().min(0).default(0).describe('k-center: softmax temperature over customers in the training objective (0: the mean, the authors’ default)'),
    roundings: z.number().int().min(1).default(50).describe('k-center: pipage roundings to exactly K facilities; the best by the training objective is kept'),
    kmeansSteps: z.number().int().min(1).default(2).describe('soft k-means updates per training step (warm-started from the last step)'),
    adjointSteps: z.number().int().min(1).default(8).describe('GMRES steps per adjoint solve during training'),
  })
  .strict();

const forObjective =
  (objective: 'modularity' | 'kcenter') =>
  (options: Record<string, unknown>): string | null =>
    (options.objective ?? 'modularity') === objective ? null : `it measures ClusterNet trained for ${objective}; this run trains for ${String(options.objective ?? 'modularity')} (task option objective)`;

const modularityDrop: FitMetric<ClusterNetFit> = {
  name: 'clusternet-modularity-drop',
  description: "Q − Q̃ of the hard partitions, ClusterNet retrained on the edited graph with the same seed",
  title: 'modularity drop Q − Q̃ (retrained)',
  compute: (clean, perturbed) => clean.hardModularity - perturbed.hardModularity,
  appliesTo: forObjective('modularity'),
};

const partitionChange: FitMetric<ClusterNetFit> = {
  name: 'clusternet-partition-change',
  description: '1 − NMI of the communities before and after (ClusterNet retrained)',
  title: 'partition change 1 − NMI (retrained)',
  compute: (clean, perturbed) => 1 - nmi(clean.labels, perturbed.labels),
  appliesTo: forObjective('modularity'),
};

const kcenterIncrease: FitMetric<ClusterNetFit> = {
  name: 'clusternet-kcenter-increase',
  description: "k-center: the edited graph's k-center value minus the clean one's (hops; ClusterNet retrained with the same seed, facilities by pipage rounding)",
  title: 'k-center increase (hops, retrained)',
  compute: (clean, perturbed) => perturbed.kcenter!.value - clean.kcenter!.value,
  appliesTo: forObjective('kcenter'),
};

const facilitiesMoved: FitMetric<ClusterNetFit> = {
  name: 'clusternet-facilities-moved',
  description: 'k-center: the share of the K facilities that are not chosen again after the edit (ClusterNet retrained)',
  title: 'facilities moved (share of K, retrained)',
  compute: (clean, perturbed) => {
    const before = new Set(clean.kcenter!.facilities);
    let kept = 0;
    for (const f of perturbed.kcenter!.facilities) if (before.has(f)) kept++;
    return 1 - kept / clean.kcenter!.facilities.length;
  },
  appliesTo: forObjective('kcenter'),
};

export const clusternetTask = defineTask<ClusterNetFit, Graph, typeof clusternetOptionsSchema>({
  name: 'clusternet',
  description: 'ClusterNet: GCN + differentiable soft k-means trained for modularity; f = soft modularity, B(i,j) = df/dA(i,j) with the weights held',
  data: graphKind,
  directed: false,
  options: clusternetOptionsSchema,
  steps: 'training iterations',
  fit: fitClusterNet,
  derive: clusternetDerivative,
  deriveAt: clusternetDerivativeAt,
  verify: verifyClusterNet,
  metrics: [modularityDrop, partitionChange, kcenterIncrease, facilitiesMoved],
  dispose: (fit) => disposeModel(fit.model),
  outputs: [
    {
      flag: 'facilities-out',
      target: 'file',
      describe: 'k-center: write node<TAB>facility (1 for the K chosen facilities, else 0)',
      async write(path, graph, fit) {
        if (!fit.kcenter) throw new ConfigError('--facilities-out: the facilities are chosen with --objective kcenter');
        const chosen = new Uint8Array(graph.n);
        for (const i of fit.kcenter.facilities) chosen[i] = 1;
        await writeLinesAtomic(path, 'node\tfacility', graph.n, (i) => `${graph.labels[i]}\t${chosen[i]}`);
        return `the ${fit.kcenter.facilities.length} facilities (k-center value ${fit.kcenter.value}) to ${path}`;
      },
    },
    {
      flag: 'clusters-out',
      target: 'file',
      describe: 'write node<TAB>cluster for every node',
      async write(path, graph, fit) {
        await writeLinesAtomic(path, 'node\tcluster', graph.n, (i) => `${graph.labels[i]}\t${fit.labels[i]}`);
        return `the ${fit.options.clusters} communities of ${graph.n} nodes to ${path}`;
      },
    },
  ],
});
