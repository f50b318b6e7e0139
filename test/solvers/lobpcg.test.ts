import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { approxChol, approxCholSolveBlock } from '../../src/solvers/approx-chol.js';
import { laplacianEigs } from '../../src/solvers/laplacian-eigs.js';
import { connectedComponents } from '../../src/graph/components.js';
import { denseLaplacian } from '../../src/sparse/laplacian.js';
import { symEig } from '../helpers/dense.js';
import { sbmGraph, undirected } from '../helpers/graphs.js';
import type { Graph } from '../../src/graph/graph.js';

/** L⁺b from an independent dense eigendecomposition (Jacobi), on the complement of the null space. */
function densePinvSolve(g: Graph, b: Float64Array): Float64Array {
  const n = g.n;
  const { values, vectors } = symEig(denseLaplacian(g.csr), n);
  const x = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    if (values[c]! < 1e-9) continue;
    let s = 0;
    for (let i = 0; i < n; i++) s += vectors[i * n + c]! * b[i]!;
    for (let i = 0; i < n; i++) x[i]! += (s / values[c]!) * vectors[i * n + c]!;
  }
  return x;
}

function randomTree(rng: Rng, n: number, weighted: boolean): Graph {
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let i = 1; i < n; i++) {
    src.push(rng.int(i));
    dst.push(i);
    w.push(0.5 + rng.uniform() * 2);
  }
  return undirected(n, src, dst, weighted ? w : undefined);
}

/** The lowest `count` eigenpairs (ascending) from the dense Jacobi reference. */
function denseLowest(g: Graph, count: number): { values: number[]; vectors: Float64Array[] } {
  const n = g.n;
  const { values, vectors } = symEig(denseLaplacian(g.csr), n); // descending
  const idx = Array.from({ length: count }, (_, t) => n - 1 - t);
  return { values: idx.map((c) => values[c]!), vectors: idx.map((c) => Float64Array.from({ length: n }, (_, i) => vectors[i * n + c]!)) };
}

/** ‖sin Θ(U, V)‖_F = ‖V − U(UᵀV)‖_F for orthonormal column sets U and V of the same size (no cancellation). */
function sinDistance(U: readonly Float64Array[], V: readonly Float64Array[]): number {
  let s = 0;
  for (const v of V) {
    const w = v.slice();
    for (let pass = 0; pass < 2; pass++) {
      for (const u of U) {
        let d = 0;
        for (let i = 0; i < u.length; i++) d += u[i]! * w[i]!;
        for (let i = 0; i < u.length; i++) w[i]! -= d * u[i]!;
      }
    }
    for (let i = 0; i < w.length; i++) s += w[i]! * w[i]!;
  }
  return Math.sqrt(s);
}

describe('approximate Cholesky factor of a Laplacian', () => {
  it('is exact on trees (no fill to sample): M⁺b = L⁺b against a dense pseudo-inverse', () => {
    const rng = new Rng(4);
    for (const weighted of [false, true]) {
      const g = randomTree(rng, 60, weighted);
      const f = approxChol(g.csr, new Rng(1));
      const b = Float64Array.from({ length: g.n }, () => rng.normal());
      const mean = b.reduce((s, x) => s + x, 0) / g.n;
      for (let i = 0; i < g.n; i++) b[i]! -= mean;
      const y = b.slice();
      approxCholSolveBlock(f, y, 1);
      const ym = y.reduce((s, x) => s + x, 0) / g.n;
      const ref = densePinvSolve(g, b);
      for (let i = 0; i < g.n; i++) expect(y[i]! - ym).toBeCloseTo(ref[i]!, 9);
    }
  });

  it('preconditions conjugate gradients to 1e-10 in few iterations on random graphs, and a block solve equals column solves', () => {
    const rng = new Rng(9);
    const { graph } = sbmGraph(rng, [120, 150, 130], 0.08, 0.01);
    const n = graph.n;
    const f = approxChol(graph.csr, new Rng(2));
    expect(f.entries).toBeLessThan(3 * graph.edges.src.length);
    const L = denseLaplacian(graph.csr);
    const mul = (x: Float64Array): Float64Array => Float64Array.from({ length: n }, (_, i) => L.subarray(i * n, i * n + n).reduce((s, v, j) => s + v * x[j]!, 0));
    const center = (x: Float64Array): Float64Array => {
      const m = x.reduce((s, v) => s + v, 0) / n;
      return x.map((v) => v - m);
    };
    const prec = (r: Float64Array): Float64Array => {
      const y = r.slice();
      approxCholSolveBlock(f, y, 1);
      return center(y);
    };
    const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
    const b = center(Float64Array.from({ length: n }, () => rng.normal()));
    let x = new Float64Array(n);
    let r = b.slice();
    let z = prec(r);
    let p = z.slice();
    let rz = dot(r, z);
    let its = 0;
    while (Math.sqrt(dot(r, r)) > 1e-10 * Math.sqrt(dot(b, b)) && its < 200) {
      const q = mul(p);
      const alpha = rz / dot(p, q);
      x = x.map((v, i) => v + alpha * p[i]!);
      r = r.map((v, i) => v - alpha * q[i]!);
      z = prec(r);
      const rz2 = dot(r, z);
      p = z.map((v, i) => v + (rz2 / rz) * p[i]!);
      rz = rz2;
      its++;
    }
    // unpreconditioned CG needs far more here (the graph's Laplacian has κ in the hundreds)
    expect(its).toBeLessThan(40);
    const ref = densePinvSolve(graph, b);
    for (let i = 0; i < n; i++) expect(x[i]!).toBeCloseTo(ref[i]!, 6);
    // a block of three right-hand sides gives each column's own solve, bit for bit
    const B3 = new Float64Array(3 * n);
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rng.normal()));
    for (let i = 0; i < n; i++) for (let t = 0; t < 3; t++) B3[i * 3 + t] = cols[t]![i]!;
    approxCholSolveBlock(f, B3, 3);
    for (let t = 0; t < 3; t++) {
      const y = cols[t]!.slice();
      approxCholSolveBlock(f, y, 1);
      for (let i = 0; i < n; i++) expect(B3[i * 3 + t]).toBe(y[i]);
    }
    // the same seed gives the same factor
    expect(approxChol(graph.csr, new Rng(2)).fraction).toEqual(f.fraction);
  });
});

describe('LOBPCG for the smallest Laplacian eigenpairs', () => {
  it('matches a dense float64 reference (values, subspace within the Davis–Kahan bound) on random, weighted and disconnected graphs', () => {
    const rng = new Rng(12);
    const cases: { g: Graph; r: number }[] = [];
    for (const r of [2, 3, 5]) cases.push({ g: sbmGraph(rng, Array.from({ length: r }, () => 40 + rng.int(20)), 0.3, 0.02).graph, r });
    // weighted
    const w = sbmGraph(rng, [50, 60, 70], 0.25, 0.03).graph;
    cases.push({ g: undirected(w.n, Array.from(w.edges.src), Array.from(w.edges.dst), Array.from(w.edges.src, () => 0.1 + rng.uniform() * 3)), r: 3 });
    // two components (the null space has dimension 2)
    const a = sbmGraph(rng, [45, 45], 0.3, 0.03).graph;
    const src = [...a.edges.src, ...Array.from(a.edges.src, (s) => s + 90)];
    const dst = [...a.edges.dst, ...Array.from(a.edges.dst, (s) => s + 90)];
    cases.push({ g: undirected(180, src, dst), r: 4 });
    for (const { g, r } of cases) {
      const res = laplacianEigs(g.csr, { r, components: connectedComponents(g), method: 'lobpcg', seed: 3 });
      expect(res.method).toBe('lobpcg');
      expect(res.converged).toBe(true);
      expect(res.subspaceBound).toBeLessThan(1e-6);
      const ref = denseLowest(g, r + 1);
      // an eigenvalue lies within each residual of its Ritz value (λ1 … λr far closer: quadratic)
      for (let t = 0; t <= r; t++) expect(Math.abs(res.values[t]! - ref.values[t]!)).toBeLessThanOrEqual(res.residuals[t]! + 1e-12 * res.normBound);
      for (let t = 0; t < r; t++) expect(Math.abs(res.values[t]! - ref.values[t]!)).toBeLessThan(1e-10 * res.normBound);
      // Davis–Kahan: ‖sin Θ‖_F ≤ the bound (plus rounding)
      expect(sinDistance(res.vectors, ref.vectors.slice(0, r))).toBeLessThan(res.subspaceBound + 1e-12);
      // true residuals, recomputed here
      const n = g.n;
      const L = denseLaplacian(g.csr);
      res.vectors.forEach((v, t) => {
        let s = 0;
        for (let i = 0; i < n; i++) {
          let y = -res.values[t]! * v[i]!;
          for (let j = 0; j < n; j++) y += L[i * n + j]! * v[j]!;
          s += y * y;
        }
        expect(Math.sqrt(s)).toBeLessThanOrEqual(res.residuals[t]! * 1.01 + 1e-12 * res.normBound);
      });
    }
  });

  it('gives the Lanczos answer to the stated accuracy', () => {
    const rng = new Rng(5);
    const { graph } = sbmGraph(rng, [150, 150, 150, 150], 0.2, 0.002);
    const comps = connectedComponents(graph);
    const lob = laplacianEigs(graph.csr, { r: 3, components: comps, method: 'lobpcg', seed: 1 });
    const lan = laplacianEigs(graph.csr, { r: 3, components: comps, method: 'lanczos', seed: 1 });
    expect(lan.method).toBe('lanczos');
    for (let t = 0; t < 3; t++) expect(Math.abs(lob.values[t]! - lan.values[t]!)).toBeLessThan(1e-10 * lob.normBound);
    expect(Math.abs(lob.values[3]! - lan.values[3]!)).toBeLessThanOrEqual(lob.residuals[3]! + lan.residuals[3]! + 1e-12 * lob.normBound);
    expect(sinDistance(lob.vectors, lan.vectors)).toBeLessThan(lob.subspaceBound + lan.subspaceBound + 1e-12);
  });

  it('continues with Lanczos from the LOBPCG subspace when LOBPCG does not converge (auto), and says so', () => {
    const rng = new Rng(8);
    const { graph } = sbmGraph(rng, [60, 70, 80], 0.2, 0.02);
    const logs: string[] = [];
    const res = laplacianEigs(graph.csr, { r: 3, components: connectedComponents(graph), seed: 1, lobpcgIterations: 2, log: (m) => logs.push(m) });
    expect(res.method).toBe('lanczos');
    expect(res.stages.map((s) => [s.method, s.accepted])).toEqual([
      ['lobpcg', false],
      ['lanczos', true],
    ]);
    expect(logs.some((m) => /continuing with Lanczos/.test(m))).toBe(true);
    const ref = denseLowest(graph, 4);
    expect(sinDistance(res.vectors, ref.vectors.slice(0, 3))).toBeLessThan(res.subspaceBound + 1e-12);
    // method lobpcg keeps the unconverged answer and reports it as such
    const only = laplacianEigs(graph.csr, { r: 3, components: connectedComponents(graph), seed: 1, lobpcgIterations: 2, method: 'lobpcg' });
    expect(only.converged).toBe(false);
  });

  it('reports an exactly repeated eigenvalue at the cut as unresolvable gap (a cycle, r = 2), and finds both copies', () => {
    const n = 200;
    const cyc = undirected(n, [...Array(n).keys()], [...Array(n).keys()].map((i) => (i + 1) % n));
    const res = laplacianEigs(cyc.csr, { r: 2, components: connectedComponents(cyc), method: 'lobpcg', seed: 2 });
    const exact = 2 - 2 * Math.cos((2 * Math.PI) / n);
    expect(res.values[1]!).toBeCloseTo(exact, 10);
    expect(res.values[2]!).toBeCloseTo(exact, 10);
    expect(res.subspaceBound).toBe(Infinity);
    // r = 3 cuts between the pairs: resolved, and the next pair is exact
    const r3 = laplacianEigs(cyc.csr, { r: 3, components: connectedComponents(cyc), method: 'lobpcg', seed: 2 });
    expect(r3.subspaceBound).toBeLessThan(1e-6);
    expect(r3.values[3]!).toBeCloseTo(2 - 2 * Math.cos((4 * Math.PI) / n), 10);
  });
});
