/**
 * verify --task clusternet: B (autodiff in float32 through the GCN, the IFT k-means layer and
 * the modularity) against float64 central differences of the whole forward pass, recomputed
 * here on the host by separate code (the GCN's products written out, soft k-means re-converged
 * to 1e-14 from the fit's centres, the soft modularity from the CSR sums), on sampled edges.
 * A second, informative check reports how much of B the explicit term alone (the partition
 * held fixed, as the modularity task computes it) accounts for.
 */
import type { Graph } from '../../graph/graph.js';
import type { Csr } from '../../graph/csr.js';
import { Rng } from '../../util/rng.js';
import { cannotVerify, maxAbs, relError, sampleEdges, centralDifference, type CheckResult, type VerifyReport, type VerifyRun } from '../../verify/check.js';
import { modularityParts, pairDerivative } from '../modularity/modularity.js';
import { softPartition } from '../modularity/partition.js';
import { softKMeans } from './soft-kmeans.js';
import { matmul } from '../../solvers/dense/matmul.js';
import { centerObjective } from './kcenter/objective.js';
import { selectionHost } from './objectives/kcenter.js';
import { clusternetDerivative } from './derivative.js';
import type { ClusterNetFit } from './fit.js';


/** The trained network's soft modularity on the graph with stored values `csr.values`, in float64. */
export function hostObjective(csr: Csr, fit: ClusterNetFit): number {
  const o = fit.options;
  const n = csr.nRows;
  const w = fit.model.weights;
  const [W1, b1, W2, b2] = [w.W1, w.b1, w.W2, w.b2].map((v) => Float64Array.from(v.dataSync()));
  const h = o.hidden;
  const p = o.embed;
  const dTilde = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (let q = csr.rowPtr[i]!; q < csr.rowPtr[i + 1]!; q++) s += csr.values[q]!;
    dTilde[i] = s;
  }
  /** (A·H + H) / d̃ for H with c columns */
  const propagate = (H: Float64Array, c: number): Float64Array => {
    const out = new Float64Array(n * c);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < c; t++) out[i * c + t] = H[i * c + t]!;
      for (let q = csr.rowPtr[i]!; q < csr.rowPtr[i + 1]!; q++) {
        const j = csr.colIdx[q]!;
        const v = csr.values[q]!;
        for (let t = 0; t < c; t++) out[i * c + t]! += v * H[j * c + t]!;
      }
      for (let t = 0; t < c; t++) out[i * c + t]! /= dTilde[i]!;
    }
    return out;
  };
  const F = fit.model.features ? Float64Array.from(fit.model.features.dataSync()) : null;
  const XW = F ? matmul(F, W1!, n, fit.model.features!.shape[1], h) : W1!;
  const H1 = propagate(XW, h);
  for (let i = 0; i < n * h; i++) H1[i] = Math.max(0, H1[i]! + b1![i % h]!);
  const Z = propagate(matmul(H1, W2!, n, h, p), p);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < p; t++) s += (Z[i * p + t]! += b2![t]!) ** 2;
    const norm = Math.sqrt(s) + 1e-12;
    for (let t = 0; t < p; t++) Z[i * p + t]! /= norm;
  }
  const km = softKMeans({ X: Z, n, p, k: o.clusters, beta: o.beta }, fit.kmeans.mu, { tol: 1e-14, maxIter: 50_000 });
  if (fit.kcenter) {
    const s = fit.kcenter.setup;
    return centerObjective(s.rows, selectionHost(Z, km.mu, n, p, o.clusters, s.gamma), s.temp);
  }
  return modularityParts(csr, softPartition(km.r, o.clusters)).Q;
}

export function verifyClusterNet(graph: Graph, fit: ClusterNetFit, run: VerifyRun): Omit<VerifyReport, 'task'> {
  const say = run.progress ?? (() => {});
  const notes = [
    fit.kcenter
      ? `graph: ${graph.n} nodes, ${graph.edges.src.length} edges; K = ${fit.options.clusters}, β = ${fit.options.beta}; k-center: expected distance (soft) ${fit.objective.toPrecision(8)}, ${fit.kcenter.facilities.length} facilities with value ${fit.kcenter.value}`
      : `graph: ${graph.n} nodes, ${graph.edges.src.length} edges; K = ${fit.options.clusters}, β = ${fit.options.beta}; soft modularity ${fit.objective.toPrecision(8)}, hard ${fit.hardModularity.toPrecision(6)}`,
    'B is df/dA with the GCN weights held at their trained values (retraining on the edited graph is not part of it)',
    fit.wellPosed.detail,
  ];
  const checks: CheckResult[] = [];
  const undefinedB = cannotVerify(fit.wellPosed);
  if (undefinedB) {
    notes.push(undefinedB);
    return { input: graph.source, checks, pass: false, notes };
  }
  say('verify: autodiff through the GCN and the k-means fixed point');
  const B = clusternetDerivative(graph, fit);
  const scale = maxAbs(B);
  const rng = new Rng(run.seed);
  const edges = sampleEdges(B, run.sample, rng);
  say(`verify: central differences of the whole forward pass in float64 on ${edges.length} edges`);
  const h = 1e-4;
  const fd = edges.map((e) => centralDifference(graph, e, h, (values) => hostObjective(graph.csr.withValues(values), fit)));
  const err = relError(edges.map((e) => B[e]!), fd, scale);
  checks.push({
    name: 'finite difference',
    detail: `central differences (h = ${h}) of the float64 forward pass (GCN, soft k-means to 1e-14, ${fit.kcenter ? 'soft k-center value, distances fixed' : 'soft Q'}) against autodiff (float32)`,
    compared: edges.length,
    worstRelError: err,
    threshold: 1e-3,
    pass: err <= 1e-3,
  });
  if (fit.kcenter) return { input: graph.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
  // the explicit term alone: ∂Q/∂A with r held fixed
  const partition = softPartition(fit.kmeans.r, fit.options.clusters);
  const parts = modularityParts(graph.csr, partition);
  const explicit = Float64Array.from(graph.edges.src, (i, e) => pairDerivative(parts, partition, i, graph.edges.dst[e]!));
  const share = relError(B, explicit, scale);
  checks.push({ name: 'explicit term', detail: 'B against ∂Q/∂A with the responsibilities held fixed (what the GCN and k-means add)', compared: B.length, worstRelError: share, threshold: 1, pass: true, informative: true });
  return { input: graph.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
}
