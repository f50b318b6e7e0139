/**
 * Verification of the HITS derivative network:
 *  (a) autodiff — tf.grad with respect to the edge-value tensor of objectives computed
 *      through the SpMM op: (i) Rayleigh quotients (u1ᵀAv1)² − (u2ᵀAv2)² with the singular
 *      vectors held fixed, (ii) T unrolled power/subspace iterations from the fitted vectors;
 *  (b) central finite differences of f = σ1² − σ2² on sampled edges, re-solving each side
 *      with the float64 host Lanczos (float32 cannot resolve f(A ± h) − f(A)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { asyncReadback, readTensor } from '../../solvers/tensor-space.js';
import { read, runEither, runSync, type Steps } from '../../linalg/steps.js';
import type { Graph } from '../../graph/graph.js';
import { hitsDerivative, hitsObjective, type HitsFit } from './hits.js';
import { edgeDerivative } from '../edge-derivative.js';
import { disposeSparse, sparseFromCsr, withValues, type SparseMatrix } from '../../sparse/sparse-matrix.js';
import { spmm } from '../../sparse/spmm.js';
import { lanczosSvd } from '../../solvers/lanczos-svd.js';
import { csrOperator, hostSpace } from '../../solvers/host-space.js';
import { Rng } from '../../util/rng.js';
import { cannotVerify, centralDifference, maxAbs, relError, sampleEdges, type CheckResult, type VerifyReport } from '../../verify/check.js';

export interface HitsVerifyOptions {
  seed?: number;
  /** edges for finite differences (half the largest |B|, half uniform) */
  sample?: number;
  /** unrolled iterations in the power-iteration objective */
  unroll?: number;
  /** relative step: h = step · max(1, |A(i,j)|) */
  step?: number;
  autodiffThreshold?: number;
  fdThreshold?: number;
  log?: (msg: string) => void;
  /** a line per phase and per re-solve (stderr in the CLI) */
  progress?: (message: string) => void;
}

/** The fitted vectors as [n, 1] device tensors (float32). */
interface DeviceVectors {
  u: tf.Tensor2D[];
  v: tf.Tensor2D[];
}

function rayleighObjective(a: SparseMatrix, fit: DeviceVectors): (values: tf.Tensor) => tf.Scalar {
  return (values) => {
    const av = withValues(a, values as tf.Tensor1D);
    const r1 = tf.sum(tf.mul(fit.u[0]!, spmm(av, fit.v[0]!)));
    const r2 = tf.sum(tf.mul(fit.u[1]!, spmm(av, fit.v[1]!)));
    return tf.sub(tf.square(r1), tf.square(r2)) as tf.Scalar;
  };
}

/** f ≈ 2·λ1(x_T) − (λ1 + λ2)(X_T): single-vector and two-vector subspace iteration on AᵀA. */
function unrolledObjective(a: SparseMatrix, fit: DeviceVectors, steps: number): (values: tf.Tensor) => tf.Scalar {
  return (values) => {
    const av = withValues(a, values as tf.Tensor1D);
    const ata = (x: tf.Tensor2D): tf.Tensor2D => spmm(av, spmm(av, x), { transpose: true });
    let x = fit.v[0]!;
    let X = tf.concat([fit.v[0]!, fit.v[1]!], 1) as tf.Tensor2D;
    for (let t = 0; t < steps; t++) {
      const y = ata(x);
      x = tf.div(y, tf.norm(y)) as tf.Tensor2D;
      const Y = ata(X);
      const [y1, y2] = tf.split(Y, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const q1 = tf.div(y1, tf.norm(y1));
      const w = tf.sub(y2, tf.mul(q1, tf.sum(tf.mul(q1, y2))));
      const q2 = tf.div(w, tf.norm(w));
      X = tf.concat([q1, q2], 1) as tf.Tensor2D;
    }
    const lambda1 = tf.sum(tf.square(spmm(av, x)));
    const trace = tf.sum(tf.square(spmm(av, X)));
    return tf.sub(tf.mul(lambda1, 2), trace) as tf.Scalar;
  };
}

export function verifyHits(graph: Graph, fit: HitsFit, options: HitsVerifyOptions = {}): VerifyReport {
  return runSync(verifyHitsSteps(graph, fit, options));
}

/** verifyHits, awaiting the device's read-backs where the backend can only read back asynchronously (webgpu). */
export function verifyHitsAnywhere(graph: Graph, fit: HitsFit, options: HitsVerifyOptions = {}): VerifyReport | Promise<VerifyReport> {
  return runEither(verifyHitsSteps(graph, fit, options), asyncReadback());
}

function* verifyHitsSteps(graph: Graph, fit: HitsFit, options: HitsVerifyOptions): Steps<VerifyReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const adTol = options.autodiffThreshold ?? 1e-4;
  const fdTol = options.fdThreshold ?? 1e-3;
  const B = hitsDerivative(graph, fit);
  const scale = maxAbs(B);
  const notes = [
    `graph: ${graph.n} nodes, ${graph.edges.src.length} edges; σ1..3 = ${Array.from(fit.sigma, (s) => s.toPrecision(8)).join(', ')} (${fit.solver.precision} Lanczos, ${fit.solver.iterations} products, residual ${fit.solver.residual.toExponential(1)}·σ1)`,
    `f = σ1² − σ2² = ${fit.objective.toPrecision(8)}; ${fit.wellPosed.detail}; max|B| = ${scale.toPrecision(4)}`,
  ];
  const checks: CheckResult[] = [];
  const undefinedB = cannotVerify(fit.wellPosed);
  if (undefinedB) {
    notes.push(undefinedB);
    return { task: 'hits', input: graph.source, checks, pass: false, notes };
  }
  const say = options.progress ?? (() => {});
  say('verify: autodiff');
  // (a) autodiff, on the device in float32
  const a = sparseFromCsr(graph.csr);
  const column = (x: Float64Array): tf.Tensor2D => tf.tensor2d(Float32Array.from(x), [x.length, 1]);
  const dev: DeviceVectors = { u: fit.u.map(column), v: fit.v.map(column) };
  try {
    const grads: [string, (v: tf.Tensor) => tf.Scalar][] = [
      ['Rayleigh quotients, vectors fixed', rayleighObjective(a, dev)],
      [`${options.unroll ?? 3} unrolled power iterations`, unrolledObjective(a, dev, options.unroll ?? 3)],
    ];
    for (const [detail, objective] of grads) {
      log(`autodiff: ${detail}`);
      const g = tf.tidy(() => tf.grad(objective)(a.values));
      const dA = yield* read(readTensor(g));
      const gB = edgeDerivative(graph, dA);
      g.dispose();
      const err = relError(B, gB, scale);
      checks.push({ name: 'autodiff', detail, compared: B.length, worstRelError: err, threshold: adTol, pass: err <= adTol });
    }
  } finally {
    tf.dispose([...dev.u, ...dev.v]);
    disposeSparse(a);
  }

  // (b) finite differences with float64 re-solves
  const edges = sampleEdges(B, options.sample ?? 8, new Rng(seed));
  const fdVals: number[] = [];
  const closed: number[] = [];
  const f64 = (values: Float64Array): number => {
    const r = lanczosSvd(csrOperator(graph.csr.withValues(values)), hostSpace, { k: 2, seed, basisSize: 30 });
    return hitsObjective(r.sigma);
  };
  const f0 = f64(graph.csr.values);
  notes.push(`float64 re-solve: f = ${f0.toPrecision(10)} (float32 fit differs by ${Math.abs(f0 - fit.objective).toExponential(2)})`);
  let done = 0;
  for (const e of edges) {
    say(`verify: finite differences, edge ${++done} of ${edges.length} (two re-solves)`);
    const h = (options.step ?? 1e-3) * Math.max(1, Math.abs(graph.csr.values[graph.edgeToCsr[e]!]!));
    const fd = centralDifference(graph, e, h, f64);
    fdVals.push(fd);
    closed.push(B[e]!);
    log(`finite difference: edge ${graph.labels[graph.edges.src[e]!]} ${graph.labels[graph.edges.dst[e]!]}: closed ${B[e]!.toPrecision(6)} vs ${fd.toPrecision(6)}`);
  }
  const fdErr = relError(closed, fdVals, scale);
  checks.push({
    name: 'finite difference',
    detail: `central, f64 re-solve, ${edges.length} edges`,
    compared: edges.length,
    worstRelError: fdErr,
    threshold: fdTol,
    pass: fdErr <= fdTol,
  });
  return { task: 'hits', input: graph.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
}
