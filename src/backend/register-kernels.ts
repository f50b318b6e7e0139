/**
 * Registers n2n's kernels and gradients for a backend, from one explicit list, once.
 * The cpu backend's UnsortedSegmentSum (O(numSegments × N) in tfjs 4.22) is replaced with the
 * O(N) kernel; wasm gets one because it has none.
 */
import * as tf from '@tensorflow/tfjs-core';
import { hostKernelConfigs } from './kernels/host-kernels.js';
import { gradientConfigs } from './kernels/gradients.js';

const done = new Set<string>();
let gradientsDone = false;

export function registerN2nKernels(backendName: string): void {
  if (!gradientsDone) {
    for (const g of gradientConfigs) {
      if (tf.getGradient(g.kernelName) === undefined) tf.registerGradient(g);
    }
    gradientsDone = true;
  }
  if (done.has(backendName)) return;
  if (backendName === 'cpu' || backendName === 'wasm') {
    for (const k of hostKernelConfigs(backendName)) {
      if (tf.getKernel(k.kernelName, backendName) !== undefined) tf.unregisterKernel(k.kernelName, backendName);
      tf.registerKernel(k);
    }
  }
  done.add(backendName);
}
