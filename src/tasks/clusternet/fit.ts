/**
 * The clusternet task's fit: train ClusterNet, then one evaluation pass at the kept weights with
 * the soft k-means fixed point converged in float64 (tol 1e-10). f is the soft modularity of the
 * responsibilities r = softmax(β X̂μ*ᵀ); the hard partition (argmax) is the communities. B exists
 * where I − ∂g/∂μ is nonsingular at μ* (checked by an adjoint solve) and the fixed point converged.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../../graph/graph.js';
import { ConfigError, IllPosedError } from '../../util/errors.js';
import { requireSyncReadback } from './kmeans-layer.js';
import { Rng } from '../../util/rng.js';
import type { TaskContext, TaskFit, WellPosedness } from '../task.js';
import { sparseFromCsr, disposeSparse } from '../../sparse/sparse-matrix.js';
import { hardPartition, softPartition } from '../modularity/partition.js';
import { modularityParts } from '../modularity/modularity.js';
import { embed, inverseDegrees } from './gcn.js';
import { softKMeans, softKMeansBackward, type KMeansGradient, type SoftKMeansResult } from './soft-kmeans.js';
import { argmaxRows, disposeModel, trainClusterNet, type ClusterNetModel, type ClusterNetOptions, type TrainingReport } from './train.js';
import { readFeatures, type NodeFeatures } from './features.js';
import { hopDistances, maxMinDistance, type HopDistances } from './kcenter/distances.js';
import { centerObjective } from './kcenter/objective.js';
import { fillToK, pipageRound } from './kcenter/pipage.js';
import { kcenterSetup, selectionHost, type KCenterSetup } from './objectives/kcenter.js';
import type { TrainingObjective } from './train.js';

/** The task's options: the training options less what the task fixes (β is --cluster-temp), plus the objective's. */
export interface ClusterNetTaskOptions extends Omit<ClusterNetOptions, 'beta' | 'checkEvery' | 'kmeansTol' | 'adjointTol'> {
  objective: 'modularity' | 'kcenter';
  clusterTemp: number;
  kcenterTemp: number;
  kcenterMinTemp: number;
  roundings: number;
  features?: string;
}

export interface ClusterNetFit extends TaskFit {
  model: ClusterNetModel;
  training: TrainingReport;
  options: ClusterNetOptions;
  /** the final fixed point and its responsibilities, float64 (K × p; n × K) */
  kmeans: SoftKMeansResult;
  /** the unit-row embeddings of the final pass, n × p (float32 values) */
  X: Float64Array;
  labels: Int32Array;
  /** Newman's modularity of the hard partition (what the paper's tables report) */
  hardModularity: number;
  /** the final fixed point is the trivial one: every centre the mean of all embeddings */
  collapsed: boolean;
  /** what was trained and f is */
  objectiveKind: 'modularity' | 'kcenter';
  /** facility location: the soft choice, the K facilities pipage rounding chose and their k-center value */
  kcenter?: { setup: KCenterSetup; x: Float64Array; facilities: Int32Array; value: number };
}

/** The largest distance between two centres (K × p). */
export function centreSpread(mu: Float64Array, k: number, p: number): number {
  let spread = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let t = 0; t < p; t++) s += (mu[a * p + t]! - mu[b * p + t]!) ** 2;
      spread = Math.max(spread, Math.sqrt(s));
    }
  }
  return spread;
}

/** The final fixed point's tolerance (max |Δμ|) and its update budget. */
export const FINAL_TOL = 1e-10;

export function trainingOptions(o: ClusterNetTaskOptions): ClusterNetOptions {
  return {
    clusters: o.clusters,
    beta: o.clusterTemp,
    hidden: o.hidden,
    embed: o.embed,
    lr: o.lr,
    iterations: o.iterations,
    dropout: o.dropout,
    weightDecay: o.weightDecay,
    gradient: o.gradient,
    checkEvery: 10,
    kmeansTol: 1e-6,
    adjointTol: 1e-6,
    kmeansSteps: o.kmeansSteps,
    adjointSteps: o.adjointSteps,
  };
}

/**
 * `given.distances`: the k-center objective's hop distances instead of the graph's own (the
 * learning setting trains on the observed edges with the full graph's diameter for pairs they
 * leave unconnected); `given.features`: features already read (instead of reading o.features).
 */
export async function fitClusterNet(graph: Graph, o: ClusterNetTaskOptions, ctx: TaskContext, given: { distances?: HopDistances; features?: NodeFeatures } = {}): Promise<ClusterNetFit> {
  requireSyncReadback();
  if (graph.directed) throw new ConfigError('clusternet: the task needs an undirected graph; load it with --no-directed (pipelines: dataset.directed: false)');
  if (graph.edges.src.length === 0) throw new ConfigError(`clusternet: ${graph.source} has no edges`);
  if (o.clusters > graph.n) throw new ConfigError(`clusternet: ${o.clusters} clusters asked of ${graph.n} nodes`);
  const log = ctx.log ?? (() => {});
  const features = given.features ?? (o.features !== undefined ? await readFeatures(o.features, graph) : null);
  const opts = trainingOptions(o);
  let objective: TrainingObjective = { kind: 'modularity' };
  if (o.objective === 'kcenter') {
    const t = performance.now();
    if (given.distances && given.distances.n !== graph.n) throw new ConfigError(`clusternet: distances of ${given.distances.n} nodes given for a graph of ${graph.n}`);
    const dist = given.distances ?? hopDistances(graph.csr);
    objective = { kind: 'kcenter', setup: kcenterSetup(dist, o.clusters, o.kcenterTemp, o.kcenterMinTemp) };
    log(`clusternet: hop distances of every pair (diameter ${dist.diameter}${dist.disconnected ? '; unreachable pairs count as the diameter' : ''}), ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
  log(`clusternet: training ${o.iterations} iterations for ${o.objective} (K = ${o.clusters}, β = ${o.clusterTemp}, ${features ? `${features.count} features from ${o.features}${features.skipped ? ` (${features.skipped} rows of nodes outside this component skipped)` : ''}` : 'identity features'}, ${o.gradient} k-means gradient)`);
  const { model, report } = trainClusterNet(graph, features?.values ?? null, features?.count ?? 0, opts, ctx.seed, log, objective);
  try {
    const final = finalPass(graph, model, opts);
    const r = final.kmeans.r;
    const labels = argmaxRows(r, graph.n, o.clusters);
    const hard = modularityParts(graph.csr, hardPartition(labels)).Q;
    let soft: number;
    let kcenter: ClusterNetFit['kcenter'];
    if (objective.kind === 'kcenter') {
      const { setup } = objective;
      const x = selectionHost(final.X, final.kmeans.mu, graph.n, o.embed, o.clusters, o.kcenterTemp);
      soft = centerObjective(setup.rows, x, o.kcenterMinTemp);
      // pipage rounding to exactly K facilities, the best of `roundings` by the training objective
      const rng = new Rng(ctx.seed ^ 0x2545f491);
      const filled = fillToK(x, o.clusters);
      let best: Float64Array | null = null;
      let bestValue = Infinity;
      for (let t = 0; t < o.roundings; t++) {
        const y = pipageRound(filled, rng);
        const v = centerObjective(setup.rows, y, o.kcenterMinTemp);
        if (v < bestValue) [best, bestValue] = [y, v];
      }
      const facilities = Int32Array.from(Array.from(best!.keys()).filter((i) => best![i] === 1));
      const value = maxMinDistance(setup.dist, facilities);
      kcenter = { setup, x, facilities, value };
      log(`clusternet: ${report.seconds.toFixed(1)} s of training; best at iteration ${report.bestIteration}; expected distance (soft) ${soft.toFixed(4)}; ${facilities.length} facilities by pipage rounding (best of ${o.roundings}): k-center value ${value}`);
    } else {
      soft = modularityParts(graph.csr, softPartition(r, o.clusters)).Q;
      log(`clusternet: ${report.seconds.toFixed(1)} s of training; best at iteration ${report.bestIteration}; soft modularity ${soft.toFixed(4)}, hard ${hard.toFixed(4)}`);
    }
    const collapsed = centreSpread(final.kmeans.mu, o.clusters, o.embed) < 1e-6;
    if (collapsed) {
      log(`clusternet: warning: soft k-means converged to its trivial fixed point (every centre the mean of all embeddings, r = 1/K): at β = ${o.clusterTemp} these embeddings have no clustered fixed point, so the communities (and, for modularity, f and B) mean nothing; raise --cluster-temp`);
    }
    const wellPosed = fixedPointWellPosed(graph.n, final.X, opts, final.kmeans, ctx.seed);
    if (collapsed) wellPosed.detail += '; the fixed point is the trivial one (all centres coincide)';
    return {
      objective: soft,
      solver: {
        solver: 'clusternet (GCN, soft k-means, Adam)',
        precision: 'float32',
        iterations: report.iterations,
        converged: final.kmeans.converged,
        residual: final.kmeans.change,
        kmeansUpdates: final.kmeans.iterations,
        trainingSeconds: report.seconds,
        bestIteration: report.bestIteration,
        hardModularity: hard,
        ...(kcenter ? { kcenterValue: kcenter.value } : {}),
        meanKMeansUpdates: report.meanKMeansUpdates,
        meanAdjointSteps: report.meanAdjointSteps,
      },
      wellPosed,
      collapsed,
      objectiveKind: o.objective,
      ...(kcenter ? { kcenter } : {}),
      model,
      training: report,
      options: opts,
      kmeans: final.kmeans,
      X: final.X,
      labels,
      hardModularity: hard,
    };
  } catch (e) {
    disposeModel(model);
    throw e;
  }
}

/** The evaluation pass: embeddings without dropout, the fixed point converged in float64. */
export function finalPass(graph: Graph, model: ClusterNetModel, o: ClusterNetOptions): { X: Float64Array; kmeans: SoftKMeansResult } {
  const a = sparseFromCsr(graph.csr);
  try {
    const Xt = tf.tidy(() => embed(model.weights, a, inverseDegrees(a), model.features, { dropout: 0, seed: 0 }));
    const X = Float64Array.from(Xt.dataSync());
    Xt.dispose();
    const kmeans = softKMeans({ X, n: graph.n, p: o.embed, k: o.clusters, beta: o.beta }, model.mu, { tol: FINAL_TOL, maxIter: 20_000 });
    return { X, kmeans };
  } finally {
    disposeSparse(a);
  }
}

/** Whether the derivative of μ* with respect to X exists at the final fixed point: converged, and I − ∂g/∂μ nonsingular (an adjoint solve with a random right-hand side). */
function fixedPointWellPosed(n: number, X: Float64Array, o: ClusterNetOptions, km: SoftKMeansResult, seed: number): WellPosedness {
  if (!km.converged) {
    return { illPosed: false, unresolved: true, detail: `soft k-means did not reach a fixed point (max |Δμ| = ${km.change.toExponential(2)} after ${km.iterations} updates, asked ${FINAL_TOL})` };
  }
  const rng = new Rng(seed ^ 0x5f3759df);
  try {
    const s = softKMeansBackward({ X, n, p: o.embed, k: o.clusters, beta: o.beta }, km, Float64Array.from({ length: o.clusters * o.embed }, () => rng.normal()), 'exact');
    return { illPosed: false, detail: `soft k-means fixed point reached (max |Δμ| = ${km.change.toExponential(2)}); I − ∂g/∂μ is invertible there (adjoint solve: ${s.solve.iterations} GMRES steps, residual ${s.solve.residual.toExponential(2)})` };
  } catch (e) {
    if (e instanceof IllPosedError) return { illPosed: true, detail: e.message };
    throw e;
  }
}
