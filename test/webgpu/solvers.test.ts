/**
 * The Krylov drivers on a WebGPU adapter, through their async forms (read-backs awaited):
 * the top singular triplets of a random sparse matrix and the smallest Laplacian eigenpairs of
 * a planted-partition graph, in float32 on the device, against the float64 host solves.
 * Skipped, with the reason, where no adapter can be had (CI's webgpu lane has one).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/load-backend.js';
import { webgpuUnavailable } from '../helpers/webgpu.js';
import { sparseFromCsr, disposeSparse } from '../../src/sparse/sparse-matrix.js';
import { lanczosSvd, lanczosSvdAsync } from '../../src/solvers/lanczos-svd.js';
import { laplacianEigs, laplacianEigsAsync } from '../../src/solvers/laplacian-eigs.js';
import { tensorReadbackSpace, sparseOperator } from '../../src/solvers/tensor-space.js';
import { hostSpace, csrOperator } from '../../src/solvers/host-space.js';
import { connectedComponents } from '../../src/graph/components.js';
import { Rng } from '../../src/util/rng.js';
import { randomCsr } from '../helpers/dense.js';
import { sbmGraph } from '../helpers/graphs.js';

const why = await webgpuUnavailable();

describe.skipIf(why !== '')('Krylov drivers on webgpu (async read-backs)', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });

  it('Lanczos SVD: σ1..3 and the singular vectors of a sparse matrix agree with the float64 host solve', async () => {
    const A = randomCsr(new Rng(5), 300, 200, 0.05);
    const host = lanczosSvd(csrOperator(A), hostSpace, { k: 3, seed: 1 });
    const a = sparseFromCsr(A);
    const dev = await lanczosSvdAsync(sparseOperator(a), tensorReadbackSpace, { k: 3, seed: 1 });
    for (let i = 0; i < 3; i++) expect(Math.abs(dev.sigma[i]! - host.sigma[i]!) / host.sigma[0]!).toBeLessThan(1e-5);
    expect(dev.converged).toBe(true);
    const v0 = Float64Array.from(await dev.v[0]!.data());
    const align = Math.abs(v0.reduce((s, x, j) => s + x * host.v[0]![j]!, 0));
    expect(align).toBeGreaterThan(1 - 1e-5);
    tf.dispose([...dev.u, ...dev.v]);
    disposeSparse(a);
  });

  it('Laplacian eigenpairs: the float32 device stage gives the float64 eigenvalues of an SBM graph', async () => {
    const { graph } = sbmGraph(new Rng(8), [60, 60, 60], 0.2, 0.01);
    const components = connectedComponents(graph);
    const host = laplacianEigs(graph.csr, { r: 3, components, precision: 'float64', seed: 1 });
    const dev = await laplacianEigsAsync(graph.csr, { r: 3, components, precision: 'float32', seed: 1 });
    expect(dev.stages[0]!.precision).toBe('float32');
    for (let i = 0; i < 4; i++) expect(Math.abs(dev.values[i]! - host.values[i]!) / host.normBound).toBeLessThan(1e-5);
  });
});

describe.skipIf(why !== '')('ALS on webgpu: the per-row Gram and right-hand-side kernels', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });

  it('tensor ALS through the WGSL row kernels gives the float64 host sweeps to float32 rounding', async () => {
    const { generateRatings } = await import('../../src/graph/generators/generated.js');
    const { als } = await import('../../src/solvers/als.js');
    const { alsTensorAnywhere } = await import('../../src/solvers/als-tensor.js');
    const R = generateRatings({ kind: 'ratings', users: 60, items: 40, ratings: 700, rank: 3, noise: 0.1, seed: 2 });
    const options = { rank: 3, lambdaU: 0.5, lambdaV: 0.7, iters: 2, seed: 4 };
    const host = als(R, options);
    const dev = await alsTensorAnywhere(R, options);
    const rel = (a: Float64Array, b: Float64Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!))) / Math.max(...Array.from(b, Math.abs));
    expect(rel(dev.U, host.U)).toBeLessThan(1e-4);
    expect(rel(dev.V, host.V)).toBeLessThan(1e-4);
  });
});
