/**
 * Choose and load the TensorFlow.js backend.
 *
 *   auto:       tfjs-node-gpu → tfjs-node when TensorFlow reports a GPU device, else webgpu when Dawn
 *               finds a hardware adapter (probed only where a Vulkan driver is installed), else embedded cpu
 *   tensorflow: tfjs-node-gpu → tfjs-node, or fail
 *   cpu:        the embedded JavaScript backend with n2n's sparse kernels
 *   wasm:       the WebAssembly backend (single-threaded in Node, 4 GiB heap cap)
 *   webgpu:     tfjs-backend-webgpu on Dawn (any Vulkan/Metal/D3D12 adapter) with n2n's WGSL kernels
 *               (a software adapter too, when asked for by name)
 *
 * The native packages are optional dependencies: offline their install script cannot fetch
 * libtensorflow, npm drops them, and `require` throws here; that is reported, not fatal.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError, ConfigError } from '../util/errors.js';
import { registerN2nKernels } from './register-kernels.js';
import { loadWebgpu, probeAdapter, vulkanDriverPresent, type AdapterReport } from './webgpu.js';

export const BACKEND_CHOICES = ['auto', 'tensorflow', 'cpu', 'wasm', 'webgpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface BackendAttempt {
  package: string;
  ok: boolean;
  error?: string;
}

export interface BackendReport {
  requested: BackendChoice;
  /** tfjs backend name in use: 'tensorflow', 'cpu' or 'wasm'. */
  backend: string;
  /** npm package that provides it. */
  package: string;
  gpu: boolean;
  /** GPU device names reported by TensorFlow, when known. */
  gpuDevices: string[];
  /** webgpu: the adapter Dawn found (vendor, architecture, device, limits; hardware or software) */
  adapter?: AdapterReport;
  /** How sparse products run: the custom CSR kernel or gather + segment-sum. */
  sparse: 'kernel' | 'compose';
  versions: Record<string, string>;
  attempts: BackendAttempt[];
}

const require = createRequire(import.meta.url);
let current: BackendReport | null = null;

/** The report of the backend loaded last (null before initBackend). */
export function currentBackend(): BackendReport | null {
  return current;
}

function version(pkg: string): string | undefined {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * tfjs-core alone has no gradients for its standard ops: the `@tensorflow/tfjs` package
 * registers them (and the cpu backend) into the registries all tfjs copies share.
 */
function ensureTfjs(): void {
  require('@tensorflow/tfjs');
  // tfjs-backend-cpu prints an advert for tfjs-node on first use unless PROD is set.
  tf.env().set('PROD', true);
}

function tryNative(pkg: string, attempts: BackendAttempt[]): boolean {
  try {
    require(pkg);
    attempts.push({ package: pkg, ok: true });
    return true;
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0] ?? String(e);
    attempts.push({ package: pkg, ok: false, error: msg });
    return false;
  }
}

async function loadCpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
  registerN2nKernels('cpu');
  if (!(await tf.setBackend('cpu'))) throw new BackendError('backend: the embedded cpu backend failed to initialise');
}

async function loadWasm(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  registerN2nKernels('wasm');
  if (!(await tf.setBackend('wasm'))) throw new BackendError('backend: the wasm backend failed to initialise');
}

/**
 * Whether the native backend placed its tensors on a GPU: TensorFlow's own answer
 * (`isUsingGpuDevice`, which the binding reads from the devices of its session), not the
 * package's name: tfjs-node-gpu on a machine without a usable CUDA runs on the CPU.
 */
export function nativeUsesGpu(backend: unknown): boolean {
  const b = backend as { isUsingGpuDevice?: unknown; binding?: { isUsingGpuDevice?: () => boolean } };
  if (typeof b.isUsingGpuDevice === 'boolean') return b.isUsingGpuDevice;
  if (typeof b.binding?.isUsingGpuDevice === 'function') return b.binding.isUsingGpuDevice() === true;
  return false;
}

function gpuDevices(): string[] {
  // TensorFlow lists its physical devices when it creates the first session; tfjs-node
  // does not expose their names, so name what nvidia-smi tells.
  const names: string[] = [];
  try {
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const out = execFileSync('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    for (const line of out.split('\n')) if (line.trim()) names.push(line.trim());
  } catch {
    /* nvidia-smi absent: leave the list empty */
  }
  return names;
}

/**
 * Load the requested backend and make it current. Calling it again with the same choice
 * returns the cached report; a different choice switches backends.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendReport> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new ConfigError(`backend: unknown backend '${choice}'; expected one of ${BACKEND_CHOICES.join(', ')}`);
  }
  if (current && current.requested === choice && tf.getBackend() === current.backend) return current;
  ensureTfjs();
  const attempts: BackendAttempt[] = [];
  let pkg = '';
  if (choice === 'auto' || choice === 'tensorflow') {
    for (const candidate of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      if (tryNative(candidate, attempts)) {
        pkg = candidate;
        break;
      }
    }
    if (pkg) {
      registerN2nKernels('tensorflow');
      if (!(await tf.setBackend('tensorflow'))) throw new BackendError(`backend: ${pkg} loaded but the 'tensorflow' backend did not initialise`);
      if (choice === 'auto' && !nativeUsesGpu(tf.backend())) {
        // TensorFlow on the CPU: the float64 host solvers are faster and more precise there
        const tried = attempts[attempts.length - 1]!;
        tried.ok = false;
        tried.error = 'loaded, but TensorFlow reports no GPU device (auto uses the cpu backend; --backend tensorflow forces it)';
        pkg = '';
      }
    } else if (choice === 'tensorflow') {
      const why = attempts.map((a) => `  ${a.package}: ${a.error}`).join('\n');
      throw new BackendError(
        `backend: --backend tensorflow needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, and neither loads:\n${why}\n` +
          'Install one with network access to its libtensorflow download (see docs/cli.md, "GPU"), or use --backend cpu.',
      );
    }
  }
  let adapter: AdapterReport | undefined;
  let useWebgpu = choice === 'webgpu';
  if (choice === 'auto' && !pkg && vulkanDriverPresent()) {
    // a hardware WebGPU adapter (Vulkan, Metal, D3D12) is the next device after a native GPU
    try {
      const probe = await probeAdapter();
      if (probe?.hardware) useWebgpu = true;
      else attempts.push({ package: 'webgpu (Dawn)', ok: false, error: probe ? `the adapter is software (${probe.device || probe.description}): auto keeps the host; --backend webgpu forces it` : 'no WebGPU adapter' });
    } catch (e) {
      attempts.push({ package: 'webgpu (Dawn)', ok: false, error: (e as Error).message.split('\n')[0] });
    }
  }
  if (useWebgpu) {
    adapter = await loadWebgpu();
    registerN2nKernels('webgpu'); // the gradients (its WGSL kernels came with the loader)
    pkg = '@tensorflow/tfjs-backend-webgpu';
    attempts.push({ package: `${pkg} + webgpu (Dawn)`, ok: true });
  }
  if (!pkg) {
    if (choice === 'wasm') {
      await loadWasm();
      pkg = '@tensorflow/tfjs-backend-wasm';
    } else {
      await loadCpu();
      pkg = '@tensorflow/tfjs-backend-cpu';
    }
    attempts.push({ package: pkg, ok: true });
  }
  const backend = tf.getBackend();
  const versions: Record<string, string> = { node: process.versions.node };
  for (const p of ['@tensorflow/tfjs-core', pkg, ...(adapter ? ['webgpu'] : [])]) {
    const v = version(p);
    if (v) versions[p] = v;
  }
  if (backend === 'tensorflow') {
    const tfVersion = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding?.TF_Version;
    if (tfVersion) versions.libtensorflow = tfVersion;
  }
  const gpu = (backend === 'tensorflow' && nativeUsesGpu(tf.backend())) || (adapter?.hardware ?? false);
  const devices = gpu ? gpuDevices() : [];
  current = {
    requested: choice,
    backend,
    package: pkg,
    gpu,
    gpuDevices: adapter?.hardware ? [`${adapter.vendor} ${adapter.device}`.trim()] : devices,
    ...(adapter ? { adapter } : {}),
    sparse: tf.getKernel('N2nSpMM', backend) ? 'kernel' : 'compose',
    versions,
    attempts,
  };
  return current;
}

/** Human-readable report for `n2n backends`. */
export function formatBackendReport(r: BackendReport): string {
  const lines = [
    `backend:   ${r.backend} (${r.package})`,
    `gpu:       ${r.gpu ? `yes${r.gpuDevices.length ? ` — ${r.gpuDevices.join('; ')}` : ''}` : 'no'}`,
    ...(r.adapter
      ? [
          `adapter:   ${r.adapter.hardware ? 'hardware' : 'software'}: ${[r.adapter.vendor, r.adapter.architecture, r.adapter.device].filter(Boolean).join(', ')}${r.adapter.description ? ` (${r.adapter.description})` : ''}`,
          `limits:    ${Object.entries(r.adapter.limits)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        ]
      : []),
    `sparse:    ${r.sparse === 'kernel' ? (r.backend === 'webgpu' ? 'n2n WGSL kernels (SpMM by A and Aᵀ CSR, SDDMM)' : 'custom CSR kernels (SpMM, SDDMM, O(N) UnsortedSegmentSum)') : 'gather + unsortedSegmentSum (native)'}`,
    `versions:  ${Object.entries(r.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    'tried:',
    ...r.attempts.map((a) => `  ${a.ok ? 'ok  ' : 'fail'} ${a.package}${a.error ? ` — ${a.error}` : ''}`),
  ];
  return lines.join('\n');
}
