/**
 * Where `precision: auto` (and completion's `engine: auto`) puts the solve: on the device in
 * float32 first, or on the host in float64. A capability, not a backend name: the device path
 * pays off only when tensors live on a GPU (on a CPU build of TensorFlow the float64 host path
 * is faster and more precise), and tests force it on the cpu backend to cover the branch.
 *
 *   setDeviceFirst(true | false)   the program's choice (tests, library users)
 *   N2N_DEVICE_FIRST=1 | 0         the environment's (the native-backend test script)
 *   otherwise                      whether the loaded backend reports a GPU device
 */
import * as tf from '@tensorflow/tfjs-core';
import { currentBackend } from './load-backend.js';
import { ConfigError } from '../util/errors.js';

let override: boolean | null = null;

/** Force (true/false) or restore the default (null) choice of the device-first path. */
export function setDeviceFirst(value: boolean | null): void {
  override = value;
}

/** Whether a solve asked for at `precision` starts on the device in float32: always for float32, for auto where deviceFirst says so. */
export function solvesOnDevice(precision: 'auto' | 'float32' | 'float64' | undefined): boolean {
  return precision === 'float32' || ((precision ?? 'auto') === 'auto' && deviceFirst());
}

/** Whether `auto` solves on the device in float32 first. */
export function deviceFirst(): boolean {
  if (override !== null) return override;
  const env = process.env.N2N_DEVICE_FIRST;
  if (env !== undefined && env !== '') {
    if (env === '1' || env === 'true') return true;
    if (env === '0' || env === 'false') return false;
    throw new ConfigError(`N2N_DEVICE_FIRST: expected 1 or 0, got '${env}'`);
  }
  const report = currentBackend();
  // (webgpu reads back only asynchronously: the HITS and spectral fits await it; completion's
  // tensor engine and GCRF's device stage do not yet, and stay on the host there)
  return report !== null && report.backend === tf.getBackend() && report.gpu;
}
