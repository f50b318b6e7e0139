/**
 * Spectral modularity clustering (Newman 2006; the ClusterNet paper's "SC" baseline): the K
 * eigenvectors of the modularity matrix B = A − d dᵀ/M with the largest eigenvalues, by Lanczos
 * in float64 with B applied matrix-free (A·x − d (dᵀx)/M: never the dense n × n B), then k-means
 * (k-means++, seeded restarts) on the rows.
 */
import type { Csr } from '../../../graph/csr.js';
import { lanczosEigs } from '../../../solvers/lanczos-eigs.js';
import { hostSpace } from '../../../solvers/host-space.js';
import { kmeans } from '../../../solvers/kmeans.js';
import { degrees } from '../../../sparse/laplacian.js';
import { hardPartition, type Partition } from '../partition.js';

export interface SpectralModularityResult {
  partition: Partition;
  /** the K largest eigenvalues of B */
  values: Float64Array;
  products: number;
  converged: boolean;
}

export function spectralModularityPartition(a: Csr, options: { clusters: number; seed: number; restarts: number }): SpectralModularityResult {
  const n = a.nRows;
  const k = Math.min(options.clusters, n);
  const d = degrees(a);
  const M = d.reduce((s, x) => s + x, 0);
  const apply = (x: Float64Array): Float64Array => {
    const y = a.matvec(x);
    let dx = 0;
    for (let i = 0; i < n; i++) dx += d[i]! * x[i]!;
    for (let i = 0; i < n; i++) y[i]! -= (d[i]! * dx) / M;
    return y;
  };
  const eig = lanczosEigs({ size: n, apply }, hostSpace, { k, which: 'largest', seed: options.seed, tol: 1e-8 });
  const rows = new Float64Array(n * k);
  eig.vectors.forEach((v, c) => {
    for (let i = 0; i < n; i++) rows[i * k + c] = v[i]!;
  });
  const km = kmeans(rows, n, k, { k, seed: options.seed, restarts: options.restarts });
  return { partition: hardPartition(km.labels), values: eig.values, products: eig.iterations, converged: eig.converged };
}
