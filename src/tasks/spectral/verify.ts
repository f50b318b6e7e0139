/**
 * Verification of the spectral-clustering derivative network B(i,j) = ‖u_i − u_j‖²:
 *  (a) autodiff — tf.grad, with respect to the edge-value tensor, of Tr(UᵀL(w)U) with U held
 *      fixed, where L(w)U = d(w) ⊙ U − A(w)·U is built through the sparse ops (degrees by
 *      unsortedSegmentSum, A·U by SpMM);
 *  (b) central finite differences of f = λ1 + … + λr on sampled edges, re-solving the
 *      perturbed Laplacian in float64 each side (warm-started from U);
 *  (c) on small graphs, from a dense float64 eigendecomposition (Householder + QL) and
 *      independently of the closed form's code: the derivative through the projector UUᵀ for
 *      every edge, and (up to 400 nodes) central differences of the dense eigenvalue sums.
 * Everything runs on the analysed graph (the largest component by default).
 */
import * as tf from '@tensorflow/tfjs-core';
import { asyncReadback, readTensor } from '../../solvers/tensor-space.js';
import { read, runEither, runSync, type Steps } from '../../linalg/steps.js';
import type { Graph } from '../../graph/graph.js';
import { sparseFromCsr, disposeSparse, withValues } from '../../sparse/sparse-matrix.js';
import { spmm } from '../../sparse/spmm.js';
import { degrees, denseLaplacian, laplacianNormBound, sharedLaplacian } from '../../sparse/laplacian.js';
import { edgeDerivative } from '../edge-derivative.js';
import { rowDistances, type SpectralFit } from './spectral.js';
import { nullSpaceBasis } from '../../solvers/laplacian-eigs.js';
import { lanczosEigs } from '../../solvers/lanczos-eigs.js';
import { sharedSpace } from '../../solvers/shared-space.js';
import { getPool } from '../../parallel/pool.js';
import { symEig } from '../../solvers/dense/sym-eig.js';
import { Rng } from '../../util/rng.js';
import { cannotVerify, centralDifference, maxAbs, relError, sampleEdges, type CheckResult, type VerifyReport } from '../../verify/check.js';

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
  /** a line per phase and per re-solve (stderr in the CLI) */
  progress?: (message: string) => void;
}

export function verifySpectral(input: Graph, fit: SpectralFit, options: SpectralVerifyOptions = {}): VerifyReport {
  return runSync(verifySpectralSteps(input, fit, options));
}

/** verifySpectral, awaiting the device's read-backs where the backend can only read back asynchronously (webgpu). */
export function verifySpectralAnywhere(input: Graph, fit: SpectralFit, options: SpectralVerifyOptions = {}): VerifyReport | Promise<VerifyReport> {
  return runEither(verifySpectralSteps(input, fit, options), asyncReadback());
}

function* verifySpectralSteps(input: Graph, fit: SpectralFit, options: SpectralVerifyOptions): Steps<VerifyReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const g = fit.analysed;
  const r = fit.r;
  const n = g.n;
  // B on the analysed graph's edges, in their order (the task's closed form: under test)
  const B = rowDistances(fit.U, r, g.edges);
  const scale = maxAbs(B);
  const notes = [
    `analysed graph: ${n} nodes, ${g.edges.src.length} edges` + (fit.leftOut.nodes ? ` (largest component; ${fit.leftOut.nodes} nodes and ${fit.leftOut.edges} edges of ${input.n}/${input.edges.src.length} left out)` : ''),
    `λ1..λ${r + 1} = ${Array.from(fit.values, (v) => v.toPrecision(8)).join(', ')}; ${fit.wellPosed.detail}`,
    `solver: ${fit.solver.precision}, ${fit.solver.iterations} products, residual ${fit.solver.residual.toExponential(2)}·‖L‖; f = ${fit.objective.toPrecision(10)}; max|B| = ${scale.toPrecision(4)}`,
  ];
  const checks: CheckResult[] = [];
  const undefinedB = cannotVerify(fit.wellPosed);
  if (undefinedB) {
    notes.push(undefinedB);
    return { task: 'spectral', input: input.source, checks, pass: false, notes };
  }

  const say = options.progress ?? (() => {});
  /** the step stays well inside the gap (f bends on the scale of λr+1 − λr), relative to the edge's weight */
  const fdStep = (gap: number, e: number): number => Math.min(1e-4, Math.max(1e-7, 1e-3 * gap)) * Math.max(1, Math.abs(g.csr.values[g.edgeToCsr[e]!]!));
  say('verify: autodiff');
  // (a) autodiff of Tr(UᵀL(w)U), U fixed
  {
    const adTol = options.autodiffThreshold ?? 1e-4;
    const a = sparseFromCsr(g.csr);
    const U = tf.tensor2d(Float32Array.from(fit.U), [n, r]);
    const ones = tf.ones([n, 1]) as tf.Tensor2D;
    try {
      const objective = (values: tf.Tensor): tf.Scalar => {
        const aw = withValues(a, values as tf.Tensor1D);
        const d = spmm(aw, ones); // row sums: degrees, through the SpMM kernel on every backend
        const LU = tf.sub(tf.mul(d, U), spmm(aw, U));
        return tf.sum(tf.mul(U, LU)) as tf.Scalar;
      };
      const grad = tf.tidy(() => tf.grad(objective)(a.values));
      const gB = edgeDerivative(g, yield* read(readTensor(grad)));
      grad.dispose();
      const err = relError(B, gB, scale);
      checks.push({ name: 'autodiff', detail: 'Tr(UᵀL(w)U), U fixed', compared: B.length, worstRelError: err, threshold: adTol, pass: err <= adTol });
    } finally {
      tf.dispose([U, ones]);
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
    let done = 0;
    for (const e of edges) {
      say(`verify: finite differences, edge ${++done} of ${edges.length} (two re-solves)`);
      const h = fdStep(gap, e);
      const fd = centralDifference(g, e, h, solveF);
      fdVals.push(fd);
      closed.push(B[e]!);
      log(`finite difference: edge ${g.labels[g.edges.src[e]!]} ${g.labels[g.edges.dst[e]!]}: closed ${B[e]!.toPrecision(6)} vs ${fd.toPrecision(6)} (h = ${h.toExponential(1)})`);
    }
    const err = relError(closed, fdVals, scale);
    checks.push({ name: 'finite difference', detail: `central, float64 re-solve, ${edges.length} edges`, compared: edges.length, worstRelError: err, threshold: fdTol, pass: err <= fdTol });
  }

  say('verify: dense float64 eigendecomposition');
  // (c) dense float64, independent of the closed form's code: the derivative of λ1 + … + λr
  // through the spectral projector P = UUᵀ of a dense eigendecomposition (∂f/∂w_ij =
  // P_ii + P_jj − 2P_ij), and central differences of the dense eigenvalue sums themselves.
  const limit = options.denseLimit ?? 1000;
  if (n <= limit) {
    const denseTol = options.denseThreshold ?? 1e-5;
    const L = denseLaplacian(g.csr);
    const eig = symEig(L, n);
    const Bd = projectorDerivative(eig.vectors, n, r, g.edges);
    const err = relError(B, Bd, scale);
    const dl = Math.max(...Array.from({ length: r + 1 }, (_, i) => Math.abs(eig.values[i]! - fit.values[i]!)));
    notes.push(`dense float64: λ${r} = ${eig.values[r - 1]!.toPrecision(10)}, λ${r + 1} = ${eig.values[r]!.toPrecision(10)}; max |Δλ| vs the solver ${dl.toExponential(2)}`);
    checks.push({ name: 'dense float64', detail: `projector UUᵀ of the ${n} × ${n} L's eigendecomposition`, compared: B.length, worstRelError: err, threshold: denseTol, pass: err <= denseTol });
    if (n <= DENSE_DIFFERENCE_LIMIT) {
      const gap = eig.values[r]! - eig.values[r - 1]!;
      const edges = sampleEdges(B, options.sample ?? 8, new Rng(seed + 1));
      // λ1 + … + λr of the dense L built from the perturbed edge values
      const denseSum = (values: Float64Array): number => {
        const ev = symEig(denseLaplacian(g.csr.withValues(values)), n, { vectors: false }).values;
        let f = 0;
        for (let t = 0; t < r; t++) f += ev[t]!;
        return f;
      };
      const diffs = edges.map((e) => centralDifference(g, e, fdStep(gap, e), denseSum));
      const closed = edges.map((e) => B[e]!);
      const fdTol = options.fdThreshold ?? 1e-3;
      const dErr = relError(closed, diffs, scale);
      checks.push({ name: 'dense finite difference', detail: `central differences of the dense eigenvalue sum, ${edges.length} edges`, compared: edges.length, worstRelError: dErr, threshold: fdTol, pass: dErr <= fdTol });
    }
  } else {
    notes.push(`dense float64 check skipped: ${n} nodes > ${limit} (--dense-limit)`);
  }
  return { task: 'spectral', input: input.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
}

/** Dense finite differences (two O(n³) eigenvalue solves per edge) up to this many nodes. */
const DENSE_DIFFERENCE_LIMIT = 400;

/**
 * ∂(λ1 + … + λr)/∂w_ij = Tr(P ∂L/∂w_ij) = P_ii + P_jj − 2P_ij with P = Σ_t u_t u_tᵀ, from the
 * column-major eigenvectors of a dense eigendecomposition (ascending values).
 */
function projectorDerivative(vectors: Float64Array, n: number, r: number, edges: Pick<Graph['edges'], 'src' | 'dst'>): Float64Array {
  const P = (i: number, j: number): number => {
    let s = 0;
    for (let t = 0; t < r; t++) s += vectors[t * n + i]! * vectors[t * n + j]!;
    return s;
  };
  return Float64Array.from({ length: edges.src.length }, (_, e) => {
    const i = edges.src[e]!;
    const j = edges.dst[e]!;
    return i === j ? 0 : P(i, i) + P(j, j) - 2 * P(i, j);
  });
}
