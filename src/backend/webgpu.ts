/**
 * The WebGPU backend: Dawn for Node (the `webgpu` package) gives `navigator.gpu`, and
 * @tensorflow/tfjs-backend-webgpu runs on it, with n2n's own WGSL kernels
 * (kernels/webgpu-kernels.ts). Both packages are optional dependencies, loaded only here.
 *
 * Any Vulkan, Metal or D3D12 adapter works, hardware or software: Mesa's lavapipe (a CPU
 * Vulkan, selected with VK_ICD_FILENAMES) is what CI tests on (scripts/lavapipe.sh). Dawn's
 * options can be given in N2N_DAWN_OPTIONS (comma-separated, e.g. backend=vulkan).
 */
import { readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../util/errors.js';
import { webgpuKernelConfigs, type WebgpuUtil } from './kernels/webgpu-kernels.js';

export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** a GPU, not a software rasteriser (lavapipe / llvmpipe, SwiftShader, a fallback adapter) */
  hardware: boolean;
  limits: Record<string, number>;
}

const LIMITS = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupsPerDimension', 'maxComputeInvocationsPerWorkgroup', 'maxStorageBuffersPerShaderStage'] as const;

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  isFallbackAdapter?: boolean;
  limits: Record<string, number>;
}

/** Whether an adapter is software (lavapipe, llvmpipe, SwiftShader, or what Dawn calls a fallback). */
export function isSoftwareAdapter(a: { architecture: string; device: string; description: string; fallback?: boolean }): boolean {
  return a.fallback === true || a.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(`${a.device} ${a.description}`);
}

let loaded: AdapterReport | null = null;
/** The first error the WebGPU device reported on its own (validation, out of memory): commands after it did not run. */
let deviceError: string | null = null;

/**
 * Throw if the WebGPU device has reported an error. WebGPU reports a failed command (a buffer
 * over a limit, memory exhausted) as an event, and the read-backs still resolve, with zeros:
 * every read-back of n2n's checks here, so such a result is never taken for a value.
 */
export function throwIfDeviceFailed(): void {
  if (deviceError !== null) {
    throw new BackendError(`backend: the WebGPU device reported an error, so what it computed since is not valid: ${deviceError.split('\n')[0]}`);
  }
}

/**
 * The most bytes one tensor may hold on the active backend and still be bound to a shader:
 * the webgpu adapter's maxStorageBufferBindingSize (tfjs-webgpu binds whole buffers), lowered
 * by N2N_WEBGPU_MAX_BINDING (bytes) when set; unlimited on the other backends. Sparse arrays
 * above it are stored in row blocks (sparse/row-blocks.ts).
 */
export function storageBindingLimit(): number {
  if (tf.getBackend() !== 'webgpu' || !loaded) return Infinity;
  const adapter = loaded.limits.maxStorageBufferBindingSize ?? Infinity;
  const raw = process.env.N2N_WEBGPU_MAX_BINDING;
  if (raw === undefined || raw === '') return adapter;
  const asked = Number(raw);
  if (!Number.isInteger(asked) || asked < 64) throw new BackendError(`backend: N2N_WEBGPU_MAX_BINDING must be a whole number of bytes, at least 64; got '${raw}'`);
  return Math.min(adapter, asked);
}
let probed: Promise<AdapterReport | null> | null = null;

/**
 * Whether Dawn could find a Vulkan driver here, so that `auto` is worth probing (loading Dawn
 * costs a native module; without a driver it only prints a warning): VK_ICD_FILENAMES or
 * VK_DRIVER_FILES set, or a driver manifest in the Vulkan loader's standard folders. Metal
 * (macOS) and D3D12 (Windows) are always there.
 */
export function vulkanDriverPresent(): boolean {
  if (process.platform !== 'linux') return true;
  if (process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES) return true;
  const dirs = ['/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/etc/vulkan/icd.d'];
  return dirs.some((d) => {
    try {
      return readdirSync(d).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  });
}

/** Load Dawn and ask it for an adapter (once per process); null when it finds none. */
export function probeAdapter(): Promise<AdapterReport | null> {
  probed ??= openDawn();
  return probed;
}

async function openDawn(): Promise<AdapterReport | null> {
  let dawn: { create(options: string[]): unknown; globals: Record<string, unknown> };
  try {
    dawn = (await import('webgpu')) as unknown as typeof dawn;
  } catch (e) {
    throw new BackendError(`backend: --backend webgpu needs the optional package 'webgpu' (Dawn for Node, glibc ≥ 2.34): ${(e as Error).message.split('\n')[0]}`);
  }
  Object.assign(globalThis, dawn.globals);
  const options = (process.env.N2N_DAWN_OPTIONS ?? '').split(',').filter(Boolean);
  const gpu = dawn.create(options) as { requestAdapter(o: object): Promise<GpuAdapterLike | null> };
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const facts = { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '' };
  return {
    ...facts,
    hardware: !isSoftwareAdapter({ ...facts, fallback: adapter.isFallbackAdapter }),
    limits: Object.fromEntries(LIMITS.map((k) => [k, Number(adapter.limits[k])])),
  };
}

/** Load Dawn, find an adapter, load tfjs-backend-webgpu and register n2n's WGSL kernels; the adapter it found. */
export async function loadWebgpu(): Promise<AdapterReport> {
  if (loaded && tf.findBackend('webgpu')) {
    if (!(await tf.setBackend('webgpu'))) throw new BackendError('backend: the webgpu backend failed to initialise');
    return loaded;
  }
  const report = await probeAdapter();
  if (!report) {
    throw new BackendError(
      'backend: Dawn found no WebGPU adapter. It needs a Vulkan loader (libvulkan.so.1) and a driver: a GPU driver, or Mesa lavapipe for a CPU one ' +
        '(scripts/lavapipe.sh fetches it; then set VK_ICD_FILENAMES and LD_LIBRARY_PATH as it prints)',
    );
  }
  let util: WebgpuUtil;
  try {
    const mod = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as { webgpu_util: WebgpuUtil };
    util = mod.webgpu_util;
  } catch (e) {
    throw new BackendError(`backend: --backend webgpu needs the optional package '@tensorflow/tfjs-backend-webgpu': ${(e as Error).message.split('\n')[0]}`);
  }
  for (const k of webgpuKernelConfigs(util)) {
    if (tf.getKernel(k.kernelName, 'webgpu') !== undefined) tf.unregisterKernel(k.kernelName, 'webgpu');
    tf.registerKernel(k);
  }
  if (!(await tf.setBackend('webgpu'))) throw new BackendError('backend: the webgpu backend failed to initialise on this adapter');
  await tf.ready();
  const device = (tf.backend() as unknown as { device?: { addEventListener?(type: string, f: (ev: { error?: { message?: string } }) => void): void } }).device;
  device?.addEventListener?.('uncapturederror', (ev) => {
    deviceError ??= ev.error?.message ?? 'an error without a message';
  });
  loaded = report;
  return report;
}
