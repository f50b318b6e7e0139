import { afterEach, describe, expect, it } from 'vitest';
import { nativeUsesGpu, initBackend } from '../../src/backend/load-backend.js';
import { deviceFirst, setDeviceFirst } from '../../src/backend/placement.js';

afterEach(() => {
  setDeviceFirst(null);
  delete process.env.N2N_DEVICE_FIRST;
});

describe('GPU use and the device-first capability', () => {
  it("a native backend's GPU use is what TensorFlow reports, not the package name", () => {
    expect(nativeUsesGpu({ isUsingGpuDevice: true })).toBe(true);
    expect(nativeUsesGpu({ isUsingGpuDevice: false })).toBe(false);
    expect(nativeUsesGpu({ binding: { isUsingGpuDevice: () => true } })).toBe(true);
    expect(nativeUsesGpu({ binding: { isUsingGpuDevice: () => false } })).toBe(false);
    expect(nativeUsesGpu({})).toBe(false);
  });

  it('device-first is off on the cpu backend, and tests, programs and the environment can force it either way', async () => {
    const report = await initBackend('cpu');
    expect(report.gpu).toBe(false);
    expect(deviceFirst()).toBe(false);
    setDeviceFirst(true);
    expect(deviceFirst()).toBe(true);
    setDeviceFirst(null);
    process.env.N2N_DEVICE_FIRST = '1';
    expect(deviceFirst()).toBe(true);
    process.env.N2N_DEVICE_FIRST = '0';
    expect(deviceFirst()).toBe(false);
    process.env.N2N_DEVICE_FIRST = 'yes please';
    expect(() => deviceFirst()).toThrow(/N2N_DEVICE_FIRST: expected 1 or 0/);
  });
});
