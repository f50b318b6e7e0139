/**
 * The link-prediction model of ClusterNet's "learning + optimization" setting (the two-stage
 * baselines): the same 2-layer GCN as ClusterNet with a DistMult decoder,
 *
 *   score(i, j) = Σ_t z_it · w_t · z_jt   (z: the unit-row embeddings, w: a learned diagonal),
 *
 * trained on the observed edges with binary cross-entropy, one uniformly drawn non-edge per
 * edge each epoch (negative sampling 1:1) and edge dropout (each epoch the GCN sees a random
 * part of the observed edges), Adam with L2 weight decay; the authors' settings: 300 epochs,
 * edge dropout 0.2.
 *
 * The predicted graph: the observed edges (weight 1) and each node's best-scored unobserved
 * partners, weighted by their probability σ(score). (The authors keep every one of the n²
 * pairs, a dense n × n matrix; we keep a few per node, so it stays sparse.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildGraph, type Graph } from '../../graph/graph.js';
import { sparseFromCsr, disposeSparse, withValues } from '../../sparse/sparse-matrix.js';
import { Rng } from '../../util/rng.js';
import { ConfigError } from '../../util/errors.js';
import { disposeGcn, embed, gcnVariables, initGcn, inverseDegrees, type GcnWeights } from './gcn.js';
import { requireSyncReadback } from './kmeans-layer.js';

export interface LinkModelOptions {
  hidden: number;
  embed: number;
  lr: number;
  epochs: number;
  dropout: number;
  weightDecay: number;
  /** the part of the observed edges each epoch's GCN leaves out */
  edgeDropout: number;
}

export const LINK_DEFAULTS: LinkModelOptions = { hidden: 50, embed: 50, lr: 0.01, epochs: 300, dropout: 0.5, weightDecay: 5e-4, edgeDropout: 0.2 };

export interface LinkModel {
  /** the unit-row embeddings of the observed graph (no dropout), n × p */
  Z: Float64Array;
  /** the DistMult diagonal, p */
  w: Float64Array;
  n: number;
  p: number;
  /** the training loss of the last epoch */
  loss: number;
  seconds: number;
}

/** A uniformly drawn pair i ≠ j that is not an observed edge (both orders tried by the caller's set). */
function negativePair(rng: Rng, n: number, observed: Set<number>): [number, number] {
  for (let tries = 0; tries < 1000; tries++) {
    const i = rng.int(n);
    const j = rng.int(n);
    if (i !== j && !observed.has(i < j ? i * n + j : j * n + i)) return [i, j];
  }
  throw new ConfigError('link prediction: the observed graph is (nearly) complete; there are no non-edges to sample');
}

export function trainLinkModel(graph: Graph, features: Float64Array | null, featureCount: number, o: LinkModelOptions, seed: number, log: (m: string) => void = () => {}): LinkModel {
  requireSyncReadback();
  const t0 = performance.now();
  const n = graph.n;
  const m = graph.edges.src.length;
  if (m === 0) throw new ConfigError(`link prediction: ${graph.source} has no edges to learn from`);
  const rng = new Rng(seed);
  const weights: GcnWeights = initGcn(rng, features ? featureCount : n, o.hidden, o.embed);
  const w = tf.variable(tf.ones([o.embed]));
  const vars = [...gcnVariables(weights), w];
  const F = features ? tf.tensor2d(Float32Array.from(features), [n, featureCount]) : null;
  const a = sparseFromCsr(graph.csr);
  const observed = new Set<number>();
  for (let e = 0; e < m; e++) {
    const s = graph.edges.src[e]!;
    const t = graph.edges.dst[e]!;
    observed.add(s < t ? s * n + t : t * n + s);
  }
  const optimizer = tf.train.adam(o.lr);
  const mask = new Float32Array(a.nnz);
  const src = new Int32Array(2 * m);
  const dst = new Int32Array(2 * m);
  const labels = tf.concat([tf.ones([m]), tf.zeros([m])]);
  let lossValue = Number.NaN;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      // edge dropout: both stored orientations of a left-out edge get value 0 (Â's degrees follow)
      for (let e = 0; e < m; e++) {
        const keep = rng.uniform() >= o.edgeDropout ? 1 : 0;
        mask[graph.edgeToCsr[e]!] = keep;
        mask[graph.edgeToCsrT[e]!] = keep;
      }
      for (let e = 0; e < m; e++) {
        src[e] = graph.edges.src[e]!;
        dst[e] = graph.edges.dst[e]!;
        [src[m + e], dst[m + e]] = negativePair(rng, n, observed);
      }
      const dropSeed = rng.nextU32();
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const am = withValues(a, tf.tensor1d(mask));
            const Z = embed(weights, am, inverseDegrees(am), F, { dropout: o.dropout, seed: dropSeed });
            const zs = tf.gather(Z, tf.tensor1d(src, 'int32'));
            const zt = tf.gather(Z, tf.tensor1d(dst, 'int32'));
            const scores = tf.sum(tf.mul(tf.mul(zs, w), zt), 1);
            const bce = tf.losses.sigmoidCrossEntropy(labels, scores);
            const l2 = tf.addN(gcnVariables(weights).map((v) => tf.sum(tf.square(v))));
            return tf.add(bce, tf.mul(l2, o.weightDecay / 2)) as tf.Scalar;
          }),
        true,
        vars,
      )!;
      lossValue = loss.dataSync()[0]!;
      loss.dispose();
      if ((epoch + 1) % 100 === 0) log(`link prediction: epoch ${epoch + 1}/${o.epochs}: loss ${lossValue.toFixed(4)}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const Zt = tf.tidy(() => embed(weights, a, inverseDegrees(a), F, { dropout: 0, seed: 0 }));
    const Z = Float64Array.from(Zt.dataSync());
    Zt.dispose();
    return { Z, w: Float64Array.from(w.dataSync()), n, p: o.embed, loss: lossValue, seconds: (performance.now() - t0) / 1000 };
  } finally {
    optimizer.dispose();
    disposeSparse(a);
    labels.dispose();
    F?.dispose();
    disposeGcn(weights);
    w.dispose();
  }
}

/** The model's score (logit) of the pair (i, j). */
export function linkScore(model: LinkModel, i: number, j: number): number {
  const { Z, w, p } = model;
  let s = 0;
  for (let t = 0; t < p; t++) s += Z[i * p + t]! * w[t]! * Z[j * p + t]!;
  return s;
}

/**
 * The area under the ROC curve of the scores of `positives` against `negatives` (pairs as
 * [i, j]): the chance a positive outscores a negative, ties counting one half.
 */
export function linkAuc(model: LinkModel, positives: readonly [number, number][], negatives: readonly [number, number][]): number {
  const all = [...positives.map(([i, j]) => ({ s: linkScore(model, i, j), pos: 1 })), ...negatives.map(([i, j]) => ({ s: linkScore(model, i, j), pos: 0 }))].sort((x, y) => x.s - y.s);
  // rank-sum (Mann–Whitney) with average ranks over ties
  let rankSum = 0;
  for (let a = 0; a < all.length; ) {
    let b = a;
    while (b < all.length && all[b]!.s === all[a]!.s) b++;
    const rank = (a + 1 + b) / 2;
    for (let t = a; t < b; t++) if (all[t]!.pos) rankSum += rank;
    a = b;
  }
  const P = positives.length;
  const N = negatives.length;
  return (rankSum - (P * (P + 1)) / 2) / (P * N);
}

/**
 * The observed graph plus, for every node, its `perNode` best-scored unobserved partners (the
 * union of those pairs; ties: the same pairs every run), each weighted σ(score); observed edges
 * keep weight 1. Every node gets links, as in the authors' dense predicted graph where every
 * pair has a weight. Scores every pair twice (O(n² p) time, O(n p + n·perNode) memory).
 */
export function predictedGraph(observed: Graph, model: LinkModel, perNode: number): Graph {
  const n = observed.n;
  const seen = new Set<number>();
  for (let e = 0; e < observed.edges.src.length; e++) {
    const s = observed.edges.src[e]!;
    const t = observed.edges.dst[e]!;
    seen.add(s < t ? s * n + t : t * n + s);
  }
  const { Z, w, p } = model;
  const zw = new Float64Array(p);
  const chosen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const heap = new TopPairs(Math.max(0, Math.min(perNode, n - 1)));
    for (let t = 0; t < p; t++) zw[t] = Z[i * p + t]! * w[t]!;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      const row = j * p;
      for (let t = 0; t < p; t++) s += zw[t]! * Z[row + t]!;
      if (heap.accepts(s) && !seen.has(i < j ? i * n + j : j * n + i)) heap.push(s, i, j);
    }
    for (let q = 0; q < heap.size; q++) {
      const j = heap.j[q]!;
      chosen.set(i < j ? i * n + j : j * n + i, heap.s[q]!);
    }
  }
  const m = observed.edges.src.length;
  const keys = [...chosen.keys()].sort((x, y) => x - y);
  const src = new Int32Array(m + keys.length);
  const dst = new Int32Array(m + keys.length);
  const weight = new Float64Array(m + keys.length);
  src.set(observed.edges.src);
  dst.set(observed.edges.dst);
  weight.fill(1, 0, m);
  keys.forEach((key, q) => {
    src[m + q] = Math.floor(key / n);
    dst[m + q] = key % n;
    weight[m + q] = 1 / (1 + Math.exp(-chosen.get(key)!));
  });
  return buildGraph(observed.labels, { src, dst, weight }, { directed: false, weighted: true, source: `${observed.source} + ${keys.length} predicted links` });
}

/** The `cap` highest-scored pairs seen: a min-heap on the score (the lowest kept is evicted first). */
class TopPairs {
  readonly s: Float64Array;
  readonly i: Int32Array;
  readonly j: Int32Array;
  size = 0;
  constructor(readonly cap: number) {
    this.s = new Float64Array(cap);
    this.i = new Int32Array(cap);
    this.j = new Int32Array(cap);
  }
  accepts(score: number): boolean {
    return this.cap > 0 && (this.size < this.cap || score > this.s[0]!);
  }
  push(score: number, i: number, j: number): void {
    if (this.size < this.cap) {
      let c = this.size++;
      this.set(c, score, i, j);
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (this.s[parent]! <= this.s[c]!) break;
        this.swap(c, parent);
        c = parent;
      }
      return;
    }
    this.set(0, score, i, j);
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let low = c;
      if (l < this.size && this.s[l]! < this.s[low]!) low = l;
      if (r < this.size && this.s[r]! < this.s[low]!) low = r;
      if (low === c) break;
      this.swap(c, low);
      c = low;
    }
  }
  private set(c: number, score: number, i: number, j: number): void {
    this.s[c] = score;
    this.i[c] = i;
    this.j[c] = j;
  }
  private swap(a: number, b: number): void {
    [this.s[a], this.s[b]] = [this.s[b]!, this.s[a]!];
    [this.i[a], this.i[b]] = [this.i[b]!, this.i[a]!];
    [this.j[a], this.j[b]] = [this.j[b]!, this.j[a]!];
  }
}
