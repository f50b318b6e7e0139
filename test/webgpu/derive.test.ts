/**
 * derive on a WebGPU adapter: HITS and spectral fitted in float32 on the device (read-backs
 * awaited) give the float64 host B to within 1e-5 of max|B|. Skipped, with the reason, where
 * no adapter can be had (CI's webgpu lane has one).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/load-backend.js';
import { webgpuUnavailable } from '../helpers/webgpu.js';
import { hitsTask } from '../../src/tasks/hits/index.js';
import { spectralTask } from '../../src/tasks/spectral/index.js';
import { gcrfTask } from '../../src/tasks/gcrf/index.js';
import { generateAttributed } from '../../src/graph/generators/generated.js';
import { generateGraph } from '../../src/graph/generators/generated.js';
import { Rng } from '../../src/util/rng.js';
import { sbmGraph } from '../helpers/graphs.js';
import { maxAbs } from '../helpers/dense.js';

const why = await webgpuUnavailable();

const rel = (a: Float64Array, b: Float64Array): number => maxAbs(a.map((v, i) => v - b[i]!)) / maxAbs(b);

describe.skipIf(why !== '')('derive on webgpu', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });

  it('HITS: the float32 device fit gives the float64 host B (R-MAT, 512 nodes)', async () => {
    const g = generateGraph({ kind: 'rmat', scale: 9, edgeFactor: 8, seed: 3 });
    const host = hitsTask.fit(g, { seed: 1, options: { precision: 'float64' } });
    const dev = await hitsTask.fitAsync(g, { seed: 1, options: { precision: 'float32' } });
    expect(dev.solver.precision).toBe('float32');
    expect(rel(hitsTask.derive(g, dev), hitsTask.derive(g, host))).toBeLessThan(1e-5);
    // the synchronous fit cannot wait for the device, and says so
    expect(() => hitsTask.fit(g, { seed: 1, options: { precision: 'float32' } })).toThrow(/reads back asynchronously.*fitAsync/);
  });

  it('spectral: the float32 device fit gives the float64 host B (planted partition, 180 nodes)', async () => {
    const { graph } = sbmGraph(new Rng(4), [60, 60, 60], 0.2, 0.01);
    const host = spectralTask.fit(graph, { seed: 1, options: { clusters: 3, precision: 'float64' } });
    const dev = await spectralTask.fitAsync(graph, { seed: 1, options: { clusters: 3, precision: 'float32' } });
    expect(dev.solver.precision).toBe('float32');
    expect(rel(spectralTask.derive(graph, dev), spectralTask.derive(graph, host))).toBeLessThan(1e-5);
  });

  it('GCRF: the float32 device CG (refined in float64, or kept in float32) gives the float64 host B', async () => {
    const data = generateAttributed({ kind: 'gcrf', n: 400, degree: 6, alphaStar: 1, betaStar: 5, noise: 0.33, seed: 2 });
    const host = gcrfTask.fit(data, { seed: 1, options: { solver: 'cg', precision: 'float64', beta: 3 } });
    const f32 = await gcrfTask.fitAsync(data, { seed: 1, options: { solver: 'cg', precision: 'float32', beta: 3 } });
    expect(f32.solver.precision).toBe('float32');
    expect(rel(gcrfTask.derive(data, f32), gcrfTask.derive(data, host))).toBeLessThan(1e-4);
    const { setDeviceFirst } = await import('../../src/backend/placement.js');
    setDeviceFirst(true);
    try {
      const refined = await gcrfTask.fitAsync(data, { seed: 1, options: { solver: 'cg', precision: 'auto', beta: 3 } });
      expect(rel(gcrfTask.derive(data, refined), gcrfTask.derive(data, host))).toBeLessThan(1e-8);
    } finally {
      setDeviceFirst(null);
    }
  });

  it('verify passes on the device: autodiff through the WGSL kernels, finite differences, dense references', async () => {
    const { graph } = sbmGraph(new Rng(6), [40, 40, 40], 0.25, 0.02);
    for (const task of [hitsTask, spectralTask]) {
      const bound = task.bind(graph);
      const fit = await bound.fit({ seed: 1, options: task === spectralTask ? { clusters: 3, precision: 'float32' } : { precision: 'float32' } });
      const report = await bound.verify(fit, { seed: 1, sample: 3 });
      expect(report.checks.find((c) => c.name === 'autodiff')!.pass, task.name).toBe(true);
      expect(report.pass, `${task.name}: ${report.checks.map((c) => `${c.name} ${c.worstRelError}`).join(', ')}`).toBe(true);
      bound.dispose(fit);
    }
    // completion with its tensor engine (the WGSL row kernels), and GCRF
    const { completionTask } = await import('../../src/tasks/completion/index.js');
    const { generateRatings } = await import('../../src/graph/generators/generated.js');
    const R = generateRatings({ kind: 'ratings', users: 80, items: 60, ratings: 900, rank: 3, noise: 0.1, seed: 5 });
    const cb = completionTask.bind(R);
    const cf = await cb.fit({ seed: 1, options: { rank: 3, engine: 'tensor', iters: 4 } });
    expect(cf.solver.precision).toBe('float32');
    const cr = await cb.verify(cf, { seed: 1, sample: 3 });
    expect(cr.pass, cr.checks.map((c) => `${c.name} ${c.worstRelError}`).join(', ')).toBe(true);
    const data = generateAttributed({ kind: 'gcrf', n: 120, degree: 5, alphaStar: 1, betaStar: 5, noise: 0.33, seed: 3 });
    const gb = gcrfTask.bind(data);
    const gr = await gb.verify(await gb.fit({ seed: 1, options: { beta: 2 } }), { seed: 1, sample: 3 });
    expect(gr.pass, gr.checks.map((c) => `${c.name} ${c.worstRelError}`).join(', ')).toBe(true);
  });

  it('clusternet refuses webgpu before training, saying why and what to use', async () => {
    const { clusternetTask } = await import('../../src/tasks/clusternet/index.js');
    const { graph } = sbmGraph(new Rng(4), [20, 20], 0.3, 0.02);
    await expect(clusternetTask.fitAsync(graph, { seed: 1, options: { clusters: 2, iterations: 2 } })).rejects.toThrow(/synchronously.*use --backend wasm/);
  });
});
