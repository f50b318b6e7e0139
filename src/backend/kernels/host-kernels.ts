/**
 * Plumbing that runs the pure typed-array kernels (`*-impl.ts`) on backends whose tensors
 * live in host memory: the embedded `cpu` backend and `wasm`. The op-level functions in
 * `src/sparse` call these through `engine().runKernel`, so gradients registered in
 * `gradients.ts` apply on both.
 */
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type DataType,
  UnsortedSegmentSum,
  util,
} from '@tensorflow/tfjs-core';
import { spmmImpl } from './spmm-impl.js';
import { sddmmImpl } from './sddmm-impl.js';
import { unsortedSegmentSumImpl } from './unsorted-segment-sum-impl.js';

import { SPMM, SDDMM, type SpmmAttrs } from '../../sparse/kernel-names.js';

/** Reads and writes typed arrays of a host-memory backend. */
interface HostBackend {
  readSync(dataId: object): unknown;
}

function readF32(backend: unknown, t: TensorInfo): Float32Array {
  const v = (backend as HostBackend).readSync(t.dataId);
  return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
}

function readI32(backend: unknown, t: TensorInfo): Int32Array {
  const v = (backend as HostBackend).readSync(t.dataId);
  return v instanceof Int32Array ? v : Int32Array.from(v as ArrayLike<number>);
}

type Maker = (backend: unknown, shape: number[], dtype: DataType, values: Float32Array | Int32Array) => TensorInfo;

const makers: Record<string, Maker> = {
  cpu: (backend, shape, dtype, values) =>
    (backend as { makeTensorInfo(s: number[], d: DataType, v: unknown): TensorInfo }).makeTensorInfo(shape, dtype, values),
  wasm: (backend, shape, dtype, values) =>
    (backend as { makeOutput(s: number[], d: DataType, o?: number, v?: unknown): TensorInfo }).makeOutput(
      shape,
      dtype,
      undefined,
      values,
    ),
};

function spmmKernel(make: Maker): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { rowPtr, colIdx, values, b } = inputs as Record<string, TensorInfo>;
    const { nRows, nCols, transposeA } = attrs as unknown as SpmmAttrs;
    const d = b!.shape.length === 1 ? 1 : b!.shape[1]!;
    const inner = transposeA ? nRows : nCols;
    util.assert(b!.shape[0] === inner, () => `spmm: dense operand has ${b!.shape[0]} rows, expected ${inner}`);
    const out = spmmImpl(
      readI32(backend, rowPtr!),
      readI32(backend, colIdx!),
      readF32(backend, values!),
      readF32(backend, b!),
      nRows,
      nCols,
      d,
      transposeA,
    );
    const outRows = transposeA ? nCols : nRows;
    return make(backend, b!.shape.length === 1 ? [outRows] : [outRows, d], 'float32', out);
  };
}

function sddmmKernel(make: Maker): KernelFunc {
  return ({ inputs, backend }) => {
    const { rowPtr, colIdx, a, b } = inputs as Record<string, TensorInfo>;
    const nRows = rowPtr!.shape[0]! - 1;
    const d = a!.shape.length === 1 ? 1 : a!.shape[1]!;
    util.assert(a!.shape[0] === nRows, () => `sddmm: left operand has ${a!.shape[0]} rows, expected ${nRows}`);
    const out = sddmmImpl(readI32(backend, rowPtr!), readI32(backend, colIdx!), readF32(backend, a!), readF32(backend, b!), nRows, d);
    return make(backend, [out.length], 'float32', out);
  };
}

function segmentSumKernel(make: Maker): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as Record<string, TensorInfo>;
    const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
    const idsSize = util.sizeFromShape(segmentIds!.shape);
    const inner = idsSize === 0 ? 1 : util.sizeFromShape(x!.shape) / idsSize;
    const outShape = [numSegments, ...x!.shape.slice(segmentIds!.shape.length)];
    const dtype = x!.dtype === 'int32' ? 'int32' : 'float32';
    const xv = dtype === 'int32' ? readI32(backend, x!) : readF32(backend, x!);
    const out = unsortedSegmentSumImpl(xv, readI32(backend, segmentIds!), numSegments, inner, dtype);
    return make(backend, outShape, dtype, out);
  };
}

/** The explicit list of kernels n2n registers for a host-memory backend. */
export function hostKernelConfigs(backendName: 'cpu' | 'wasm'): KernelConfig[] {
  const make = makers[backendName]!;
  return [
    { kernelName: SPMM, backendName, kernelFunc: spmmKernel(make) },
    { kernelName: SDDMM, backendName, kernelFunc: sddmmKernel(make) },
    { kernelName: UnsortedSegmentSum, backendName, kernelFunc: segmentSumKernel(make) },
  ];
}
