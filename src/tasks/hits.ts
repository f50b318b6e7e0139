/**
 * HITS ranking (Lemmas 1–3). Hubs u and authorities v are the leading left and right
 * singular vectors of A; f = λ1 − λ2 = σ1² − σ2² (eigenvalues of AAᵀ); and
 *
 *     B(i,j) = 2σ1·u1(i)·v1(j) − 2σ2·u2(i)·v2(j)     for every stored edge, O(m + n).
 *
 * (The paper's Eq. 14 drops a bracket; see SPEC.md.) The derivative of λ2 needs σ2 > σ3:
 * when the gap is within what the solver can resolve, the fit says the task is ill-posed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../graph/graph.js';
import { sparseFromCsr, disposeSparse, type SparseMatrix } from '../sparse/sparse-matrix.js';
import { lanczosSvd, type LanczosSvdResult } from '../solvers/lanczos-svd.js';
import { sparseOperator, tensorSpace } from '../solvers/tensor-space.js';
import { edgeDerivative } from './edge-derivative.js';
import type { Task, TaskContext, TaskFit } from './task.js';
import { ConfigError } from '../util/errors.js';
import { z } from 'zod';
import { parseTaskOptions } from './task-options.js';

const hitsOptionsSchema = z
  .object({
    tol: z.number().positive().max(0.1).optional(),
    gapTol: z.number().positive().max(0.1).optional(),
  })
  .strict();

export interface HitsOptions {
  seed?: number;
  /** relative residual tolerance of the SVD (default 1e-5 · σ1 in float32) */
  tol?: number;
  /** σ2 − σ3 below gapTol · σ1 (or below 10× the residual) is ill-posed; default 1e-6 */
  gapTol?: number;
}

export interface HitsFit extends TaskFit {
  sigma: Float64Array;
  /** [n, 1] tensors: hub and authority vectors u1, v1 and the second pair u2, v2 */
  u: tf.Tensor2D[];
  v: tf.Tensor2D[];
  svd: Omit<LanczosSvdResult<tf.Tensor2D>, 'u' | 'v'>;
  /** σ2 − σ3 */
  gap23: number;
}

/** σ1² − σ2² */
export function hitsObjective(sigma: ArrayLike<number>): number {
  return sigma[0]! * sigma[0]! - sigma[1]! * sigma[1]!;
}

/** Decide ill-posedness from the singular values and the residuals that bound their error. */
export function hitsWellPosed(sigma: ArrayLike<number>, residual: number, gapTol = 1e-6): { illPosed: boolean; detail: string; gap: number } {
  const gap = sigma[1]! - sigma[2]!;
  const floor = Math.max(gapTol * sigma[0]!, 10 * residual);
  const illPosed = !(gap > floor);
  const detail = illPosed
    ? `σ2 = ${sigma[1]!.toPrecision(8)} and σ3 = ${sigma[2]!.toPrecision(8)} coincide within ${floor.toExponential(2)}: λ2 is repeated, its derivative (and B) is not defined`
    : `σ2 − σ3 = ${gap.toPrecision(4)} (resolvable above ${floor.toExponential(2)})`;
  return { illPosed, detail, gap };
}

/** Fit on a device matrix; the caller owns the returned tensors. */
export function fitHitsSparse(a: SparseMatrix, options: HitsOptions = {}): HitsFit {
  if (Math.min(a.nRows, a.nCols) < 3) throw new ConfigError(`hits: needs at least 3 nodes (σ3 decides whether λ2 is simple), got ${a.nRows}`);
  const svd = lanczosSvd(sparseOperator(a), tensorSpace, { k: 3, seed: options.seed ?? 1, tol: options.tol });
  const { u, v, ...info } = svd;
  tf.dispose([u[2]!, v[2]!]);
  const residual = Math.max(...info.residualAv, ...info.residualATu);
  const wp = hitsWellPosed(info.sigma, residual, options.gapTol);
  return {
    objective: hitsObjective(info.sigma),
    sigma: info.sigma,
    u: [u[0]!, u[1]!],
    v: [v[0]!, v[1]!],
    svd: info,
    gap23: wp.gap,
    wellPosed: { illPosed: wp.illPosed, detail: wp.detail },
    solver: {
      solver: 'lanczos-bidiagonalisation',
      precision: info.precision,
      iterations: info.iterations,
      restarts: info.restarts,
      converged: info.converged,
      residual: residual / Math.max(info.sigma[0]!, 1e-300),
      residualScale: 'max(‖Av − σu‖, ‖Aᵀu − σv‖) / σ1',
    },
  };
}

/** ∂f/∂A on the stored entries of A (CSR order), as a device tensor the caller owns. */
export function hitsDerivativeSparse(a: SparseMatrix, fit: HitsFit): tf.Tensor1D {
  return tf.tidy(() => {
    const [u1, u2] = fit.u as [tf.Tensor2D, tf.Tensor2D];
    const [v1, v2] = fit.v as [tf.Tensor2D, tf.Tensor2D];
    const t1 = tf.mul(tf.gather(tf.reshape(u1, [-1]), a.rowIdx), tf.gather(tf.reshape(v1, [-1]), a.colIdx));
    const t2 = tf.mul(tf.gather(tf.reshape(u2, [-1]), a.rowIdx), tf.gather(tf.reshape(v2, [-1]), a.colIdx));
    return tf.sub(tf.mul(t1, 2 * fit.sigma[0]!), tf.mul(t2, 2 * fit.sigma[1]!)) as tf.Tensor1D;
  });
}

export interface HitsGraphFit extends HitsFit {
  matrix: SparseMatrix;
}

export const hitsTask: Task<HitsGraphFit> = {
  input: 'graph',
  name: 'hits',
  description: 'HITS ranking: f = λ1 − λ2 of AAᵀ, B(i,j) = 2σ1·u1(i)v1(j) − 2σ2·u2(i)v2(j)',
  directed: 'either',
  optionKeys: Object.keys(hitsOptionsSchema.shape),
  parseOptions: (raw) => parseTaskOptions('hits', hitsOptionsSchema, raw),
  fit(graph: Graph, ctx: TaskContext): HitsGraphFit {
    const opts = parseTaskOptions('hits', hitsOptionsSchema, ctx.options ?? {});
    const matrix = sparseFromCsr(graph.csr);
    try {
      return { ...fitHitsSparse(matrix, { seed: ctx.seed, tol: opts.tol, gapTol: opts.gapTol }), matrix };
    } catch (e) {
      disposeSparse(matrix);
      throw e;
    }
  },
  derive(graph: Graph, fit: HitsGraphFit): Float64Array {
    const d = hitsDerivativeSparse(fit.matrix, fit);
    const values = d.dataSync();
    d.dispose();
    return edgeDerivative(graph, values);
  },
  dispose(fit: HitsGraphFit): void {
    tf.dispose([...fit.u, ...fit.v]);
    disposeSparse(fit.matrix);
  },
};
