import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng.js';
import { spmmImpl } from '../../src/backend/kernels/spmm-impl.js';
import { sddmmImpl } from '../../src/backend/kernels/sddmm-impl.js';
import { unsortedSegmentSumImpl } from '../../src/backend/kernels/unsorted-segment-sum-impl.js';
import { sparseFromCsr, disposeSparse, withValues } from '../../src/sparse/sparse-matrix.js';
import { spmm, sddmm } from '../../src/sparse/spmm.js';
import { randomCsr, matmul, transpose, maxAbsDiff, maxAbs } from '../helpers/dense.js';

const rng = new Rng(42);
const randDense = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal());
/** The implementations the current backend has: n2n's own kernels exist on cpu and wasm only. */
const impls = (): ('kernel' | 'compose')[] => (tf.getKernel('N2nSpMM', tf.getBackend()) ? ['kernel', 'compose'] : ['compose']);

describe('pure kernels vs dense float64', () => {
  for (const [rows, cols, d] of [
    [7, 5, 1],
    [30, 41, 3],
    [50, 20, 8],
  ] as const) {
    it(`spmm ${rows}×${cols}, d=${d}, both orientations`, () => {
      const a = randomCsr(rng, rows, cols, 0.2);
      const dense = a.toDense();
      const x = randDense(cols * d);
      const y = spmmImpl(a.rowPtr, a.colIdx, Float32Array.from(a.values), Float32Array.from(x), rows, cols, d, false);
      const ref = matmul(dense, x, rows, cols, d);
      expect(maxAbsDiff(y, ref)).toBeLessThan(1e-5 * Math.max(1, maxAbs(ref)));
      const z = randDense(rows * d);
      const yt = spmmImpl(a.rowPtr, a.colIdx, Float32Array.from(a.values), Float32Array.from(z), rows, cols, d, true);
      const reft = matmul(transpose(dense, rows, cols), z, cols, rows, d);
      expect(maxAbsDiff(yt, reft)).toBeLessThan(1e-5 * Math.max(1, maxAbs(reft)));
    });
    it(`sddmm ${rows}×${cols}, d=${d}`, () => {
      const a = randomCsr(rng, rows, cols, 0.2);
      const l = randDense(rows * d);
      const r = randDense(cols * d);
      const out = sddmmImpl(a.rowPtr, a.colIdx, Float32Array.from(l), Float32Array.from(r), rows, d);
      const rowOf = a.rowIndex();
      for (let e = 0; e < a.nnz; e++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += l[rowOf[e]! * d + k]! * r[a.colIdx[e]! * d + k]!;
        expect(out[e]).toBeCloseTo(s, 4);
      }
    });
  }
  it('unsorted segment sum is O(N) and matches a direct sum, dropping out-of-range ids', () => {
    const n = 1000;
    const segs = 37;
    const inner = 3;
    const x = randDense(n * inner);
    const ids = Int32Array.from({ length: n }, () => rng.int(segs + 2) - 1);
    const out = unsortedSegmentSumImpl(Float32Array.from(x), ids, segs, inner, 'float32');
    const ref = new Float64Array(segs * inner);
    for (let i = 0; i < n; i++) if (ids[i]! >= 0 && ids[i]! < segs) for (let k = 0; k < inner; k++) ref[ids[i]! * inner + k]! += x[i * inner + k]!;
    expect(maxAbsDiff(out, ref)).toBeLessThan(1e-4);
    // 100k segments over 200k entries: the tfjs 4.22 kernel is quadratic here.
    const big = unsortedSegmentSumImpl(new Float32Array(200_000).fill(1), Int32Array.from({ length: 200_000 }, (_, i) => i % 100_000), 100_000, 1, 'float32');
    expect(big[99_999]).toBe(2);
  });
});

describe('tfjs ops: custom kernel and gather/segment-sum composition agree', () => {
  it('forward, both orientations, d = 1 and d = 4, against dense', () => {
    const csr = randomCsr(rng, 40, 25, 0.15);
    const dense = csr.toDense();
    const a = sparseFromCsr(csr);
    for (const d of [1, 4]) {
      const xh = randDense(25 * d);
      const zh = randDense(40 * d);
      const x = tf.tensor2d(Float32Array.from(xh), [25, d]);
      const z = tf.tensor2d(Float32Array.from(zh), [40, d]);
      for (const impl of impls()) {
        const y = spmm(a, x, { impl });
        const yt = spmm(a, z, { impl, transpose: true });
        expect(maxAbsDiff(y.dataSync(), matmul(dense, xh, 40, 25, d))).toBeLessThan(1e-5);
        expect(maxAbsDiff(yt.dataSync(), matmul(transpose(dense, 40, 25), zh, 25, 40, d))).toBeLessThan(1e-5);
        tf.dispose([y, yt]);
      }
      tf.dispose([x, z]);
    }
    disposeSparse(a);
  });

  it('gradients w.r.t. values and the dense operand: kernel = composition = dense formula', () => {
    const csr = randomCsr(rng, 30, 22, 0.2);
    const a = sparseFromCsr(csr);
    const d = 3;
    for (const transposeA of [false, true]) {
      const inRows = transposeA ? 30 : 22;
      const outRows = transposeA ? 22 : 30;
      const xh = randDense(inRows * d);
      const wh = randDense(outRows * d);
      const x = tf.tensor2d(Float32Array.from(xh), [inRows, d]);
      const w = tf.tensor2d(Float32Array.from(wh), [outRows, d]);
      const grads = impls().map((impl) =>
        tf.grads((vals: tf.Tensor, xx: tf.Tensor) => tf.sum(tf.mul(w, spmm(withValues(a, vals as tf.Tensor1D), xx as tf.Tensor2D, { impl, transpose: transposeA }))))([a.values, x]),
      );
      // dense reference: loss = Σ W ⊙ op(A)X → dX = op(A)ᵀ W, dA(i,j) = (W Xᵀ)(i,j) or (X Wᵀ)(i,j)
      const dense = csr.toDense();
      const opAT = transposeA ? dense : transpose(dense, 30, 22);
      const dXref = matmul(opAT, wh, inRows, outRows, d);
      const rows = csr.rowIndex();
      const dVref = Float64Array.from({ length: csr.nnz }, (_, e) => {
        const i = rows[e]!;
        const j = csr.colIdx[e]!;
        let s = 0;
        for (let k = 0; k < d; k++) s += transposeA ? xh[i * d + k]! * wh[j * d + k]! : wh[i * d + k]! * xh[j * d + k]!;
        return s;
      });
      for (const [dv, dx] of grads) {
        expect(maxAbsDiff(dv!.dataSync(), dVref)).toBeLessThan(1e-4);
        expect(maxAbsDiff(dx!.dataSync(), dXref)).toBeLessThan(1e-4);
      }
      tf.dispose([x, w, ...grads.flat()]);
    }
    disposeSparse(a);
  });

  it('sddmm op and its gradient match the composition', () => {
    const csr = randomCsr(rng, 20, 15, 0.3);
    const a = sparseFromCsr(csr);
    const l = tf.randomNormal([20, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
    const r = tf.randomNormal([15, 2], 0, 1, 'float32', 4) as tf.Tensor2D;
    const s = tf.randomNormal([csr.nnz], 0, 1, 'float32', 5);
    const out = ['kernel' as const, 'compose' as const].map((impl) => (impls().includes(impl) ? impl : 'compose')).map((impl) => {
      const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(s, sddmm(a, x, y, { impl })));
      return [sddmm(a, l, r, { impl }), ...tf.grads(f)([l, r])];
    });
    for (let j = 0; j < 3; j++) expect(maxAbsDiff(out[0]![j]!.dataSync(), out[1]![j]!.dataSync())).toBeLessThan(1e-5);
    tf.dispose([l, r, s, ...out.flat()]);
    disposeSparse(a);
  });

  it('gather gradient uses the O(N) segment sum (10k segments in well under a second)', () => {
    const n = 10_000;
    const x = tf.randomNormal([n]);
    const idx = tf.tensor1d(Int32Array.from({ length: 5 * n }, (_, i) => (i * 7919) % n), 'int32');
    const t0 = performance.now();
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.gather(v, idx)))(x);
    expect(g.dataSync()[0]).toBe(5);
    expect(performance.now() - t0).toBeLessThan(5000);
    tf.dispose([x, idx, g]);
  });

  it('leaves no tensors behind', () => {
    const csr = randomCsr(rng, 30, 30, 0.1);
    const before = tf.memory().numTensors;
    const a = sparseFromCsr(csr);
    const x = tf.ones([30, 2]) as tf.Tensor2D;
    const y = spmm(a, x);
    const g = tf.grad((v: tf.Tensor) => tf.sum(spmm(withValues(a, v as tf.Tensor1D), x, { transpose: true })))(a.values);
    tf.dispose([x, y, g]);
    disposeSparse(a);
    expect(tf.memory().numTensors).toBe(before);
  });
});
