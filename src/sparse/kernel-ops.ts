/** Thin wrappers that invoke the custom kernels through the engine (so autodiff records them). */
import { engine, type Tensor, type NamedTensorMap, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { SPMM, SDDMM } from './kernel-names.js';

export function runSpmm(
  rowPtr: Tensor,
  colIdx: Tensor,
  values: Tensor,
  b: Tensor,
  nRows: number,
  nCols: number,
  transposeA: boolean,
): Tensor {
  return engine().runKernel(
    SPMM,
    { rowPtr, colIdx, values, b } as unknown as NamedTensorMap,
    { nRows, nCols, transposeA } as unknown as NamedAttrMap,
  ) as Tensor;
}

export function runSddmm(rowPtr: Tensor, colIdx: Tensor, a: Tensor, b: Tensor): Tensor {
  return engine().runKernel(SDDMM, { rowPtr, colIdx, a, b } as unknown as NamedTensorMap, {}) as Tensor;
}
