/**
 * A command the WebGPU device rejects (here: a tensor above the adapter's storage-binding limit
 * bound by one of tfjs-webgpu's own shaders) is reported as an event while the read-back still
 * resolves, with zeros. n2n's read-backs check for it and throw, naming the device's message,
 * instead of returning the zeros. Runs where the limit is small enough to exceed cheaply
 * (lavapipe: 128 MiB); its own file, because the failure is sticky for the process.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/load-backend.js';
import { webgpuUnavailable } from '../helpers/webgpu.js';
import { readTensor } from '../../src/solvers/tensor-space.js';

const why = await webgpuUnavailable();
const limit = why === '' ? (await initBackend('webgpu')).adapter!.limits.maxStorageBufferBindingSize! : 0;

describe.skipIf(why !== '' || limit > 256 * 2 ** 20)('a failed device command is never read back as a value (webgpu)', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });

  it('a tensor above the binding limit makes the next read-back throw with the device message', async () => {
    const big = tf.fill([limit / 4 + 1024], 1);
    const total = tf.sum(tf.add(big, 1)); // the shaders that bind `big` are rejected: the sum reads back as 0
    await expect(readTensor(total)).rejects.toThrow(/WebGPU device reported an error.*larger than the maximum storage buffer binding size/);
    tf.dispose([big, total]);
  });
});
