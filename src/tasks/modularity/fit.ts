/**
 * The modularity task's fit: a partition from a file, from Louvain, or from spectral
 * clustering's k-means, and the soft modularity Q of it with the sums its derivative needs.
 */
import type { Graph } from '../../graph/graph.js';
import { ConfigError } from '../../util/errors.js';
import type { TaskContext, TaskFit } from '../task.js';
import { fitSpectralAnywhere, type SpectralFit } from '../spectral/spectral.js';
import { connectedComponents } from '../../graph/components.js';
import { louvainPartition } from './methods/louvain.js';
import { cnmPartition } from './methods/cnm.js';
import { spectralModularityPartition } from './methods/spectral-modularity.js';
import { leadingEigenvectorPartition } from './methods/leading-eigenvector.js';
import { modularityParts, type ModularityParts } from './modularity.js';
import { hardPartition, readPartition, type Partition } from './partition.js';

export type PartitionMethod = 'louvain' | 'spectral' | 'cnm' | 'newman' | 'spectral-modularity';

export interface ModularityOptions {
  method: PartitionMethod;
  /** a partition file; overrides `method` */
  partition?: string;
  clusters: number;
  resolution: number;
  precision: 'auto' | 'float32' | 'float64';
  kmeansRestarts: number;
}

export interface ModularityFit extends TaskFit {
  partition: Partition;
  parts: ModularityParts;
  /** where the partition came from: 'louvain', 'spectral' or the file */
  source: string;
  /** Louvain's own value of Q for its communities (a cross-check) */
  louvainModularity?: number;
}

const FIXED = 'Q is a smooth function of A with the partition held fixed: B = ∂Q/∂A exists at every pair (it does not include how the method would re-partition an edited graph)';

function finish(graph: Graph, partition: Partition, source: string, solver: TaskFit['solver'], extra: Partial<ModularityFit> = {}): ModularityFit {
  const parts = modularityParts(graph.csr, partition);
  return { objective: parts.Q, solver, wellPosed: { illPosed: false, detail: FIXED }, partition, parts, source, ...extra };
}

/**
 * Spectral clustering's k-means labels on the largest component; every other component is a
 * community of its own (K + components − 1 communities in all).
 */
function spectralLabels(graph: Graph, fit: SpectralFit): Int32Array {
  const labels = Int32Array.from(fit.labels);
  if (fit.leftOut.nodes === 0) return labels;
  const comps = connectedComponents(graph);
  for (let i = 0; i < graph.n; i++) if (labels[i]! < 0) labels[i] = fit.r + comps.label[i]!;
  return labels;
}

export function fitModularity(graph: Graph, o: ModularityOptions, ctx: TaskContext): ModularityFit | Promise<ModularityFit> {
  if (graph.directed) throw new ConfigError('modularity: the task needs an undirected graph; load it with --no-directed (pipelines: dataset.directed: false)');
  if (graph.edges.src.length === 0) throw new ConfigError(`modularity: ${graph.source} has no edges, so it has no modularity`);
  const e = graph.edges.weight.findIndex((w) => w < 0);
  if (e >= 0) throw new ConfigError(`modularity: edge ${graph.labels[graph.edges.src[e]!]} ${graph.labels[graph.edges.dst[e]!]} has weight ${graph.edges.weight[e]}; modularity needs nonnegative weights`);
  const log = ctx.log ?? (() => {});
  if (o.partition !== undefined) {
    const path = o.partition;
    return readPartition(path, graph).then((p) => {
      log(`modularity: ${p.k} communities (${p.soft ? 'soft' : 'hard'}) from ${path}`);
      return finish(graph, p, path, { solver: 'file', precision: 'float64', iterations: 0, converged: true, residual: 0 });
    });
  }
  if (o.method === 'louvain') {
    const t = performance.now();
    const r = louvainPartition(graph, { seed: ctx.seed, resolution: o.resolution });
    log(`modularity: Louvain found ${r.partition.k} communities in ${r.levels} levels (${((performance.now() - t) / 1000).toFixed(2)} s)`);
    return finish(graph, r.partition, 'louvain', { solver: 'louvain', precision: 'float64', iterations: r.levels, converged: true, residual: 0, moves: r.moves }, { louvainModularity: r.modularity });
  }
  if (o.method === 'cnm') {
    const t = performance.now();
    const r = cnmPartition(graph.csr, { maxCommunities: o.clusters });
    log(`modularity: CNM greedy merging left ${r.partition.k} communities after ${r.merges} merges (at most ${o.clusters}; ${((performance.now() - t) / 1000).toFixed(2)} s)`);
    return finish(graph, r.partition, 'cnm', { solver: 'cnm', precision: 'float64', iterations: r.merges, converged: true, residual: 0 });
  }
  if (o.method === 'newman') {
    const r = leadingEigenvectorPartition(graph.csr, { maxCommunities: o.clusters, seed: ctx.seed });
    log(`modularity: Newman's leading eigenvector: ${r.partition.k} communities in ${r.splits} splits (at most ${o.clusters}; ${r.products} products)`);
    return finish(graph, r.partition, 'newman', { solver: 'leading eigenvector (Lanczos)', precision: 'float64', iterations: r.products, converged: true, residual: 0 });
  }
  if (o.method === 'spectral-modularity') {
    const r = spectralModularityPartition(graph.csr, { clusters: o.clusters, seed: ctx.seed, restarts: o.kmeansRestarts });
    log(`modularity: k-means on the ${o.clusters} leading eigenvectors of the modularity matrix (λ1 = ${r.values[0]!.toPrecision(6)}; ${r.products} products)`);
    return finish(graph, r.partition, 'spectral-modularity', { solver: 'lanczos (modularity matrix) + k-means', precision: 'float64', iterations: r.products, converged: r.converged, residual: 0 });
  }
  const spectral = fitSpectralAnywhere(graph, { clusters: o.clusters, component: 'largest', precision: o.precision, subspaceTol: 1e-6, kmeansRestarts: o.kmeansRestarts }, ctx);
  const done = (s: SpectralFit): ModularityFit => {
    const p = hardPartition(spectralLabels(graph, s));
    log(`modularity: spectral clustering's k-means gave ${p.k} communities${s.leftOut.nodes ? ` (${o.clusters} on the largest component, one per other component)` : ''}`);
    return finish(graph, p, 'spectral', { ...s.solver, solver: `spectral (${s.solver.solver}) + k-means` });
  };
  return spectral instanceof Promise ? spectral.then(done) : done(spectral);
}
