/**
 * verify --task gcrf: the closed form B(i,j) = −β (z_i − z_j)(μ_i − μ_j) checked four ways.
 *  1. autodiff: tf.grad of f with respect to the stored similarity values, through conjugate
 *     gradients unrolled in tensor ops (float32, on the active backend);
 *  2. float64 central differences of f on sampled edges and non-edges, re-solving
 *     Q + βδ·(e_i − e_j)(e_i − e_j)ᵀ from scratch (a dense Cholesky up to a few thousand
 *     nodes, else CG to 1e-13): nothing of the closed form is used;
 *  3. the exact change of f when an edge goes, by Sherman–Morrison (μ' = μ − βδ·(uᵀμ)/(1 +
 *     βδ·r)·Q⁻¹u, u = e_i − e_j, r = uᵀQ⁻¹u), checked against a direct re-solve, and the
 *     first-order estimate −w·B against it (Spearman and top-k overlap, informative: the
 *     ranking differs only through the factor 1/(1 + βδ·r));
 *  4. a second float64 solver (dense Cholesky against CG, or CG against the dense fit) for B.
 */
import * as tf from '@tensorflow/tfjs-core';
import { asyncReadback, readTensor } from '../../solvers/tensor-space.js';
import { read, runEither, runSync, type Maybe, type Steps } from '../../linalg/steps.js';
import type { AttributedGraph } from '../../graph/attributed.js';
import { edgeDerivative } from '../edge-derivative.js';
import { sparseFromCsr, disposeSparse, withValues } from '../../sparse/sparse-matrix.js';
import { spmm } from '../../sparse/spmm.js';
import { choleskyFactor, choleskySolve } from '../../solvers/dense/cholesky.js';
import { conjugateGradient } from '../../solvers/cg.js';
import { hostSpace } from '../../solvers/host-space.js';
import { spearman, topKOverlap } from '../../metrics/rank-correlation.js';
import { Rng } from '../../util/rng.js';
import { cannotVerify, maxAbs, relError, sampleEdges, type CheckResult, type VerifyReport, type VerifyRun } from '../../verify/check.js';
import { gcrfPairDerivative, gcrfSystem, GCRF_DENSE_BELOW } from './model.js';
import { objectiveGradient, objectiveValue } from './objective.js';
import type { GcrfFit } from './gcrf.js';
import { tabulate } from '../../util/tabulate.js';

/** Nodes up to which the checks re-factor Q densely for every perturbed solve (O(n³) each). */
const VERIFY_DENSE_BELOW = 600;

/** Q + βδ·uuᵀ as a float64 solver: dense below VERIFY_DENSE_BELOW nodes (the unperturbed factor kept), else CG to 1e-13. */
function perturbedSolver(data: AttributedGraph, fit: GcrfFit): (i: number, j: number, delta: number, b: Float64Array) => Float64Array {
  const A = fit.alpha.reduce((s, a) => s + a, 0);
  const base = gcrfSystem(data.graph, A, fit.beta, { solver: 'cg', precision: 'float64', tol: 1e-13, maxIter: 100_000, deviceFirst: false });
  const n = data.graph.n;
  const beta = fit.beta;
  if (n <= VERIFY_DENSE_BELOW) {
    const csr = data.graph.csr;
    const Q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      Q[i * n + i] = A + beta * base.degree[i]!;
      for (let p = csr.rowPtr[i]!; p < csr.rowPtr[i + 1]!; p++) {
        const j = csr.colIdx[p]!;
        if (j !== i) Q[i * n + j]! -= beta * csr.values[p]!;
      }
    }
    let factor0: Float64Array | null = null;
    return (i, j, delta, b) => {
      if (delta === 0 || i === j) {
        if (!factor0) {
          factor0 = Float64Array.from(Q);
          if (!choleskyFactor(factor0, n)) throw new Error('gcrf verify: Q is not positive definite (a bug)');
        }
        const x = Float64Array.from(b);
        choleskySolve(factor0, n, x);
        return x;
      }
      const M = Float64Array.from(Q);
      if (i !== j) {
        M[i * n + i]! += beta * delta;
        M[j * n + j]! += beta * delta;
        M[i * n + j]! -= beta * delta;
        M[j * n + i]! -= beta * delta;
      }
      if (!choleskyFactor(M, n)) throw new Error('gcrf verify: the perturbed Q is not positive definite (the step is too large)');
      const x = Float64Array.from(b);
      choleskySolve(M, n, x);
      return x;
    };
  }
  return (i, j, delta, b) => {
    const op = {
      size: n,
      apply: (x: Float64Array) => {
        const y = base.apply(x);
        if (i !== j) {
          const d = beta * delta * (x[i]! - x[j]!);
          y[i]! += d;
          y[j]! -= d;
        }
        return y;
      },
    };
    return conjugateGradient(op, b, hostSpace, { tol: 1e-13, maxIter: 100_000 }).x;
  };
}

/** f of μ through T conjugate-gradient steps in tensor ops, as a function of the stored similarity values. */
function unrolledObjective(data: AttributedGraph, fit: GcrfFit, steps: number): { grad: (values: tf.Tensor1D) => Maybe<Float64Array>; dispose: () => void } {
  const { graph } = data;
  const n = graph.n;
  const a = sparseFromCsr(graph.csr);
  const rows = graph.csr.rowIndex();
  const offDiag = tf.tensor1d(Float32Array.from(graph.csr.colIdx, (c, p) => (c === rows[p] ? 0 : 1)));
  const A = fit.alpha.reduce((s, x) => s + x, 0);
  const bHost = new Float64Array(n);
  data.R.forEach((r, k) => r.forEach((v, i) => (bHost[i]! += fit.alpha[k]! * v)));
  const b = tf.tensor2d(Float32Array.from(bHost), [n, 1]);
  const ones = tf.ones([n, 1]);
  const o = fit.objectiveKind;
  const y = o.kind === 'mse' ? tf.tensor2d(Float32Array.from(o.y), [n, 1]) : null;
  const f = (values: tf.Tensor): tf.Scalar => {
    const S = withValues(a, tf.mul(values, offDiag) as tf.Tensor1D);
    const deg = spmm(S, ones as tf.Tensor2D);
    const Q = (x: tf.Tensor2D): tf.Tensor2D => tf.add(tf.mul(x, A), tf.mul(tf.sub(tf.mul(deg, x), spmm(S, x)), fit.beta)) as tf.Tensor2D;
    let x = tf.zerosLike(b) as tf.Tensor2D;
    let r = b as tf.Tensor2D;
    let p = b as tf.Tensor2D;
    let rr = tf.sum(tf.square(r));
    for (let t = 0; t < steps; t++) {
      const qp = Q(p);
      // guarded divisions: once float32 CG has converged, r and p can reach exact zeros
      const step = tf.div(rr, tf.maximum(tf.sum(tf.mul(p, qp)), 1e-30));
      x = tf.add(x, tf.mul(p, step)) as tf.Tensor2D;
      r = tf.sub(r, tf.mul(qp, step)) as tf.Tensor2D;
      const rr1 = tf.sum(tf.square(r));
      p = tf.add(r, tf.mul(p, tf.div(rr1, tf.maximum(rr, 1e-30)))) as tf.Tensor2D;
      rr = rr1;
    }
    if (o.kind === 'mse') return tf.mean(tf.square(tf.sub(x, y!))) as tf.Scalar;
    if (o.kind === 'norm') return tf.sum(tf.square(x)) as tf.Scalar;
    return tf.sum(tf.slice(x, [o.node, 0], [1, 1])) as tf.Scalar;
  };
  return {
    grad: (values) => {
      const g = tf.tidy(() => tf.grad(f)(values));
      const out = readTensor(g);
      if (out instanceof Promise) return out.finally(() => g.dispose());
      g.dispose();
      return out;
    },
    dispose: () => {
      disposeSparse(a);
      tf.dispose([offDiag, b, ones, ...(y ? [y] : [])]);
    },
  };
}

/** Edges beyond which autodiff (a tape of every unrolled step) is skipped. */
const AUTODIFF_MAX_EDGES = 300_000;

export function verifyGcrf(data: AttributedGraph, fit: GcrfFit, run: VerifyRun): VerifyReport {
  return runSync(verifyGcrfSteps(data, fit, run));
}

/** verifyGcrf, awaiting the device's read-backs where the backend can only read back asynchronously (webgpu). */
export function verifyGcrfAnywhere(data: AttributedGraph, fit: GcrfFit, run: VerifyRun): VerifyReport | Promise<VerifyReport> {
  return runEither(verifyGcrfSteps(data, fit, run), asyncReadback());
}

function* verifyGcrfSteps(data: AttributedGraph, fit: GcrfFit, run: VerifyRun): Steps<VerifyReport> {
  const { graph } = data;
  const log = run.log ?? (() => {});
  const say = run.progress ?? (() => {});
  const B = gcrfPairDerivative(fit.beta, fit.mu, fit.z, graph.edges);
  const scale = maxAbs(B);
  const n = graph.n;
  const notes = [
    `graph: ${n} nodes, ${graph.edges.src.length} edges${graph.weighted ? ' (weighted S)' : ' (S = A, 0/1)'}; α = ${Array.from(fit.alpha, (a) => a.toPrecision(6)).join(', ')}, β = ${fit.beta.toPrecision(6)}`,
    `f = ${fit.objective.toPrecision(10)}; ${fit.wellPosed.detail}; solves: ${fit.solver.solver}, residual ${fit.solver.residual.toExponential(2)}; max|B| = ${scale.toPrecision(4)}`,
  ];
  const checks: CheckResult[] = [];
  const undefinedB = cannotVerify(fit.wellPosed);
  if (undefinedB) {
    notes.push(undefinedB);
    return { task: 'gcrf', input: graph.source, checks, pass: false, notes };
  }
  const rng = new Rng(run.seed);
  const solveWith = perturbedSolver(data, fit);
  const A = fit.alpha.reduce((s, a) => s + a, 0);
  const b = new Float64Array(n);
  data.R.forEach((r, k) => r.forEach((v, i) => (b[i]! += fit.alpha[k]! * v)));

  // 1. autodiff through unrolled CG
  if (graph.edges.src.length <= AUTODIFF_MAX_EDGES) {
    say('verify: autodiff through unrolled conjugate gradients');
    const probe = conjugateGradient({ size: n, apply: gcrfSystem(graph, A, fit.beta, { solver: 'cg', precision: 'float64', tol: 1e-6, maxIter: 10_000, deviceFirst: false }).apply }, b, hostSpace, { tol: 1e-6, maxIter: 10_000 });
    const steps = Math.min(2000, probe.iterations + 5);
    const u = unrolledObjective(data, fit, steps);
    try {
      const values = tf.tensor1d(Float32Array.from(graph.csr.values));
      const gB = edgeDerivative(graph, yield* read(u.grad(values)));
      values.dispose();
      const err = relError(B, gB, scale);
      checks.push({ name: 'autodiff', detail: `tf.grad through ${steps} CG steps (float32)`, compared: B.length, worstRelError: err, threshold: 5e-3, pass: err <= 5e-3 });
    } finally {
      u.dispose();
    }
  } else notes.push(`autodiff skipped: ${graph.edges.src.length} edges is above ${AUTODIFF_MAX_EDGES} (the tape of every unrolled step would not fit)`);

  // 2. central differences on sampled edges and non-edges
  const f = (mu: Float64Array): number => objectiveValue(fit.objectiveKind, mu);
  const edges = sampleEdges(B, run.sample, rng);
  const present = new Set(Array.from(graph.edges.src, (s, e) => Math.min(s, graph.edges.dst[e]!) * n + Math.max(s, graph.edges.dst[e]!)));
  const nonEdges: [number, number][] = [];
  for (let tries = 0; nonEdges.length < Math.ceil(run.sample / 2) && tries < 100 * run.sample; tries++) {
    const i = rng.int(n);
    const j = rng.int(n);
    if (i !== j && !present.has(Math.min(i, j) * n + Math.max(i, j))) nonEdges.push([i, j]);
  }
  const pairs = [...edges.map((e) => [graph.edges.src[e]!, graph.edges.dst[e]!] as [number, number]), ...nonEdges];
  const closed = gcrfPairDerivative(fit.beta, fit.mu, fit.z, { src: pairs.map((p) => p[0]), dst: pairs.map((p) => p[1]) });
  const fd: number[] = [];
  pairs.forEach(([i, j], t) => {
    say(`verify: finite differences, pair ${t + 1} of ${pairs.length} (two re-solves)`);
    const h = 1e-4 * Math.max(1, t < edges.length ? graph.edges.weight[edges[t]!]! : 0);
    const d = (f(solveWith(i, j, h, b)) - f(solveWith(i, j, -h, b))) / (2 * h);
    fd.push(d);
    log(`finite difference: ${graph.labels[i]} ${graph.labels[j]}${t < edges.length ? '' : ' (non-edge)'}: closed ${closed[t]!.toPrecision(8)} vs ${d.toPrecision(8)}`);
  });
  const fdErr = relError(closed, fd, Math.max(scale, maxAbs(closed)));
  checks.push({ name: 'finite difference', detail: `central, float64 re-solves, ${edges.length} edges + ${nonEdges.length} non-edges`, compared: pairs.length, worstRelError: fdErr, threshold: 1e-5, pass: fdErr <= 1e-5 });

  // 3. exact one-edge removal by Sherman–Morrison, against a direct re-solve; first order against exact
  const many = sampleEdges(B, Math.min(graph.edges.src.length, Math.max(4 * run.sample, 40)), rng);
  const exact: number[] = [];
  const direct: number[] = [];
  const first: number[] = [];
  const f0 = f(fit.mu);
  many.forEach((e, t) => {
    say(`verify: exact one-edge removal, edge ${t + 1} of ${many.length}`);
    const i = graph.edges.src[e]!;
    const j = graph.edges.dst[e]!;
    if (i === j) return;
    const w = graph.edges.weight[e]!;
    const delta = -w;
    const u = new Float64Array(n);
    u[i] = 1;
    u[j] = -1;
    const qu = solveWith(i, j, 0, u); // Q⁻¹u
    const r = qu[i]! - qu[j]!;
    const coef = (fit.beta * delta * (fit.mu[i]! - fit.mu[j]!)) / (1 + fit.beta * delta * r);
    const muSm = tabulate(n, (k) => fit.mu[k]! - coef * qu[k]!);
    exact.push(f(muSm) - f0);
    if (t < run.sample) direct.push(f(solveWith(i, j, delta, b)) - f0);
    first.push(delta * B[e]!);
  });
  const smErr = relError(exact.slice(0, direct.length), direct, Math.max(maxAbs(direct), 1e-300));
  checks.push({ name: 'exact removal', detail: `Sherman–Morrison vs direct re-solve, ${direct.length} edges`, compared: direct.length, worstRelError: smErr, threshold: 1e-8, pass: smErr <= 1e-8 });
  const rho = spearman(first, exact);
  const k = Math.max(1, Math.floor(first.length / 10));
  const overlap = topKOverlap(first.map((x) => -x), exact.map((x) => -x), k);
  checks.push({
    name: 'first order vs exact',
    detail: `−w·B against the exact Δf of removing each of ${first.length} edges: Spearman ${rho.toFixed(4)}, top-${k} overlap ${overlap.toFixed(2)}`,
    compared: first.length,
    worstRelError: relError(first, exact, Math.max(maxAbs(exact), 1e-300)),
    threshold: 1,
    pass: true,
    informative: true,
  });

  // 4. B from a second float64 solver
  say('verify: B from a second float64 solver');
  const second = n <= GCRF_DENSE_BELOW && fit.solves.mu.method !== 'dense Cholesky' ? 'dense' : 'cg';
  const sys = gcrfSystem(graph, A, fit.beta, { solver: second, precision: 'float64', tol: 1e-13, maxIter: 100_000, deviceFirst: false });
  const mu2 = sys.solve(b).x;
  const z2 = sys.solve(objectiveGradient(fit.objectiveKind, mu2)).x;
  const B2 = gcrfPairDerivative(fit.beta, mu2, z2, graph.edges);
  const err2 = relError(B, B2, scale);
  const tol2 = fit.solver.precision === 'float32' ? 1e-3 : 1e-7;
  checks.push({ name: 'second solver', detail: `${second === 'dense' ? 'dense Cholesky' : 'CG to 1e-13'} μ, z and B`, compared: B.length, worstRelError: err2, threshold: tol2, pass: err2 <= tol2 });
  return { task: 'gcrf', input: graph.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
}
