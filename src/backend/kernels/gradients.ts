/**
 * Gradients of the custom sparse kernels.
 *
 *   Y = op(A)·X with op(A) = A or Aᵀ, A in CSR with edge values v:
 *     dX = op(A)ᵀ · dY                       (spmm with the other orientation)
 *     dv[e] = ⟨dY[row(e)], X[col(e)]⟩         (A · X, SDDMM)
 *     dv[e] = ⟨X[row(e)], dY[col(e)]⟩         (Aᵀ · X)
 *   s = SDDMM(a, b) on the pattern of A:  da = S·b, db = Sᵀ·a with S holding ds.
 */
import { type GradConfig, type Tensor, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { SPMM, SDDMM, type SpmmAttrs } from '../../sparse/kernel-names.js';
import { runSpmm, runSddmm } from '../../sparse/kernel-ops.js';

export const spmmGradConfig: GradConfig = {
  kernelName: SPMM,
  inputsToSave: ['rowPtr', 'colIdx', 'values', 'b'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [rowPtr, colIdx, values, b] = saved as [Tensor, Tensor, Tensor, Tensor];
    const g = dy as Tensor;
    const { nRows, nCols, transposeA } = attrs as unknown as SpmmAttrs;
    return {
      b: () => runSpmm(rowPtr, colIdx, values, g, nRows, nCols, !transposeA),
      values: () => (transposeA ? runSddmm(rowPtr, colIdx, b, g) : runSddmm(rowPtr, colIdx, g, b)),
    };
  },
};

export const sddmmGradConfig: GradConfig = {
  kernelName: SDDMM,
  inputsToSave: ['rowPtr', 'colIdx', 'a', 'b'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const [rowPtr, colIdx, a, b] = saved as [Tensor, Tensor, Tensor, Tensor];
    const g = dy as Tensor;
    const nRows = rowPtr.shape[0]! - 1;
    const nCols = b.shape[0]!;
    return {
      a: () => runSpmm(rowPtr, colIdx, g, b, nRows, nCols, false),
      b: () => runSpmm(rowPtr, colIdx, g, a, nRows, nCols, true),
    };
  },
};

export const gradientConfigs: GradConfig[] = [spmmGradConfig, sddmmGradConfig];
