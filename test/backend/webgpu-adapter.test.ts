/** What `auto` needs to decide about WebGPU without a GPU: which adapters are software, and when a probe is worth making. */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { isSoftwareAdapter, vulkanDriverPresent } from '../../src/backend/webgpu.js';

describe('webgpu adapter facts', () => {
  it('lavapipe, SwiftShader and fallback adapters are software; a GPU is not', () => {
    expect(isSoftwareAdapter({ architecture: 'software', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'llvmpipe: Mesa 25.0.7' })).toBe(true);
    expect(isSoftwareAdapter({ architecture: '', device: 'SwiftShader Device (Subzero)', description: '' })).toBe(true);
    expect(isSoftwareAdapter({ architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 580.0', fallback: true })).toBe(true);
    expect(isSoftwareAdapter({ architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 580.0' })).toBe(false);
    expect(isSoftwareAdapter({ architecture: 'rdna-3', device: 'AMD Radeon RX 7900', description: 'radv' })).toBe(false);
  });

  it('auto probes only where a Vulkan driver could be found (a manifest, or the loader told where one is)', () => {
    const saved = { icd: process.env.VK_ICD_FILENAMES, drv: process.env.VK_DRIVER_FILES };
    try {
      process.env.VK_ICD_FILENAMES = '/somewhere/lvp_icd.json';
      expect(vulkanDriverPresent()).toBe(true);
      delete process.env.VK_ICD_FILENAMES;
      delete process.env.VK_DRIVER_FILES;
      if (process.platform === 'linux') {
        const any = ['/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/etc/vulkan/icd.d'].some((d) => existsSync(d) && readdirSync(d).some((f) => f.endsWith('.json')));
        expect(vulkanDriverPresent()).toBe(any);
      }
    } finally {
      if (saved.icd !== undefined) process.env.VK_ICD_FILENAMES = saved.icd;
      if (saved.drv !== undefined) process.env.VK_DRIVER_FILES = saved.drv;
    }
  });
});
