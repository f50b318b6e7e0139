/**
 * Refuse exactly where the derivative does not exist, on every precision path, and never
 * confuse "did not converge" with "ill-posed". References: dense float64 SVD / eigenvalues
 * (test/helpers/dense.ts, two-sided Jacobi written separately from the solvers).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../src/util/rng.js';
import { buildGraph, type Graph } from '../../src/graph/graph.js';
import { fitHits, hitsDerivative, type HitsFit, type HitsPrecision } from '../../src/tasks/hits/index.js';
import { spectralTask, type SpectralFit } from '../../src/tasks/spectral/index.js';
import { setDeviceFirst } from '../../src/backend/placement.js';
import { denseSvd, maxAbs, maxAbsDiff, symEig } from '../helpers/dense.js';
import { undirected } from '../helpers/graphs.js';
import { denseLaplacian } from '../../src/sparse/laplacian.js';

afterEach(() => setDeviceFirst(null));

/** A sparse random digraph on `n` nodes plus out-stars with the given leaf counts (disjoint). */
function digraphWithStars(rng: Rng, n: number, m: number, stars: number[]): Graph {
  const src: number[] = [];
  const dst: number[] = [];
  for (let e = 0; e < m; e++) {
    src.push(rng.int(n));
    dst.push(rng.int(n));
  }
  let next = n;
  for (const leaves of stars) {
    const hub = next++;
    for (let l = 0; l < leaves; l++) {
      src.push(hub);
      dst.push(next++);
    }
  }
  return buildGraph(
    Array.from({ length: next }, (_, i) => `v${i}`),
    { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: new Float64Array(src.length).fill(1) },
    { directed: true },
  );
}

/** Dense float64 singular values of a graph's adjacency (top k). */
function denseSigma(g: Graph, k: number): number[] {
  return denseSvd(g.csr.toDense(), g.n, g.n, k).s;
}

/** Random digraph whose own σ1, σ2 straddle √leaves, so stars with `leaves` leaves sit at σ2 (or σ1 when `top`). */
function scenario(seed: number, copies: number, top: boolean, distinct = false): { g: Graph; leaves: number } {
  const rng = new Rng(seed);
  const n = 90 + rng.int(40);
  const m = 3 * n;
  const base = digraphWithStars(new Rng(seed), n, m, []);
  const s = denseSigma(base, 2);
  // √leaves between the base's σ2 and σ1 (stars at σ2 = σ3), or above σ1 (stars at σ1 = σ2)
  const leaves = top ? Math.ceil(s[0]! ** 2) + 2 : Math.floor((s[0]! ** 2 + s[1]! ** 2) / 2);
  expect(Math.sqrt(leaves)).toBeGreaterThan(s[1]! + 0.05);
  if (!top) expect(Math.sqrt(leaves)).toBeLessThan(s[0]! - 0.05);
  const stars = Array.from({ length: copies }, (_, i) => leaves + (distinct ? 2 * i : 0));
  return { g: digraphWithStars(new Rng(seed), n, m, stars), leaves };
}

const precisions: HitsPrecision[] = ['float64', 'float32'];

describe('HITS: repeated singular values from identical components', () => {
  for (const seed of [1, 2, 3]) {
    for (const copies of [2, 3]) {
      it(`seed ${seed}: ${copies} identical out-stars at σ2 = σ3 are found and refused (float64); σ1..3 equal the dense SVD`, () => {
        const { g, leaves } = scenario(seed, copies, false);
        const ref = denseSigma(g, 3);
        expect(ref[1]! - ref[2]!).toBeLessThan(1e-9 * ref[0]!); // the reference agrees: σ2 = σ3 = √leaves
        expect(ref[1]!).toBeCloseTo(Math.sqrt(leaves), 10);
        const fit = fitHits(g.csr, { seed, precision: 'float64' });
        for (let t = 0; t < 3; t++) expect(Math.abs(fit.sigma[t]! - ref[t]!)).toBeLessThan(1e-9 * ref[0]!);
        expect(fit.wellPosed.illPosed).toBe(true);
        expect(fit.wellPosed.unresolved).toBe(false);
        expect(fit.wellPosed.detail).toMatch(/σ2 = .* and σ3 = .* coincide.*repeated/);
        expect((fit.solver.repeatCheck as { conclusive: boolean }).conclusive).toBe(true);
      });
    }
  }

  for (const seed of [4, 5]) {
    it(`seed ${seed}: identical components at the top (σ1 = σ2) are refused: f has a kink there`, () => {
      const { g } = scenario(seed, 2, true);
      const ref = denseSigma(g, 3);
      expect(ref[0]! - ref[1]!).toBeLessThan(1e-9 * ref[0]!);
      const fit = fitHits(g.csr, { seed, precision: 'float64' });
      expect(Math.abs(fit.sigma[1]! - ref[1]!)).toBeLessThan(1e-9 * ref[0]!);
      expect(fit.wellPosed.illPosed).toBe(true);
      expect(fit.wellPosed.detail).toMatch(/σ1 = .* and σ2 = .* coincide.*kink/);
    });
  }

  for (const precision of precisions) {
    it(`${precision}: distinct stars (σ2 > σ3 by a little) stay well-posed and B equals the dense closed form`, () => {
      const { g } = scenario(6, 2, false, true);
      const n = g.n;
      const ref = denseSvd(g.csr.toDense(), n, n, 3);
      const fit = fitHits(g.csr, { seed: 2, precision });
      expect(fit.wellPosed.illPosed).toBe(false);
      expect(fit.wellPosed.unresolved).toBe(false);
      const tol = precision === 'float64' ? 1e-9 : 1e-4;
      for (let t = 0; t < 3; t++) expect(Math.abs(fit.sigma[t]! - ref.s[t]!)).toBeLessThan(tol * ref.s[0]!);
      const B = hitsDerivative(g, fit);
      const Bref = Float64Array.from({ length: B.length }, (_, e) => {
        const i = g.edges.src[e]!;
        const j = g.edges.dst[e]!;
        return 2 * ref.s[0]! * ref.u[0]![i]! * ref.v[0]![j]! - 2 * ref.s[1]! * ref.u[1]![i]! * ref.v[1]![j]!;
      });
      // singular vectors from the dense reference have arbitrary signs: B does not depend on them
      expect(maxAbsDiff(B, Bref) / maxAbs(Bref)).toBeLessThan(precision === 'float64' ? 1e-7 : 1e-3);
    });
  }

  it('float32 (forced, and device-first auto before its float64 refinement) never writes a repeated σ2 = σ3 as well-posed', () => {
    for (const seed of [1, 2]) {
      const { g } = scenario(seed, 2, false);
      const fit = fitHits(g.csr, { seed, precision: 'float32' });
      expect(fit.solver.precision).toBe('float32');
      // float32 resolves σ only to ~1e-6·σ1: it may say unresolved, or ill-posed, never well-posed
      expect(fit.wellPosed.illPosed || fit.wellPosed.unresolved).toBe(true);
      setDeviceFirst(true);
      const logs: string[] = [];
      const auto = fitHits(g.csr, { seed, precision: 'auto', log: (m) => logs.push(m) });
      setDeviceFirst(null);
      expect(auto.wellPosed.illPosed).toBe(true);
      expect(auto.solver.precision).toBe('float64');
      expect(logs.join('\n')).toMatch(/refining in float64/);
    }
  });

  it('the float32 path leaves no tensors behind, the repeat search included', () => {
    const { g } = scenario(2, 3, false);
    const before = tf.memory().numTensors;
    fitHits(g.csr, { seed: 1, precision: 'float32' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Dense float64 eigenvalues of L, ascending. */
function denseLaplacianValues(g: Graph): number[] {
  return Array.from(symEig(denseLaplacian(g.csr), g.n).values).reverse();
}

function cycle(n: number): Graph {
  return undirected(
    n,
    Array.from({ length: n }, (_, i) => i),
    Array.from({ length: n }, (_, i) => (i + 1) % n),
  );
}

function randomConnected(rng: Rng, n: number, extra: number): Graph {
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 1; i < n; i++) {
    src.push(i);
    dst.push(rng.int(i)); // a random tree keeps it connected
  }
  for (let e = 0; e < extra; e++) {
    const i = rng.int(n);
    const j = rng.int(n);
    if (i !== j) {
      src.push(i);
      dst.push(j);
    }
  }
  return undirected(n, src, dst);
}

const fitSpectral = (g: Graph, options: Record<string, unknown>, seed = 1): SpectralFit => spectralTask.fit(g, { seed, options }) as SpectralFit;

describe('spectral: tiny components, and float32 against float64', () => {
  it('solves every (n, r) with n = r + 1 … r + 4 on random connected graphs and on cycles (dense path): values equal the dense reference', () => {
    const rng = new Rng(11);
    for (let r = 1; r <= 6; r++) {
      for (let n = r + 1; n <= r + 4; n++) {
        for (const g of [randomConnected(rng, n, n), cycle(Math.max(n, 3))]) {
          if (g.n < r + 1) continue;
          const ref = denseLaplacianValues(g);
          const f = fitSpectral(g, { clusters: r });
          for (let t = 0; t <= r; t++) expect(Math.abs(f.values[t]! - ref[t]!)).toBeLessThan(1e-10 * Math.max(1, ref[g.n - 1]!));
          const gap = ref[r]! - ref[r - 1]!;
          expect(f.wellPosed.illPosed).toBe(gap < 1e-9);
          expect(f.wellPosed.unresolved).toBe(false);
        }
      }
    }
  });

  it('the Krylov path no longer crashes when k equals the dimension left after deflation', async () => {
    const { lanczosEigs } = await import('../../src/solvers/lanczos-eigs.js');
    const { hostSpace } = await import('../../src/solvers/host-space.js');
    const n = 6;
    const g = randomConnected(new Rng(3), n, 4);
    const L = denseLaplacian(g.csr);
    const op = {
      size: n,
      apply: (x: Float64Array) => Float64Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += L[i * n + j]! * x[j]!;
        return s;
      }),
    };
    const ones = new Float64Array(n).fill(1 / Math.sqrt(n));
    const res = lanczosEigs(op, hostSpace, { k: n - 1, which: 'smallest', deflate: [ones], seed: 1 });
    const ref = denseLaplacianValues(g);
    for (let t = 0; t < n - 1; t++) expect(res.values[t]!).toBeCloseTo(ref[t + 1]!, 10);
  });

  for (const n of [60, 301]) {
    it(`a ${n}-cycle with r = 2 (λ2 = λ3) is ill-posed in float64 and never well-posed in float32 or device-first auto`, () => {
      const g = cycle(n);
      const ref = denseLaplacianValues(g);
      expect(ref[2]! - ref[1]!).toBeLessThan(1e-12);
      expect(fitSpectral(g, { clusters: 2, precision: 'float64' }).wellPosed.illPosed).toBe(true);
      const f32 = fitSpectral(g, { clusters: 2, precision: 'float32' });
      expect(f32.wellPosed.illPosed || f32.wellPosed.unresolved).toBe(true);
      setDeviceFirst(true);
      const auto = fitSpectral(g, { clusters: 2, precision: 'auto' });
      expect(auto.wellPosed.illPosed).toBe(true);
      // r = 3 cuts between the pair and the next pair: well-posed on every path
      for (const precision of ['float64', 'auto'] as const) {
        const ok = fitSpectral(g, { clusters: 3, precision });
        expect(ok.wellPosed.illPosed).toBe(false);
        expect(ok.wellPosed.unresolved).toBe(false);
        expect(Math.abs(ok.values[3]! - ref[3]!)).toBeLessThan(1e-9);
      }
    });
  }

  it('k identical branches on one node ((k − 1)-fold eigenvalues): the verdict equals the dense reference for every r, on every path', () => {
    const rng = new Rng(17);
    for (const copies of [3, 4]) {
      // a random core of 60 nodes and `copies` identical paths of 7 nodes hanging from node 0
      const core = randomConnected(rng, 60, 90);
      const src = Array.from(core.edges.src);
      const dst = Array.from(core.edges.dst);
      let next = 60;
      for (let c = 0; c < copies; c++) {
        let prev = 0;
        for (let l = 0; l < 7; l++) {
          src.push(prev);
          dst.push(next);
          prev = next++;
        }
      }
      const g = undirected(next, src, dst);
      const ref = denseLaplacianValues(g);
      let sawRepeat = false;
      for (let r = 1; r <= 6; r++) {
        const gap = ref[r]! - ref[r - 1]!;
        sawRepeat ||= gap < 1e-9;
        for (const precision of ['float64', 'auto-device'] as const) {
          setDeviceFirst(precision === 'auto-device');
          const f = fitSpectral(g, { clusters: r, precision: precision === 'float64' ? 'float64' : 'auto' }, 3);
          setDeviceFirst(null);
          expect(f.wellPosed.illPosed, `copies ${copies}, r = ${r}, ${precision}: gap ${gap}`).toBe(gap < 1e-9);
          expect(f.wellPosed.unresolved).toBe(false);
          // λ1..λr to the precision's accuracy; λr+1 only as well as the gap needs it
          const tol = f.solver.precision === 'float64' ? 1e-8 : 1e-5 * ref[g.n - 1]!;
          if (gap >= 1e-9) for (let t = 0; t <= r; t++) expect(Math.abs(f.values[t]! - ref[t]!)).toBeLessThan(t < r ? tol : Math.max(tol, 1e-2 * gap));
        }
      }
      expect(sawRepeat).toBe(true); // the graph does put a repeated value at some cut
    }
  });

  it('float32 that cannot resolve a well-posed gap says unresolved (did not converge), never ill-posed', () => {
    // an SBM whose λ3 − λ2 is resolved in float64 but sits inside float32's noise once the
    // weights make ‖L‖ large
    const rng = new Rng(5);
    const src: number[] = [];
    const dst: number[] = [];
    const w: number[] = [];
    const n = 120;
    for (let i = 1; i < n; i++) {
      src.push(i);
      dst.push(rng.int(i));
      w.push(1);
    }
    src.push(0);
    dst.push(1);
    w.push(1e6); // one heavy edge: ‖L‖ ≈ 4e6, the small eigenvalues O(1e-3 … 1)
    const g = buildGraph(Array.from({ length: n }, (_, i) => `n${i}`), { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: Float64Array.from(w) }, { directed: false, weighted: true });
    const ref = denseLaplacianValues(g);
    const r = 2;
    const gap = ref[r]! - ref[r - 1]!;
    expect(gap).toBeGreaterThan(1e-6 * ref[n - 1]! * 1e-3); // real, and resolvable in float64
    const f64 = fitSpectral(g, { clusters: r, precision: 'float64' });
    expect(f64.wellPosed.illPosed).toBe(false);
    expect(f64.wellPosed.unresolved).toBe(false);
    const f32 = fitSpectral(g, { clusters: r, precision: 'float32' });
    expect(f32.wellPosed.illPosed).toBe(false);
    if (f32.solver.converged) {
      for (let t = 0; t <= r; t++) expect(Math.abs(f32.values[t]! - ref[t]!)).toBeLessThan(1e-3 * gap);
    } else {
      expect(f32.wellPosed.unresolved || !f32.solver.converged).toBe(true);
    }
  });
});
