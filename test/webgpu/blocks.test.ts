/**
 * Arrays above the adapter's storage-binding limit are split into row blocks, not refused.
 * N2N_WEBGPU_MAX_BINDING lowers the limit to 4 KiB here (1,024 entries a buffer), so small
 * random matrices span several blocks; each product is checked against the float64
 * typed-array references, gradients against their closed forms, HITS's B and ALS's sweeps
 * against the host solves. Skipped, with the reason, where no adapter can be had.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/load-backend.js';
import { webgpuUnavailable } from '../helpers/webgpu.js';
import { disposeSparse, sparseFromCsr, withValues } from '../../src/sparse/sparse-matrix.js';
import { spmm, sddmm } from '../../src/sparse/spmm.js';
import { tensorLaplacian, degrees, denseLaplacian } from '../../src/sparse/laplacian.js';
import { spmmImpl } from '../../src/backend/kernels/spmm-impl.js';
import { hitsTask } from '../../src/tasks/hits/index.js';
import { generateGraph, generateRatings } from '../../src/graph/generators/generated.js';
import { als } from '../../src/solvers/als.js';
import { alsTensorAnywhere } from '../../src/solvers/als-tensor.js';
import { Rng } from '../../src/util/rng.js';
import { matmul, maxAbs, randomCsr, transpose } from '../helpers/dense.js';
import { sbmGraph } from '../helpers/graphs.js';

const why = await webgpuUnavailable();

const rel = (a: ArrayLike<number>, b: ArrayLike<number>): number => maxAbs(Array.from(a, (v, i) => v - b[i]!)) / Math.max(maxAbs(b), 1e-30);

describe.skipIf(why !== '')('row blocks above the binding limit (webgpu)', () => {
  const saved = process.env.N2N_WEBGPU_MAX_BINDING;
  beforeAll(async () => {
    await initBackend('webgpu');
    process.env.N2N_WEBGPU_MAX_BINDING = '4096';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.N2N_WEBGPU_MAX_BINDING;
    else process.env.N2N_WEBGPU_MAX_BINDING = saved;
  });

  it('spmm: A·X and Aᵀ·X of a matrix in row blocks equal the float64 reference, and gradients the closed forms', async () => {
    const rng = new Rng(21);
    const A = randomCsr(rng, 300, 200, 0.06); // ≈ 3,600 entries: four blocks or more
    const a = sparseFromCsr(A);
    expect(a.blocks!.length).toBeGreaterThanOrEqual(4);
    expect(a.blocks!.reduce((s, b) => s + b.matrix.nnz, 0)).toBe(A.nnz);
    const vals32 = Float32Array.from(A.values);
    for (const d of [1, 2]) {
      for (const t of [false, true]) {
        const k = t ? 300 : 200;
        const x = Float32Array.from({ length: k * d }, () => rng.normal());
        const X = d === 1 ? tf.tensor1d(x) : tf.tensor2d(x, [k, d]);
        const got = await spmm(a, X, { transpose: t }).data();
        expect(rel(got, spmmImpl(A.rowPtr, A.colIdx, vals32, x, 300, 200, d, t)), `d=${d} transpose=${t}`).toBeLessThan(1e-6);
        X.dispose();
      }
    }
    // d/dX ‖A·X‖² = 2·Aᵀ·A·X, through the blocks' own registered gradients
    const x = Float64Array.from({ length: 200 * 2 }, () => rng.normal());
    const g = await tf.grad((X: tf.Tensor) => tf.sum(tf.square(spmm(a, X as tf.Tensor2D))))(tf.tensor2d(Float32Array.from(x), [200, 2])).data();
    const dense = A.toDense();
    const want = matmul(transpose(dense, 300, 200), matmul(dense, x, 300, 200, 2), 200, 300, 2).map((v) => 2 * v);
    expect(rel(g, want)).toBeLessThan(1e-5);
    disposeSparse(a);
  });

  it('the fused Laplacian product runs block by block and gives (D − A)·X', async () => {
    const { graph } = sbmGraph(new Rng(5), [70, 70, 70], 0.15, 0.02);
    const a = sparseFromCsr(graph.csr);
    expect(a.blocks!.length).toBeGreaterThan(1);
    const n = graph.n;
    const deg = tf.tensor2d(Float32Array.from(degrees(graph.csr)), [n, 1]);
    const x = Float64Array.from({ length: n * 3 }, (_, i) => Math.sin(i));
    const got = await tensorLaplacian(a, deg).apply(tf.tensor2d(Float32Array.from(x), [n, 3])).data();
    expect(rel(got, matmul(denseLaplacian(graph.csr), x, n, n, 3))).toBeLessThan(1e-6);
    deg.dispose();
    disposeSparse(a);
  });

  it('HITS fitted on a blocked matrix gives the float64 host B', async () => {
    const g = generateGraph({ kind: 'rmat', scale: 9, edgeFactor: 8, seed: 3 });
    expect(g.csr.nnz).toBeGreaterThan(3000);
    const host = hitsTask.fit(g, { seed: 1, options: { precision: 'float64' } });
    const dev = await hitsTask.fitAsync(g, { seed: 1, options: { precision: 'float32' } });
    expect(dev.solver.precision).toBe('float32');
    expect(rel(hitsTask.derive(g, dev), hitsTask.derive(g, host))).toBeLessThan(1e-5);
  });

  it('ALS in row blocks (ratings and r × (r + 1) systems per binding) gives the float64 host sweeps', async () => {
    const R = generateRatings({ kind: 'ratings', users: 300, items: 200, ratings: 3000, rank: 3, noise: 0.1, seed: 2 });
    const options = { rank: 3, lambdaU: 0.5, lambdaV: 0.7, iters: 2, seed: 4 };
    const host = als(R, options);
    const dev = await alsTensorAnywhere(R, options);
    expect(rel(dev.U, host.U)).toBeLessThan(1e-4);
    expect(rel(dev.V, host.V)).toBeLessThan(1e-4);
  });

  it('refuses, saying why, what needs one tensor: per-entry values of a blocked matrix, and dense operands above the limit', () => {
    const A = randomCsr(new Rng(2), 300, 200, 0.06);
    const a = sparseFromCsr(A);
    expect(() => withValues(a, tf.ones([A.nnz]) as tf.Tensor1D)).toThrow(/stored in \d+ row blocks.*--backend cpu/);
    expect(() => sddmm(a, tf.ones([300, 1]), tf.ones([200, 1]))).toThrow(/row blocks/);
    expect(() => spmm(a, tf.ones([200, 8]) as tf.Tensor2D)).toThrow(/dense operand \(200 × 8 float32, 6400 bytes\) exceeds.*4096 bytes/);
    disposeSparse(a);
  });
});
