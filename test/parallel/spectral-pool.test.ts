import { afterAll, describe, expect, it } from 'vitest';
import { sbmEdges } from '../../src/graph/generators/sbm.js';
import { buildGraph } from '../../src/graph/graph.js';
import { connectedComponents } from '../../src/graph/components.js';
import { laplacianEigs } from '../../src/solvers/laplacian-eigs.js';
import { degrees } from '../../src/sparse/laplacian.js';
import { setThreads, threadCount } from '../../src/parallel/pool.js';

const before = threadCount();
afterAll(() => setThreads(before));

describe('Laplacian eigensolver on the thread pool', () => {
  it('gives bit-identical eigenpairs for 1 and 3 threads on a 40,000-node graph, with float64 residuals', () => {
    const e = sbmEdges({ sizes: [8000, 8000, 8000, 8000, 8000], pIn: 20 / 8000, pOut: 0.05 / 8000, seed: 3 });
    const graph = buildGraph(
      Array.from({ length: e.n }, (_, i) => String(i)),
      { src: e.src, dst: e.dst, weight: new Float64Array(e.src.length).fill(1) },
      { directed: false },
    );
    const components = connectedComponents(graph);
    const solve = (threads: number) => {
      setThreads(threads);
      return laplacianEigs(graph.csr, { r: 4, seed: 2, components });
    };
    const one = solve(1);
    const three = solve(3);
    expect(one.converged).toBe(true);
    expect(Array.from(three.values)).toEqual(Array.from(one.values));
    for (let t = 0; t < one.vectors.length; t++) {
      expect(Buffer.from(three.vectors[t]!.buffer).equals(Buffer.from(one.vectors[t]!.buffer))).toBe(true);
    }
    // independent check of every returned pair: ‖Lu − λu‖ in plain float64 loops
    const a = graph.csr;
    const d = degrees(a);
    for (let t = 0; t < one.vectors.length; t++) {
      const u = one.vectors[t]!;
      const lambda = one.values[t]!;
      let r2 = 0;
      let u2 = 0;
      for (let i = 0; i < a.nRows; i++) {
        let s = d[i]! * u[i]!;
        for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) s -= a.values[p]! * u[a.colIdx[p]!]!;
        r2 += (s - lambda * u[i]!) ** 2;
        u2 += u[i]! ** 2;
      }
      expect(Math.abs(u2 - 1)).toBeLessThan(1e-10);
      expect(Math.sqrt(r2)).toBeLessThan(1e-8 * one.normBound);
    }
  });
});
