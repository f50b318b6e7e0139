/**
 * The modularity task kit: f = soft modularity Q(r) of a partition (a file, Louvain, or
 * spectral clustering's k-means), B(i,j) = ∂Q/∂A(i,j) with the partition held fixed, in
 * closed form at edges and at any pair; verification; modularity and partition distortion.
 */
import { z } from 'zod';
import { graphKind } from '../../data/graph-kind.js';
import { writeLinesAtomic } from '../../graph/write-edges.js';
import type { Graph } from '../../graph/graph.js';
import { defineTask } from '../kit.js';
import { fitModularity, type ModularityFit } from './fit.js';
import { pairDerivatives } from './modularity.js';
import { verifyModularity } from './verify.js';
import { modularityDropMetric, partitionChangeMetric } from './metrics.js';

export * from './modularity.js';
export * from './partition.js';
export { fitModularity, type ModularityFit, type ModularityOptions } from './fit.js';
export { verifyModularity, modularityFromEdges } from './verify.js';
export { louvainPartition } from './methods/louvain.js';
export { cnmPartition } from './methods/cnm.js';
export { spectralModularityPartition } from './methods/spectral-modularity.js';
export { leadingEigenvectorPartition } from './methods/leading-eigenvector.js';
export { modularityDropMetric, partitionChangeMetric } from './metrics.js';

export const modularityOptionsSchema = z
  .object({
    method: z
      .enum(['louvain', 'spectral', 'cnm', 'newman', 'spectral-modularity'])
      .default('louvain')
      .describe(
        "where the partition comes from when no --partition file is given: Louvain (graphology), spectral clustering's k-means, CNM greedy merging (at most --clusters communities), Newman's leading-eigenvector bisection (at most --clusters), or k-means on the modularity matrix's leading eigenvectors",
      ),
    partition: z.string().min(1).optional().describe("read the partition from a file: 'node<TAB>cluster' (hard; -1 = no community) or 'node<TAB>w1 … wK' (soft)"),
    clusters: z.number().int().min(2).default(10).describe('K: k-means clusters for --method spectral (the largest component; other components are communities of their own) and spectral-modularity; at most K communities for cnm and newman'),
    resolution: z.number().positive().default(1).describe('Louvain resolution (higher: more, smaller communities)'),
    precision: z
      .enum(['auto', 'float32', 'float64'])
      .default('auto')
      .describe('solver precision (auto: float32 first on a GPU backend, refined in float64 when needed; else float64 on the host)'),
    kmeansRestarts: z.number().int().min(1).default(10).describe('k-means++ starts'),
  })
  .strict();

export const modularityTask = defineTask<ModularityFit, Graph, typeof modularityOptionsSchema>({
  name: 'modularity',
  description: 'modularity of a partition: f = Q(r) = Tr(rᵀAr)/M − ‖rᵀd‖²/M², B(i,j) = ∂Q/∂A(i,j) with the partition held fixed',
  data: graphKind,
  directed: false,
  options: modularityOptionsSchema,
  steps: 'steps (Louvain levels, CNM merges, Lanczos products)',
  fit: fitModularity,
  derive: (graph, fit) => pairDerivatives(fit.parts, fit.partition, graph.edges),
  // defined at every pair, edges or not (O(K) each)
  deriveAt: (_graph, fit, pairs) => pairDerivatives(fit.parts, fit.partition, pairs),
  verify: verifyModularity,
  metrics: [modularityDropMetric, partitionChangeMetric],
  outputs: [
    {
      flag: 'clusters-out',
      target: 'file',
      describe: 'write node<TAB>cluster for every node (−1: no community; a soft partition: the largest membership)',
      async write(path, graph, fit) {
        await writeLinesAtomic(path, 'node\tcluster', graph.n, (i) => `${graph.labels[i]}\t${fit.partition.labels[i]}`);
        return `the ${fit.partition.k} communities of ${graph.n} nodes to ${path}`;
      },
    },
  ],
});
