/** Thin wrappers that invoke the custom kernels through the engine (so autodiff records them). */
import { engine, type Tensor, type NamedTensorMap, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { SPMM, SDDMM } from './kernel-names.js';

/** A sparse pattern as the kernels take it: A's CSR and Aᵀ's (empty where a backend does not need it). */
export interface SparsePattern {
  rowPtr: Tensor;
  colIdx: Tensor;
  tRowPtr: Tensor;
  tColIdx: Tensor;
  tPerm: Tensor;
}

const patternInputs = (p: SparsePattern) => ({ rowPtr: p.rowPtr, colIdx: p.colIdx, tRowPtr: p.tRowPtr, tColIdx: p.tColIdx, tPerm: p.tPerm });

export function runSpmm(p: SparsePattern, values: Tensor, b: Tensor, nRows: number, nCols: number, transposeA: boolean): Tensor {
  return engine().runKernel(SPMM, { ...patternInputs(p), values, b } as unknown as NamedTensorMap, { nRows, nCols, transposeA } as unknown as NamedAttrMap) as Tensor;
}

export function runSddmm(p: SparsePattern, a: Tensor, b: Tensor): Tensor {
  return engine().runKernel(SDDMM, { ...patternInputs(p), a, b } as unknown as NamedTensorMap, {}) as Tensor;
}
