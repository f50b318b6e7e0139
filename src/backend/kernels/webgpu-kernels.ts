/**
 * n2n's sparse kernels in WGSL for tfjs-backend-webgpu, under the kernel names the ops call
 * (so the registered gradients apply). Every product gathers: A·X reads A's CSR row by row,
 * Aᵀ·X reads Aᵀ's CSR (SparseMatrix.tRowPtr/tColIdx/tPerm), so no output needs atomics (WGSL
 * has no float atomics) and each sum runs in one fixed order: the results are deterministic.
 * Sums are float32 (WGSL has no float64). SDDMM finds each entry's row by binary search.
 *
 * The webgpu package is optional: the backend's program helpers come in as an argument from
 * the loader (backend/webgpu.ts), never as a static import.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { LAPLACIAN, ROW_GRAM, ROW_RHS, SPMM, SDDMM, type LaplacianAttrs, type RowGramAttrs, type SpmmAttrs } from '../../sparse/kernel-names.js';

/** The parts of tfjs-backend-webgpu's `webgpu_util` the programs use. */
export interface WebgpuUtil {
  flatDispatchLayout(shape: number[]): { x: number[] };
  computeDispatch(layout: { x: number[] }, shape: number[], workgroupSize: [number, number, number]): [number, number, number];
}

interface Program {
  outputShape: number[];
  variableNames: string[];
  uniforms: string;
  workgroupSize: [number, number, number];
  size: boolean;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  shaderKey: string;
  getUserCode(): string;
}

interface WebgpuBackendLike {
  runWebGPUProgram(program: Program, inputs: TensorInfo[], dtype: 'float32', uniforms: { type: 'int32' | 'float32'; data: number[] }[]): TensorInfo;
}

function program(util: WebgpuUtil, key: string, outputShape: number[], variableNames: string[], uniforms: string, body: string): Program {
  const layout = util.flatDispatchLayout(outputShape);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    outputShape,
    variableNames,
    uniforms,
    workgroupSize,
    size: true,
    dispatchLayout: layout,
    dispatch: util.computeDispatch(layout, outputShape, workgroupSize),
    shaderKey: key,
    getUserCode: () => body,
  };
}

/**
 * A row-gather shader: output (row, c) sums value(p) · dense[column(p), c] over the row's
 * entries p of a CSR pattern, one fixed order, then writes `result` (in terms of `acc`).
 */
const gatherShader = (o: { ptr: string; column: string; value: string; dense: string; result: string }): string => `fn main(index : i32) {
  if (index < uniforms.size) {
    let row = index / uniforms.d;
    let c = index - row * uniforms.d;
    var acc = 0.0;
    for (var p = ${o.ptr}[row]; p < ${o.ptr}[row + 1]; p = p + 1) {
      acc = acc + ${o.value} * ${o.dense}[${o.column} * uniforms.d + c];
    }
    setOutputAtIndex(index, ${o.result});
  }
}`;

/** A·X along A's CSR */
const SPMM_GATHER = gatherShader({ ptr: 'rowPtr', column: 'colIdx[p]', value: 'values[p]', dense: 'b', result: 'acc' });
/** Aᵀ·X along Aᵀ's CSR, each entry's value found through tPerm */
const SPMM_TRANSPOSED = gatherShader({ ptr: 'tRowPtr', column: 'tColIdx[p]', value: 'values[tPerm[p]]', dense: 'b', result: 'acc' });
/** d ⊙ X − A·X, on the rows of a block starting at row `offset` of A */
const LAPLACIAN_BODY = gatherShader({ ptr: 'rowPtr', column: 'colIdx[p]', value: 'values[p]', dense: 'x', result: 'deg[row + uniforms.offset] * x[index + uniforms.offset * uniforms.d] - acc' });

const SDDMM_BODY = `fn main(index : i32) {
  if (index < uniforms.size) {
    // the row of entry index: the last r with rowPtr[r] <= index
    var lo = 0;
    var hi = uniforms.nRows;
    loop {
      if (hi - lo <= 1) { break; }
      let mid = (lo + hi) / 2;
      if (rowPtr[mid] <= index) { lo = mid; } else { hi = mid; }
    }
    let col = colIdx[index];
    var acc = 0.0;
    for (var c = 0; c < uniforms.d; c = c + 1) {
      acc = acc + a[lo * uniforms.d + c] * b[col * uniforms.d + c];
    }
    setOutputAtIndex(index, acc);
  }
}`;

const ROW_GRAM_BODY = `fn main(index : i32) {
  if (index < uniforms.size) {
    let rr = uniforms.r * uniforms.r;
    let row = index / rr;
    let ab = index - row * rr;
    let a = ab / uniforms.r;
    let b = ab - a * uniforms.r;
    var acc = 0.0;
    if (a == b) { acc = uniforms.lambda; }
    for (var p = ptr[row]; p < ptr[row + 1]; p = p + 1) {
      let w = other[p] * uniforms.r;
      acc = acc + W[w + a] * W[w + b];
    }
    setOutputAtIndex(index, acc);
  }
}`;

const ROW_RHS_BODY = `fn main(index : i32) {
  if (index < uniforms.size) {
    let row = index / uniforms.r;
    let a = index - row * uniforms.r;
    var acc = 0.0;
    for (var p = ptr[row]; p < ptr[row + 1]; p = p + 1) {
      acc = acc + values[p] * W[other[p] * uniforms.r + a];
    }
    setOutputAtIndex(index, acc);
  }
}`;

const columns = (t: TensorInfo): number => (t.shape.length === 1 ? 1 : t.shape[1]!);

export function webgpuKernelConfigs(util: WebgpuUtil): KernelConfig[] {
  const spmm: KernelFunc = ({ inputs, backend, attrs }) => {
    const { rowPtr, colIdx, values, b, tRowPtr, tColIdx, tPerm } = inputs as Record<string, TensorInfo>;
    const { nRows, nCols, transposeA } = attrs as unknown as SpmmAttrs;
    const d = columns(b!);
    const outRows = transposeA ? nCols : nRows;
    const shape = b!.shape.length === 1 ? [outRows] : [outRows, d];
    const gpu = backend as unknown as WebgpuBackendLike;
    if (transposeA) {
      if (tRowPtr!.shape[0] !== nCols + 1) throw new Error('spmm on webgpu: this sparse matrix was built without its transpose (sparseFromCsr on another backend); rebuild it with the webgpu backend active');
      return gpu.runWebGPUProgram(program(util, 'n2nSpmmT', shape, ['tRowPtr', 'tColIdx', 'tPerm', 'values', 'b'], 'd : i32,', SPMM_TRANSPOSED), [tRowPtr!, tColIdx!, tPerm!, values!, b!], 'float32', [{ type: 'int32', data: [d] }]);
    }
    return gpu.runWebGPUProgram(program(util, 'n2nSpmm', shape, ['rowPtr', 'colIdx', 'values', 'b'], 'd : i32,', SPMM_GATHER), [rowPtr!, colIdx!, values!, b!], 'float32', [{ type: 'int32', data: [d] }]);
  };
  const sddmm: KernelFunc = ({ inputs, backend }) => {
    const { rowPtr, colIdx, a, b } = inputs as Record<string, TensorInfo>;
    const nRows = rowPtr!.shape[0]! - 1;
    const nnz = colIdx!.shape[0]!;
    const d = columns(a!);
    const gpu = backend as unknown as WebgpuBackendLike;
    return gpu.runWebGPUProgram(program(util, 'n2nSddmm', [nnz], ['rowPtr', 'colIdx', 'a', 'b'], 'd : i32, nRows : i32,', SDDMM_BODY), [rowPtr!, colIdx!, a!, b!], 'float32', [
      { type: 'int32', data: [d] },
      { type: 'int32', data: [nRows] },
    ]);
  };
  const rowGram: KernelFunc = ({ inputs, backend, attrs }) => {
    const { ptr, other, W } = inputs as Record<string, TensorInfo>;
    const nRows = ptr!.shape[0]! - 1;
    const r = W!.shape[1]!;
    const { lambda } = attrs as unknown as RowGramAttrs;
    const gpu = backend as unknown as WebgpuBackendLike;
    return gpu.runWebGPUProgram(program(util, 'n2nRowGram', [nRows, r, r], ['ptr', 'other', 'W'], 'r : i32, lambda : f32,', ROW_GRAM_BODY), [ptr!, other!, W!], 'float32', [
      { type: 'int32', data: [r] },
      { type: 'float32', data: [lambda] },
    ]);
  };
  const rowRhs: KernelFunc = ({ inputs, backend }) => {
    const { ptr, other, values, W } = inputs as Record<string, TensorInfo>;
    const nRows = ptr!.shape[0]! - 1;
    const r = W!.shape[1]!;
    const gpu = backend as unknown as WebgpuBackendLike;
    return gpu.runWebGPUProgram(program(util, 'n2nRowRhs', [nRows, r], ['ptr', 'other', 'values', 'W'], 'r : i32,', ROW_RHS_BODY), [ptr!, other!, values!, W!], 'float32', [{ type: 'int32', data: [r] }]);
  };
  const laplacian: KernelFunc = ({ inputs, backend, attrs }) => {
    const { rowPtr, colIdx, values, deg, x } = inputs as Record<string, TensorInfo>;
    const rowStart = (attrs as unknown as Partial<LaplacianAttrs>).rowStart ?? 0;
    const d = columns(x!);
    const rows = rowPtr!.shape[0]! - 1;
    const shape = x!.shape.length === 1 ? [rows] : [rows, d];
    const gpu = backend as unknown as WebgpuBackendLike;
    return gpu.runWebGPUProgram(program(util, 'n2nLaplacian', shape, ['rowPtr', 'colIdx', 'values', 'deg', 'x'], 'd : i32, offset : i32,', LAPLACIAN_BODY), [rowPtr!, colIdx!, values!, deg!, x!], 'float32', [
      { type: 'int32', data: [d] },
      { type: 'int32', data: [rowStart] },
    ]);
  };
  return [
    { kernelName: LAPLACIAN, backendName: 'webgpu', kernelFunc: laplacian },
    { kernelName: SPMM, backendName: 'webgpu', kernelFunc: spmm },
    { kernelName: SDDMM, backendName: 'webgpu', kernelFunc: sddmm },
    { kernelName: ROW_GRAM, backendName: 'webgpu', kernelFunc: rowGram },
    { kernelName: ROW_RHS, backendName: 'webgpu', kernelFunc: rowRhs },
  ];
}
