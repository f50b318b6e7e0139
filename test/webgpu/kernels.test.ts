/**
 * n2n's WGSL kernels on a WebGPU adapter (CI: Mesa's lavapipe, a CPU Vulkan; scripts/lavapipe.sh)
 * against the float64 typed-array references: SpMM in both orientations (Aᵀ through its own
 * CSR, no atomics), SDDMM, the gradients the ops register, and run-to-run determinism. Without
 * an adapter the file says so and skips: the rest of the suite never needs one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/load-backend.js';
import { webgpuUnavailable } from '../helpers/webgpu.js';
import { sparseFromCsr, withValues } from '../../src/sparse/sparse-matrix.js';
import { spmm, sddmm } from '../../src/sparse/spmm.js';
import { spmmImpl } from '../../src/backend/kernels/spmm-impl.js';
import { sddmmImpl } from '../../src/backend/kernels/sddmm-impl.js';
import { Rng } from '../../src/util/rng.js';
import { randomCsr, maxAbs } from '../helpers/dense.js';

const why = await webgpuUnavailable();

const rel = (a: ArrayLike<number>, b: ArrayLike<number>): number => maxAbs(Array.from(a, (v, i) => v - b[i]!)) / Math.max(maxAbs(b), 1e-30);

describe.skipIf(why !== '')('WGSL kernels on webgpu', () => {
  // (the suite's setup file loads cpu before each file's tests: switch back)
  beforeAll(async () => {
    await initBackend('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
  });
  const rng = new Rng(3);
  const A = randomCsr(rng, 50, 70, 0.1);
  const vals32 = Float32Array.from(A.values);

  it('spmm: A·X and Aᵀ·X (d = 1 and 3) equal the float64 reference to float32 rounding, and repeat bit for bit', async () => {
    const a = sparseFromCsr(A);
    expect(a.tPerm.shape[0]).toBe(A.nnz); // built with Aᵀ's pattern on webgpu
    for (const d of [1, 3]) {
      for (const transpose of [false, true]) {
        const k = transpose ? 50 : 70;
        const x = Float32Array.from({ length: k * d }, () => rng.normal());
        const X = d === 1 ? tf.tensor1d(x) : tf.tensor2d(x, [k, d]);
        const y = spmm(a, X, { transpose, impl: 'kernel' });
        const got = await y.data();
        const want = spmmImpl(A.rowPtr, A.colIdx, vals32, x, 50, 70, d, transpose);
        expect(rel(got, want), `d=${d} transpose=${transpose}`).toBeLessThan(1e-6);
        const again = await spmm(a, X, { transpose, impl: 'kernel' }).data();
        expect(Array.from(again)).toEqual(Array.from(got));
        tf.dispose([X, y]);
      }
    }
  });

  it('sddmm: ⟨left[row(e)], right[col(e)]⟩ on every stored entry', async () => {
    const a = sparseFromCsr(A);
    const l = Float32Array.from({ length: 50 * 4 }, () => rng.normal());
    const r = Float32Array.from({ length: 70 * 4 }, () => rng.normal());
    const got = await sddmm(a, tf.tensor2d(l, [50, 4]), tf.tensor2d(r, [70, 4]), { impl: 'kernel' }).data();
    expect(rel(got, sddmmImpl(A.rowPtr, A.colIdx, l, r, 50, 4))).toBeLessThan(1e-6);
  });

  it('gradients through spmm: d/dvalues and d/dX of ‖A·X‖² equal the float64 closed forms', async () => {
    const a = sparseFromCsr(A);
    const x = Float32Array.from({ length: 70 * 2 }, () => rng.normal());
    const X = tf.tensor2d(x, [70, 2]);
    const g = tf.grads((v: tf.Tensor, xx: tf.Tensor) => tf.sum(tf.square(spmm(withValues(a, v as tf.Tensor1D), xx as tf.Tensor2D))));
    const [dv, dx] = g([a.values, X]);
    const ax = spmmImpl(A.rowPtr, A.colIdx, vals32, x, 50, 70, 2, false);
    const rows = A.rowIndex();
    const wantDv = Array.from({ length: A.nnz }, (_, e) => 2 * (ax[rows[e]! * 2]! * x[A.colIdx[e]! * 2]! + ax[rows[e]! * 2 + 1]! * x[A.colIdx[e]! * 2 + 1]!));
    const wantDx = spmmImpl(A.rowPtr, A.colIdx, vals32, Float32Array.from(ax, (v) => 2 * v), 50, 70, 2, true);
    expect(rel(await dv!.data(), wantDv)).toBeLessThan(1e-5);
    expect(rel(await dx!.data(), wantDx)).toBeLessThan(1e-5);
  });

  it('the fused Laplacian product d ⊙ X − A·X equals the float64 reference', async () => {
    const { tensorLaplacian } = await import('../../src/sparse/laplacian.js');
    const S = randomCsr(rng, 60, 60, 0.1);
    const a = sparseFromCsr(S);
    const d = Float32Array.from({ length: 60 }, () => 1 + rng.uniform());
    const x = Float32Array.from({ length: 60 * 2 }, () => rng.normal());
    const deg = tf.tensor2d(d, [60, 1]);
    const got = await tensorLaplacian(a, deg).apply(tf.tensor2d(x, [60, 2])).data();
    const ax = spmmImpl(S.rowPtr, S.colIdx, Float32Array.from(S.values), x, 60, 60, 2, false);
    const want = Float64Array.from(ax, (v, k) => d[Math.floor(k / 2)]! * x[k]! - v);
    expect(rel(got, want)).toBeLessThan(1e-6);
    deg.dispose();
  });
});
