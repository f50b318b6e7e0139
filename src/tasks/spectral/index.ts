/** The spectral clustering task kit (Lemmas 4–5): options, fit, B at edges and pairs, verification, distortion, clusters output. */
import { z } from 'zod';
import { graphKind } from '../../data/graph-kind.js';
import { writeLinesAtomic } from '../../graph/write-edges.js';
import type { Graph } from '../../graph/graph.js';
import { defineTask } from '../kit.js';
import { fitSpectralAnywhere, rowDistances, spectralDerivative, type SpectralFit } from './spectral.js';
import { verifySpectralAnywhere } from './verify.js';
import { clusteringDistortionMetric } from './clustering-distortion.js';

export * from './spectral.js';
export { verifySpectral } from './verify.js';
export { clusteringDistortion, clusteringDistortionMetric } from './clustering-distortion.js';

export const spectralOptionsSchema = z
  .object({
    clusters: z.number().int().min(1).default(5).describe('eigenvectors and k-means clusters r (the paper: 5)'),
    component: z.enum(['largest', 'all']).default('largest').describe('analyse the largest connected component or the whole graph'),
    precision: z
      .enum(['auto', 'float32', 'float64'])
      .default('auto')
      .describe('solver precision (auto: float32 first on a GPU backend, refined in float64 when needed; else float64 on the host)'),
    eigensolver: z
      .enum(['auto', 'lobpcg', 'lanczos'])
      .default('auto')
      .describe('float64 eigensolver: LOBPCG with an approximate-Cholesky preconditioner, thick-restart Lanczos, or auto (LOBPCG, Lanczos where it stalls)'),
    subspaceTol: z.number().positive().max(0.1).default(1e-6).describe('accept U when sin∠(U, exact eigenspace) ≤ this (Davis–Kahan bound)'),
    kmeansRestarts: z.number().int().min(1).default(10).describe('k-means++ starts'),
  })
  .strict();

export const spectralTask = defineTask<SpectralFit, Graph, typeof spectralOptionsSchema>({
  name: 'spectral',
  description: 'spectral clustering: f = λ1 + … + λr of L = D − A, B(i,j) = ‖u_i − u_j‖²',
  data: graphKind,
  directed: false,
  options: spectralOptionsSchema,
  aliases: { clusters: 'r' },
  steps: 'products',
  fit: fitSpectralAnywhere,
  derive: spectralDerivative,
  // any pair inside the analysed component; 0 when an end lies outside it (f does not see it)
  deriveAt: (_graph, fit, pairs) => rowDistances(fit.U, fit.r, pairs, fit.nodeIndex),
  verify: verifySpectralAnywhere,
  metrics: [clusteringDistortionMetric],
  outputs: [
    {
      flag: 'clusters-out',
      target: 'file',
      describe: 'write node<TAB>cluster for every node (−1: outside the analysed component)',
      async write(path, graph, fit) {
        await writeLinesAtomic(path, 'node\tcluster', graph.n, (i) => `${graph.labels[i]}\t${fit.labels[i]}`);
        return `the clusters of ${graph.n} nodes to ${path}`;
      },
    },
  ],
});
