/**
 * The GCRF linear system and its derivative network (SEEDS-SPEC §2.2, §2.8).
 *
 *   Q = α·I + β·L(S),  L = diag(S·1) − S,  μ = Q⁻¹·b with b = Σ_k α_k R_k,  α = Σ_k α_k
 *   z = Q⁻¹·∇f(μ),  B(i,j) = ∂f/∂S_ij = −β (z_i − z_j)(μ_i − μ_j)   (one variable per pair)
 *
 * B is defined at every pair, edge or not (it is a rank-≤4 pattern in the pair). Self-loops do
 * not enter L, so their B is 0.
 *
 * Solves: below `denseBelow` nodes, one dense Cholesky factor of Q serves both solves; above it,
 * conjugate gradients on the Jacobi-scaled Q̂ = D_q^{-1/2}·Q·D_q^{-1/2} = I − Ŝ (Ŝ_ij =
 * β·S_ij/√(q_i q_j), q = diag Q): in float64 on the host thread pool, and, on a device, in
 * float32 first and refined in float64 from that start. The residual reported is the true
 * ‖Q·x − b‖/‖b‖ of the unscaled system, recomputed on the host.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Csr } from '../../graph/csr.js';
import type { Graph } from '../../graph/graph.js';
import type { Pairs } from '../../graph/edit.js';
import { choleskyFactor, choleskySolve } from '../../solvers/dense/cholesky.js';
import { cgSteps, conjugateGradient } from '../../solvers/cg.js';
import { sharedSpace } from '../../solvers/shared-space.js';
import { deviceSpace } from '../../solvers/tensor-space.js';
import { read, runSync, type Steps } from '../../linalg/steps.js';
import { sharedLaplacian, tensorLaplacian } from '../../sparse/laplacian.js';
import { sparseFromCsr, disposeSparse } from '../../sparse/sparse-matrix.js';
import { ConfigError } from '../../util/errors.js';
import { tabulate } from '../../util/tabulate.js';

export type GcrfSolverChoice = 'auto' | 'dense' | 'cg';
export type GcrfPrecision = 'auto' | 'float32' | 'float64';

/** Nodes up to which `auto` factors Q densely (one O(n³/3) factor, then O(n²) per solve). */
export const GCRF_DENSE_BELOW = 1500;

export interface SolveReport {
  method: 'dense Cholesky' | 'conjugate gradients';
  precision: 'float32' | 'float64';
  /** CG iterations (0 for the dense path); float32 then float64 stages when refined */
  iterations: number;
  stages?: { precision: 'float32' | 'float64'; iterations: number; residual: number }[];
  /** ‖Q·x − b‖ / ‖b‖ in float64 */
  residual: number;
  converged: boolean;
}

/** Q for one graph and one (α, β): what the solves need, built once. */
export interface GcrfSystem {
  n: number;
  alpha: number;
  beta: number;
  /** weighted degrees without self-loops */
  degree: Float64Array;
  /** Q·x in float64 (host, one pass over the CSR) */
  apply(x: Float64Array): Float64Array;
  /** Q⁻¹b; `x0` warm-starts CG (the dense path ignores it) */
  solve(b: Float64Array, x0?: Float64Array): { x: Float64Array; report: SolveReport };
  /** the same as a read-back generator (linalg/steps.ts): a device stage may read back asynchronously */
  solveSteps(b: Float64Array, x0?: Float64Array): Steps<{ x: Float64Array; report: SolveReport }>;
  /** whether the solves start with a float32 stage on the device */
  deviceStage: boolean;
  dispose(): void;
}

export interface SystemOptions {
  solver: GcrfSolverChoice;
  precision: GcrfPrecision;
  /** relative residual for CG */
  tol: number;
  maxIter: number;
  /** run the float32 stage on the device first (precision auto) */
  deviceFirst: boolean;
}

/** The similarity S as stored (CSR of the undirected graph, both orientations) with self-loops dropped from L. */
function offDiagonalDegrees(csr: Csr): Float64Array {
  const d = new Float64Array(csr.nRows);
  for (let i = 0; i < csr.nRows; i++) {
    let s = 0;
    for (let p = csr.rowPtr[i]!; p < csr.rowPtr[i + 1]!; p++) if (csr.colIdx[p] !== i) s += csr.values[p]!;
    d[i] = s;
  }
  return d;
}

export function gcrfSystem(graph: Graph, alpha: number, beta: number, o: SystemOptions): GcrfSystem {
  if (graph.directed) throw new ConfigError('gcrf: the similarity S must be symmetric; load the edge list as undirected (--no-directed; pipelines: dataset.directed: false)');
  if (!(alpha > 0)) throw new ConfigError(`gcrf: α = Σ α_k must be positive (Q = αI + βL is then positive definite), got ${alpha}`);
  if (!(beta >= 0)) throw new ConfigError(`gcrf: β must be ≥ 0, got ${beta}`);
  const csr = graph.csr;
  for (let p = 0; p < csr.nnz; p++) {
    if (!(csr.values[p]! >= 0)) throw new ConfigError(`gcrf: a similarity must be ≥ 0 (L(S) is then positive semidefinite), got ${csr.values[p]}`);
  }
  const n = graph.n;
  const degree = offDiagonalDegrees(csr);
  const q = tabulate(n, (i) => alpha + beta * degree[i]!);
  const apply = (x: Float64Array): Float64Array => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = q[i]! * x[i]!;
      for (let p = csr.rowPtr[i]!; p < csr.rowPtr[i + 1]!; p++) {
        const j = csr.colIdx[p]!;
        if (j !== i) s -= beta * csr.values[p]! * x[j]!;
      }
      y[i] = s;
    }
    return y;
  };
  const residualOf = (x: Float64Array, b: Float64Array): number => {
    const qx = apply(x);
    let r = 0;
    let bb = 0;
    for (let i = 0; i < n; i++) {
      r += (qx[i]! - b[i]!) ** 2;
      bb += b[i]! ** 2;
    }
    return bb > 0 ? Math.sqrt(r / bb) : Math.sqrt(r);
  };
  const dense = o.solver === 'dense' || (o.solver === 'auto' && n <= GCRF_DENSE_BELOW);
  if (dense) {
    const f = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      f[i * n + i] = q[i]!;
      for (let p = csr.rowPtr[i]!; p < csr.rowPtr[i + 1]!; p++) {
        const j = csr.colIdx[p]!;
        if (j !== i) f[i * n + j]! -= beta * csr.values[p]!;
      }
    }
    if (!choleskyFactor(f, n)) throw new Error('gcrf: Cholesky failed on Q = αI + βL, which is positive definite (a bug)');
    const solveDense = (b: Float64Array): { x: Float64Array; report: SolveReport } => {
      const x = Float64Array.from(b);
      choleskySolve(f, n, x);
      const residual = residualOf(x, b);
      return { x, report: { method: 'dense Cholesky', precision: 'float64', iterations: 0, residual, converged: residual <= Math.max(o.tol, 1e-12) * 10 } };
    };
    return {
      n,
      alpha,
      beta,
      degree,
      apply,
      solve: solveDense,
      // eslint-disable-next-line require-yield
      *solveSteps(b) {
        return solveDense(b);
      },
      deviceStage: false,
      dispose() {},
    };
  }
  // Jacobi scaling: Q̂ = I − Ŝ, run through the Laplacian kernel with unit "degrees"
  const isq = tabulate(n, (i) => 1 / Math.sqrt(q[i]!));
  const rows = csr.rowIndex();
  const hat = tabulate(csr.nnz, (p) => (csr.colIdx[p] === rows[p] ? 0 : beta * csr.values[p]! * isq[rows[p]!]! * isq[csr.colIdx[p]!]!));
  const scaled = new Csr(n, n, csr.rowPtr, csr.colIdx, hat);
  const ones = new Float64Array(n).fill(1);
  let host: ReturnType<typeof sharedLaplacian> | null = null;
  const space = sharedSpace();
  const scaleIn = (b: Float64Array): Float64Array => tabulate(n, (i) => b[i]! * isq[i]!);
  const solveHost = (bh: Float64Array, x0?: Float64Array) => {
    host ??= sharedLaplacian(scaled, ones);
    const bv = space.fromFloat64(bh);
    const x0v = x0 ? space.fromFloat64(x0) : undefined;
    const r = conjugateGradient(host, bv, space, { tol: o.tol, maxIter: o.maxIter, ...(x0v ? { x0: x0v } : {}) });
    const x = space.toFloat64(r.x);
    space.dispose([bv, r.x, ...(x0v ? [x0v] : [])]);
    return { x, iterations: r.iterations, residual: r.residual };
  };
  // the device stage: float32 CG on the scaled system, read-backs awaited where the backend needs it
  function* solveDevice(bh: Float64Array): Steps<{ x: Float64Array; iterations: number; residual: number }> {
    const dev = deviceSpace();
    const s = sparseFromCsr(scaled);
    const deg = tf.ones([n, 1]) as tf.Tensor2D;
    try {
      const b = dev.fromFloat64(bh);
      const r = yield* cgSteps(tensorLaplacian(s, deg), b, dev, { tol: Math.max(o.tol, 1e-6), maxIter: o.maxIter });
      const x = yield* read(dev.toFloat64(r.x));
      dev.dispose([b, r.x]);
      return { x, iterations: r.iterations, residual: r.residual };
    } finally {
      disposeSparse(s);
      deg.dispose();
    }
  }
  const float32First = o.precision === 'float32' || (o.precision === 'auto' && o.deviceFirst);
  function* solveSteps(b: Float64Array, x0?: Float64Array): Steps<{ x: Float64Array; report: SolveReport }> {
      const bh = scaleIn(b);
      const xh0 = x0 ? tabulate(n, (i) => x0[i]! / isq[i]!) : undefined;
      const stages: NonNullable<SolveReport['stages']> = [];
      let xh: Float64Array;
      let iterations = 0;
      if (float32First) {
        const d = yield* solveDevice(bh);
        stages.push({ precision: 'float32', iterations: d.iterations, residual: d.residual });
        iterations += d.iterations;
        xh = d.x;
        if (o.precision !== 'float32') {
          const h = solveHost(bh, d.x);
          stages.push({ precision: 'float64', iterations: h.iterations, residual: h.residual });
          iterations += h.iterations;
          xh = h.x;
        }
      } else {
        const h = solveHost(bh, xh0);
        iterations = h.iterations;
        xh = h.x;
      }
      const x = tabulate(n, (i) => xh[i]! * isq[i]!);
      // ‖Q·x − b‖ = ‖D_q^{1/2}(Q̂·x̂ − b̂)‖: one product on the pool instead of a single-threaded pass
      host ??= sharedLaplacian(scaled, ones);
      const xs = space.fromFloat64(xh);
      const qx = host.apply(xs);
      let rr = 0;
      let bb = 0;
      for (let i = 0; i < n; i++) {
        rr += ((qx[i]! - bh[i]!) / isq[i]!) ** 2;
        bb += b[i]! * b[i]!;
      }
      space.dispose([xs, qx]);
      const residual = bb > 0 ? Math.sqrt(rr / bb) : Math.sqrt(rr);
      const precision = o.precision === 'float32' ? 'float32' : 'float64';
      // float32 carries about 1e-6: that is its tolerance whatever was asked
      const reach = precision === 'float32' ? Math.max(o.tol, 1e-5) : o.tol;
      return { x, report: { method: 'conjugate gradients', precision, iterations, ...(stages.length ? { stages } : {}), residual, converged: residual <= reach * 10 } };
  }
  return {
    n,
    alpha,
    beta,
    degree,
    apply,
    solve: (b, x0) => runSync(solveSteps(b, x0)),
    solveSteps,
    deviceStage: float32First,
    dispose() {},
  };
}

/** B(i,j) = −β (z_i − z_j)(μ_i − μ_j) at the given pairs (edges or not); 0 on self-loops. */
export function gcrfPairDerivative(beta: number, mu: Float64Array, z: Float64Array, pairs: { src: ArrayLike<number>; dst: ArrayLike<number> }): Float64Array {
  const m = pairs.src.length;
  const out = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const i = pairs.src[e]!;
    const j = pairs.dst[e]!;
    out[e] = i === j ? 0 : -beta * (z[i]! - z[j]!) * (mu[i]! - mu[j]!);
  }
  return out;
}

export type { Pairs };
