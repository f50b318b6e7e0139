/**
 * Verification of the spectral-clustering derivative network B(i,j) = ‖u_i − u_j‖²:
 *  (a) autodiff — tf.grad, with respect to the edge-value tensor, of Tr(UᵀL(w)U) with U held
 *      fixed, where L(w)U = d(w) ⊙ U − A(w)·U is built through the sparse ops (degrees by
 *      unsortedSegmentSum, A·U by SpMM);
 *  (b) central finite differences of f = λ1 + … + λr on sampled edges, re-solving the
 *      perturbed Laplacian in float64 each side (warm-started from U);
 *  (c) on small graphs, B from a dense float64 eigendecomposition (Householder + QL).
 * Everything runs on the analysed graph (the largest component by default).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../graph/graph.js';
import { sparseFromCsr, disposeSparse, withValues } from '../sparse/sparse-matrix.js';
import { spmm } from '../sparse/spmm.js';
import { degrees, denseLaplacian, laplacianNormBound, sharedLaplacian } from '../sparse/laplacian.js';
import { edgeDerivative } from '../tasks/edge-derivative.js';
import { rowDistances, type SpectralFit } from '../tasks/spectral.js';
import { nullSpaceBasis } from '../solvers/laplacian-eigs.js';
import { lanczosEigs } from '../solvers/lanczos-eigs.js';
import { sharedSpace } from '../solvers/shared-space.js';
import { getPool } from '../parallel/pool.js';
import { symEig } from '../solvers/dense/sym-eig.js';
import { Rng } from '../util/rng.js';
import { centralDifference, maxAbs, relError, sampleEdges, type CheckResult, type VerifyReport } from './check.js';

export interface SpectralVerifyOptions {
  seed?: number;
  /** edges for finite differences (half the largest B, half uniform) */
  sample?: number;
  /** dense float64 check up to this many nodes (default 1000) */
  denseLimit?: number;
  autodiffThreshold?: number;
  fdThreshold?: number;
  denseThreshold?: number;
  log?: (msg: string) => void;
}

export function verifySpectral(input: Graph, fit: SpectralFit, options: SpectralVerifyOptions = {}): VerifyReport {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const g = fit.analysed;
  const r = fit.r;
  const n = g.n;
  // B on the analysed graph's edges, in their order
  const B = rowDistances(fit.U, r, g.edges);
  const scale = maxAbs(B);
  const notes = [
    `analysed graph: ${n} nodes, ${g.edges.src.length} edges` + (fit.leftOut.nodes ? ` (largest component; ${fit.leftOut.nodes} nodes and ${fit.leftOut.edges} edges of ${input.n}/${input.edges.src.length} left out)` : ''),
    `λ1..λ${r + 1} = ${Array.from(fit.values, (v) => v.toPrecision(8)).join(', ')}; ${fit.wellPosed.detail}`,
    `solver: ${fit.solver.precision}, ${fit.solver.iterations} products, residual ${fit.solver.residual.toExponential(2)}·‖L‖; f = ${fit.objective.toPrecision(10)}; max|B| = ${scale.toPrecision(4)}`,
  ];
  const checks: CheckResult[] = [];
  if (fit.wellPosed.illPosed || fit.wellPosed.unresolved) {
    notes.push(fit.wellPosed.illPosed ? 'the derivative is not defined here, so it cannot be verified' : 'the solver did not resolve whether the derivative is defined, so it cannot be verified');
    return { task: 'spectral', input: input.source, checks, pass: false, notes };
  }

  // (a) autodiff of Tr(UᵀL(w)U), U fixed
  {
    const adTol = options.autodiffThreshold ?? 1e-4;
    const a = sparseFromCsr(g.csr);
    const U = tf.tensor2d(Float32Array.from(fit.U), [n, r]);
    try {
      const objective = (values: tf.Tensor): tf.Scalar => {
        const aw = withValues(a, values as tf.Tensor1D);
        const d = tf.reshape(tf.unsortedSegmentSum(values, a.rowIdx, n), [n, 1]);
        const LU = tf.sub(tf.mul(d, U), spmm(aw, U));
        return tf.sum(tf.mul(U, LU)) as tf.Scalar;
      };
      const grad = tf.tidy(() => tf.grad(objective)(a.values));
      const gB = edgeDerivative(g, grad.dataSync());
      grad.dispose();
      const err = relError(B, gB, scale);
      checks.push({ name: 'autodiff', detail: 'Tr(UᵀL(w)U), U fixed', compared: B.length, worstRelError: err, threshold: adTol, pass: err <= adTol });
    } finally {
      U.dispose();
      disposeSparse(a);
    }
  }

  // (b) central finite differences of f = λ1 + … + λr, float64 re-solves warm-started from U
  {
    const fdTol = options.fdThreshold ?? 1e-3;
    const edges = sampleEdges(B, options.sample ?? 8, new Rng(seed));
    const c = fit.components.count;
    const nullVecs = nullSpaceBasis(fit.components);
    const start = new Float64Array(n);
    const wobble = new Rng(seed + 1);
    for (let i = 0; i < n; i++) {
      for (let col = c; col < r; col++) start[i]! += fit.U[i * r + col]!;
      start[i]! += 1e-3 * wobble.normal() / Math.sqrt(n);
    }
    const solveF = (values: Float64Array): number => {
      if (r <= c) return 0; // U is the null space: f = 0 whatever the weights (while connected)
      const csr = g.csr.withValues(values);
      const d = degrees(csr);
      const space = sharedSpace();
      const res = lanczosEigs(sharedLaplacian(csr, d, getPool(), space.alloc), space, {
        k: r - c,
        which: 'smallest',
        seed,
        tol: 1e-13,
        normBound: laplacianNormBound(csr, d),
        deflate: nullVecs,
        start,
        maxRestarts: 2000,
      });
      let f = 0;
      for (let t = 0; t < r - c; t++) f += res.values[t]!;
      return f;
    };
    const gap = fit.values[r]! - fit.values[r - 1]!;
    const fdVals: number[] = [];
    const closed: number[] = [];
    for (const e of edges) {
      // the step stays well inside the gap (f bends on the scale of λr+1 − λr)
      const h = Math.min(1e-4, Math.max(1e-7, 1e-3 * gap)) * Math.max(1, Math.abs(g.csr.values[g.edgeToCsr[e]!]!));
      const fd = centralDifference(g, e, h, solveF);
      fdVals.push(fd);
      closed.push(B[e]!);
      log(`finite difference: edge ${g.labels[g.edges.src[e]!]} ${g.labels[g.edges.dst[e]!]}: closed ${B[e]!.toPrecision(6)} vs ${fd.toPrecision(6)} (h = ${h.toExponential(1)})`);
    }
    const err = relError(closed, fdVals, scale);
    checks.push({ name: 'finite difference', detail: `central, float64 re-solve, ${edges.length} edges`, compared: edges.length, worstRelError: err, threshold: fdTol, pass: err <= fdTol });
  }

  // (c) dense float64 eigendecomposition
  const limit = options.denseLimit ?? 1000;
  if (n <= limit) {
    const denseTol = options.denseThreshold ?? 1e-5;
    const L = denseLaplacian(g.csr);
    const eig = symEig(L, n);
    const Ud = new Float64Array(n * r);
    for (let col = 0; col < r; col++) for (let i = 0; i < n; i++) Ud[i * r + col] = eig.vectors[col * n + i]!;
    const Bd = rowDistances(Ud, r, g.edges);
    const err = relError(B, Bd, scale);
    const dl = Math.max(...Array.from({ length: r + 1 }, (_, i) => Math.abs(eig.values[i]! - fit.values[i]!)));
    notes.push(`dense float64: λ${r} = ${eig.values[r - 1]!.toPrecision(10)}, λ${r + 1} = ${eig.values[r]!.toPrecision(10)}; max |Δλ| vs the solver ${dl.toExponential(2)}`);
    checks.push({ name: 'dense float64', detail: `eigendecomposition of the ${n} × ${n} L`, compared: B.length, worstRelError: err, threshold: denseTol, pass: err <= denseTol });
  } else {
    notes.push(`dense float64 check skipped: ${n} nodes > ${limit} (--dense-limit)`);
  }
  return { task: 'spectral', input: input.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
}
