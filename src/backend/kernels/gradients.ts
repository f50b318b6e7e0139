/**
 * Gradients of the custom sparse kernels.
 *
 *   Y = op(A)·X with op(A) = A or Aᵀ, A in CSR with edge values v:
 *     dX = op(A)ᵀ · dY                       (spmm with the other orientation)
 *     dv[e] = ⟨dY[row(e)], X[col(e)]⟩         (A · X, SDDMM)
 *     dv[e] = ⟨X[row(e)], dY[col(e)]⟩         (Aᵀ · X)
 *   s = SDDMM(a, b) on the pattern of A:  da = S·b, db = Sᵀ·a with S holding ds.
 * The pattern (A's CSR and, where built, Aᵀ's) travels with every call.
 */
import { type GradConfig, type Tensor, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { SPMM, SDDMM, type SpmmAttrs } from '../../sparse/kernel-names.js';
import { runSpmm, runSddmm, type SparsePattern } from '../../sparse/kernel-ops.js';

const PATTERN = ['rowPtr', 'colIdx', 'tRowPtr', 'tColIdx', 'tPerm'];
const pattern = (saved: Tensor[]): SparsePattern => {
  const [rowPtr, colIdx, tRowPtr, tColIdx, tPerm] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor];
  return { rowPtr, colIdx, tRowPtr, tColIdx, tPerm };
};

export const spmmGradConfig: GradConfig = {
  kernelName: SPMM,
  inputsToSave: [...PATTERN, 'values', 'b'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const p = pattern(saved);
    const [values, b] = saved.slice(5) as [Tensor, Tensor];
    const g = dy as Tensor;
    const { nRows, nCols, transposeA } = attrs as unknown as SpmmAttrs;
    return {
      b: () => runSpmm(p, values, g, nRows, nCols, !transposeA),
      values: () => (transposeA ? runSddmm(p, b, g) : runSddmm(p, g, b)),
    };
  },
};

export const sddmmGradConfig: GradConfig = {
  kernelName: SDDMM,
  inputsToSave: [...PATTERN, 'a', 'b'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const p = pattern(saved);
    const [a, b] = saved.slice(5) as [Tensor, Tensor];
    const g = dy as Tensor;
    const nRows = p.rowPtr.shape[0]! - 1;
    const nCols = b.shape[0]!;
    return {
      a: () => runSpmm(p, g, b, nRows, nCols, false),
      b: () => runSpmm(p, g, a, nRows, nCols, true),
    };
  },
};

export const gradientConfigs: GradConfig[] = [spmmGradConfig, sddmmGradConfig];
