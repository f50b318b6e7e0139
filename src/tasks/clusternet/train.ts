/**
 * Training ClusterNet (Wilder et al. 2019) end to end: GCN embeddings → unit rows → soft
 * k-means fixed point μ* (exact IFT gradient by default) → responsibilities r = softmax(β X̂μ*ᵀ)
 * → the objective, maximised with Adam (weight decay as an L2 term, as PyTorch's Adam applies it).
 * Every `checkEvery` iterations an evaluation pass (no dropout) scores the hard partition and
 * the best weights are kept (the authors keep the best training loss every 100 iterations).
 * Seeded: the weights, the centres' start and every dropout mask come from the seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../../graph/graph.js';
import { sparseFromCsr, disposeSparse, type SparseMatrix } from '../../sparse/sparse-matrix.js';
import { Rng } from '../../util/rng.js';
import { hardPartition } from '../modularity/partition.js';
import { modularityParts } from '../modularity/modularity.js';
import { disposeGcn, embed, gcnVariables, initGcn, inverseDegrees, type GcnWeights } from './gcn.js';
import { requireSyncReadback, softKMeansLayer, type KMeansLayerState } from './kmeans-layer.js';
import { softModularityTensor } from './objectives/modularity.js';
import { kcenterLossTensor, selectionTensor, type KCenterSetup } from './objectives/kcenter.js';

/** What ClusterNet is trained for: community detection, or facility location (k-center). */
export type TrainingObjective = { kind: 'modularity' } | { kind: 'kcenter'; setup: KCenterSetup };

/**
 * The training loss (to minimise) of embeddings X and centres μ: −soft modularity, or the
 * expected k-center distance of the soft facility choice.
 */
export function objectiveLoss(objective: TrainingObjective, a: SparseMatrix, X: tf.Tensor2D, mu: tf.Tensor2D, beta: number): tf.Scalar {
  return tf.tidy(() =>
    objective.kind === 'modularity' ? (tf.neg(softModularityTensor(a, responsibilities(X, mu, beta))) as tf.Scalar) : kcenterLossTensor(selectionTensor(X, mu, objective.setup), objective.setup),
  );
}
import type { KMeansGradient } from './soft-kmeans.js';
import { kmeans } from '../../solvers/kmeans.js';
import { matMulPlain } from '../../linalg/matmul.js';

export interface ClusterNetOptions {
  clusters: number;
  /** inverse temperature of soft k-means */
  beta: number;
  hidden: number;
  embed: number;
  lr: number;
  iterations: number;
  dropout: number;
  weightDecay: number;
  gradient: KMeansGradient;
  /** iterations between evaluation passes */
  checkEvery: number;
  /** soft k-means fixed-point tolerance (max |Δμ|) during training */
  kmeansTol: number;
  /** the adjoint solve's relative residual during training */
  adjointTol: number;
  /** soft k-means updates per forward pass during training (warm-started: the fixed point is tracked across steps) */
  kmeansSteps: number;
  /** GMRES steps per adjoint solve during training */
  adjointSteps: number;
}

export interface ClusterNetModel {
  weights: GcnWeights;
  /** the centres where the last forward pass ended (K × p), the start of the next */
  mu: Float64Array;
  /** node features (n × f), or null for the identity */
  features: tf.Tensor2D | null;
}

export interface TrainingReport {
  iterations: number;
  bestIteration: number;
  /** the evaluated objective at the best iteration: the hard modularity, or the soft k-center value */
  bestValue: number;
  seconds: number;
  /** k-means updates per forward pass and adjoint GMRES steps, averaged over training */
  meanKMeansUpdates: number;
  meanAdjointSteps: number;
  history: { iteration: number; loss: number; value: number }[];
}

/** The hard partition of responsibilities r (n × K): argmax per row. */
export function argmaxRows(r: Float64Array, n: number, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    let best = 0;
    for (let i = 1; i < k; i++) if (r[j * k + i]! > r[j * k + best]!) best = i;
    labels[j] = best;
  }
  return labels;
}

/** Responsibilities softmax(β X̂ μᵀ): n × K. */
export const responsibilities = (X: tf.Tensor2D, mu: tf.Tensor2D, beta: number): tf.Tensor2D => tf.softmax(tf.mul(matMulPlain(X, mu, { transposeB: true }), beta)) as tf.Tensor2D;

export function layerState(o: Pick<ClusterNetOptions, 'clusters' | 'beta' | 'gradient'>, mu: Float64Array, limits: { tol: number; maxIter: number; adjointTol: number; adjointMaxSteps?: number }): KMeansLayerState {
  return { k: o.clusters, beta: o.beta, gradient: o.gradient, ...limits, mu };
}

export function trainClusterNet(
  graph: Graph,
  features: Float64Array | null,
  featureCount: number,
  o: ClusterNetOptions,
  seed: number,
  log: (m: string) => void = () => {},
  objective: TrainingObjective = { kind: 'modularity' },
): { model: ClusterNetModel; report: TrainingReport } {
  requireSyncReadback();
  const n = graph.n;
  const rng = new Rng(seed);
  const weights = initGcn(rng, features ? featureCount : n, o.hidden, o.embed);
  const F = features ? tf.tensor2d(Float32Array.from(features), [n, featureCount]) : null;
  const a = sparseFromCsr(graph.csr);
  const dInv = inverseDegrees(a);
  // the centres start at k-means++ / Lloyd centres of the initial embeddings (a fixed point
  // iterated from arbitrary centres tends to the trivial one: every node in one cluster)
  const X0 = tf.tidy(() => embed(weights, a, dInv, F, { dropout: 0, seed: 0 }));
  const mu0 = kmeans(Float64Array.from(X0.dataSync()), n, o.embed, { k: o.clusters, seed: rng.nextU32(), restarts: 3 }).centers;
  X0.dispose();
  const state = layerState(o, mu0, { tol: o.kmeansTol, maxIter: o.kmeansSteps, adjointTol: o.adjointTol, adjointMaxSteps: o.adjointSteps });
  const optimizer = tf.train.adam(o.lr);
  const vars = gcnVariables(weights);
  const sign = objective.kind === 'modularity' ? 1 : -1;
  let best = { iteration: -1, value: -sign * Infinity, snapshot: [] as Float32Array[], mu: mu0 };
  const history: TrainingReport['history'] = [];
  let updates = 0;
  let adjoint = 0;
  const t0 = performance.now();
  // the evaluated answer (no dropout): the hard modularity (higher is better), or the soft k-center value (lower is better)
  const evaluate = (): number => {
    const probe = { ...state, mu: Float64Array.from(state.mu) };
    const out = tf.tidy(() => {
      const X = embed(weights, a, dInv, F, { dropout: 0, seed: 0 });
      const mu = softKMeansLayer(X, probe);
      return objective.kind === 'kcenter' ? objectiveLoss(objective, a, X, mu, o.beta) : responsibilities(X, mu, o.beta);
    });
    const values = Float64Array.from(out.dataSync());
    out.dispose();
    return objective.kind === 'kcenter' ? values[0]! : modularityParts(graph.csr, hardPartition(argmaxRows(values, n, o.clusters))).Q;
  };
  try {
    for (let it = 0; it < o.iterations; it++) {
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const X = embed(weights, a, dInv, F, { dropout: o.dropout, seed: seed * 100_003 + it });
            const mu = softKMeansLayer(X, state);
            const l2 = tf.addN(vars.map((v) => tf.sum(tf.square(v))));
            return tf.add(objectiveLoss(objective, a, X, mu, o.beta), tf.mul(l2, o.weightDecay / 2)) as tf.Scalar;
          }),
        true,
        vars,
      )!;
      const lossValue = loss.dataSync()[0]!;
      loss.dispose();
      updates += state.last?.iterations ?? 0;
      adjoint += state.last?.adjointSteps ?? 0;
      if ((it + 1) % o.checkEvery === 0 || it === o.iterations - 1) {
        const value = evaluate();
        history.push({ iteration: it + 1, loss: lossValue, value });
        if (sign * value > sign * best.value) best = { iteration: it + 1, value, snapshot: vars.map((v) => Float32Array.from(v.dataSync())), mu: Float64Array.from(state.mu) };
        const what = objective.kind === 'modularity' ? 'hard modularity' : 'k-center value (soft)';
        if ((it + 1) % 100 === 0) log(`clusternet: iteration ${it + 1}/${o.iterations}: loss ${lossValue.toFixed(5)}, ${what} ${value.toFixed(4)} (best ${best.value.toFixed(4)} at ${best.iteration}); ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    optimizer.dispose();
    disposeSparse(a);
    dInv.dispose();
  }
  tf.tidy(() => vars.forEach((v, t) => v.assign(tf.tensor(best.snapshot[t]!, v.shape))));
  const seconds = (performance.now() - t0) / 1000;
  return {
    model: { weights, mu: best.mu, features: F },
    report: {
      iterations: o.iterations,
      bestIteration: best.iteration,
      bestValue: best.value,
      seconds,
      meanKMeansUpdates: updates / o.iterations,
      meanAdjointSteps: adjoint / o.iterations,
      history,
    },
  };
}

export function disposeModel(m: ClusterNetModel): void {
  disposeGcn(m.weights);
  m.features?.dispose();
}
