/**
 * The Kronecker study's machinery against dense references built here: Kronecker identities,
 * the models' eigenvalue estimates, the exact likelihood by quadrature against a dense
 * eigendecomposition, the trimmed mean, and the study runner (rows, summary, resume, figures).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeReport } from '../../src/report/report.js';
import { join } from 'node:path';
import { Rng } from '../../src/util/rng.js';
import { kronApply, kronInstance, kronLaplacian, kronProjectT, type KronInstance } from '../../src/tasks/gcrf/kronecker/kron.js';
import { representation, trainKronModel } from '../../src/tasks/gcrf/kronecker/models.js';
import { runKronStudy, kronStudySchema, trimmedMean } from '../../src/tasks/gcrf/kronecker/study.js';
import { nearestKronecker, thresholdFactor } from '../../src/tasks/gcrf/kronecker/near.js';
import { maximizeEigen } from '../../src/tasks/gcrf/train.js';
import { symEig, maxAbs, denseSvd } from '../helpers/dense.js';
import { tempDir } from '../helpers/files.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Dense P ⊗ Q (row-major). */
function kron(P: Float64Array, Q: Float64Array, p: number, q: number): Float64Array {
  const n = p * q;
  const K = new Float64Array(n * n);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) for (let c = 0; c < q; c++) for (let d = 0; d < q; d++) K[(a * q + c) * n + (b * q + d)] = P[a * p + b]! * Q[c * q + d]!;
  return K;
}
const mv = (M: Float64Array, x: Float64Array): Float64Array => Float64Array.from(x, (_, i) => x.reduce((s, v, j) => s + M[i * x.length + j]! * v, 0));
const denseL = (inst: KronInstance): Float64Array => {
  const n = inst.G.n * inst.H.n;
  const S = kron(inst.G.S, inst.H.S, inst.G.n, inst.H.n);
  const L = S.map((v) => -v);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) L[i * n + i]! += S[i * n + j]!;
  return L;
};

const spec = { G: { kind: 'er' as const, n: 6, density: 0.6 }, H: { kind: 'er' as const, n: 7, density: 0.5 }, noise: 0.33, weightNoise: 1 / 3, alphaStar: 1, betaStar: 5 };

describe('gcrf on Kronecker graphs', () => {
  const inst = kronInstance(spec, new Rng(4));
  const n = 42;

  it('Kronecker identities equal dense Kronecker products: S·x, L·x, (V_G⊗V_H)ᵀ·x', () => {
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const S = kron(inst.G.S, inst.H.S, 6, 7);
    expect(maxAbs(kronApply(inst.G.S, inst.H.S, 6, 7, x).map((v, i) => v - mv(S, x)[i]!))).toBeLessThan(1e-12);
    const L = denseL(inst);
    expect(maxAbs(kronLaplacian(inst.G, inst.H).apply(x).map((v, i) => v - mv(L, x)[i]!))).toBeLessThan(1e-12);
    const VG = Float64Array.from({ length: 36 }, (_, k) => Math.cos(k));
    const VH = Float64Array.from({ length: 49 }, (_, k) => Math.sin(2 * k));
    const V = kron(VG, VH, 6, 7);
    const Vt = Float64Array.from(V, (_, k) => V[(k % n) * n + Math.floor(k / n)]!);
    expect(maxAbs(kronProjectT(VG, VH, 6, 7, x).map((v, i) => v - mv(Vt, x)[i]!))).toBeLessThan(1e-12);
    // y = y_G ⊗ y_H and R = Q*(y + ε)/α*: R − y − ε = (β*/α*)·L(y + ε) has zero sum
    expect(Math.abs(inst.R.reduce((s, v) => s + v, 0) - inst.y.reduce((s, v) => s + v, 0))).toBeLessThan(5 * Math.sqrt(n));
  });

  it("the models' estimates: msn is the normalised Laplacian's exact spectrum; the Rayleigh models are diag(VᵀLV); all are orthonormal Kronecker bases", () => {
    const L = denseL(inst);
    const dG = inst.G.d;
    const dH = inst.H.d;
    // I − Ŝ_G⊗Ŝ_H, dense
    const norm = (F: typeof inst.G) => F.S.map((v, k) => v / Math.sqrt(F.d[Math.floor(k / F.n)]! * F.d[k % F.n]!));
    const K = kron(norm(inst.G), norm(inst.H), 6, 7).map((v, k) => (Math.floor(k / n) === k % n ? 1 : 0) - v);
    const msn = representation('msn', inst.G, inst.H);
    const exact = Array.from(symEig(K, n).values).sort((a, b) => a - b);
    expect(maxAbs(Array.from(msn.lambda).sort((a, b) => a - b).map((v, i) => v - exact[i]!))).toBeLessThan(1e-10);
    for (const model of ['rayleigh-lap', 'rayleigh-norm', 'laplacevec', 'normlaplacevec'] as const) {
      const r = representation(model, inst.G, inst.H);
      const V = kron(r.VG, r.VH, 6, 7);
      // VᵀV = I
      for (const [a, b] of [[0, 0], [3, 3], [0, 5], [10, 41]]) expect(Array.from({ length: n }, (_, i) => V[i * n + a]! * V[i * n + b]!).reduce((s, v) => s + v, 0)).toBeCloseTo(a === b ? 1 : 0, 10);
      if (model.startsWith('rayleigh')) {
        for (let j = 0; j < n; j += 5) {
          const col = Float64Array.from({ length: n }, (_, i) => V[i * n + j]!);
          expect(r.lambda[j]!).toBeCloseTo(col.reduce((s, v, i) => s + v * mv(L, col)[i]!, 0), 10);
        }
      }
    }
    // normlaplacevec pairs vertex a's degree with the a-th ν: d_a·d_c·(1 − ν_a ν_c)
    const nl = representation('normlaplacevec', inst.G, inst.H);
    const msnL = msn.lambda;
    for (const i of [0, 8, 41]) expect(nl.lambda[i]!).toBeCloseTo(dG[Math.floor(i / 7)]! * dH[i % 7]! * msnL[i]!, 10);
  });

  it('base: the exact likelihood by quadrature on the Kronecker operator lands where the dense eigendecomposition of L does', () => {
    const big = kronInstance({ ...spec, G: { kind: 'er', n: 12, density: 0.4 }, H: { kind: 'er', n: 15, density: 0.3 } }, new Rng(9));
    const N = 180;
    const e = symEig(denseL(big), N);
    const V = e.vectors; // row-major? the helper returns column j at V[i*N + j]
    const proj = (x: Float64Array) => Float64Array.from({ length: N }, (_, j) => x.reduce((s, v, i) => s + V[i * N + j]! * v, 0));
    const exact = maximizeEigen({ lambda: e.values, yt: proj(big.y), c: [proj(big.R)] }, 'dense');
    const base = trainKronModel('base', big, { probes: 64, steps: 60, seed: 3 }).training;
    expect(Math.abs(base.beta / base.alpha[0]! / (exact.beta / exact.alpha[0]!) - 1)).toBeLessThan(0.05);
    expect(Math.abs(base.alpha[0]! / exact.alpha[0]! - 1)).toBeLessThan(0.05);
  });

  it('near-Kronecker: the nearest Kronecker product and Table 2 norms equal a dense rearrangement and SVD; thresholding keeps the top quantile', () => {
    const near = kronInstance({ ...spec, added: 0.2 }, new Rng(6));
    const E = near.E!;
    expect(E.src.length).toBe(Math.round(0.2 * 2 * near.G.edges * near.H.edges));
    // dense S̃ and its rearrangement 𝓡 (n_G² × n_H²)
    const S = kron(near.G.S, near.H.S, 6, 7);
    E.src.forEach((i, e) => {
      expect(S[i * n + E.dst[e]!]).toBe(0); // added at zero positions only
      S[i * n + E.dst[e]!] = S[E.dst[e]! * n + i] = E.w[e]!;
    });
    const Rm = new Float64Array(36 * 49);
    for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) for (let c = 0; c < 7; c++) for (let d = 0; d < 7; d++) Rm[(a * 6 + b) * 49 + c * 7 + d] = S[(a * 7 + c) * n + b * 7 + d]!;
    const ref = denseSvd(Rm, 36, 49, 1);
    const nk = nearestKronecker(near);
    expect(nk.sigma).toBeCloseTo(ref.s[0]!, 10);
    const BC = kron(nk.B.S, nk.C.S, 6, 7);
    const fro = (M: Float64Array) => Math.sqrt(M.reduce((t, v) => t + v * v, 0));
    expect(nk.normNearest).toBeCloseTo(fro(S.map((v, k) => v - BC[k]!)), 8);
    expect(nk.normTrue).toBeCloseTo(fro(S.map((v, k) => v - kron(near.G.S, near.H.S, 6, 7)[k]!)), 10);
    expect(nk.normNearest).toBeLessThanOrEqual(nk.normTrue);
    // a pure Kronecker graph is its own nearest product
    const pure = nearestKronecker(inst);
    expect(pure.normNearest).toBeLessThan(1e-6 * pure.sigma);
    const K0 = kron(pure.B.S, pure.C.S, 6, 7);
    expect(maxAbs(K0.map((v, k) => v - kron(inst.G.S, inst.H.S, 6, 7)[k]!))).toBeLessThan(1e-9);
    const t = thresholdFactor(nk.C, 0.88);
    const kept = Array.from(t.S).filter((v) => v > 0).length;
    expect(kept).toBeLessThanOrEqual(Math.ceil(0.12 * 49) + 1);
    expect(kept).toBeGreaterThan(0);
    expect(Array.from({ length: 7 }, (_, i) => t.S[i * 8]).every((v) => v === 0)).toBe(true);
  });

  it('trimmed mean keeps the values between the 5th and 95th percentiles', () => {
    expect(trimmedMean([1, 2, 3, 4, 100])).toBeCloseTo(3, 12); // drops 1 and 100 (p5 = 1.2, p95 = 80.8)
    expect(trimmedMean(Array.from({ length: 21 }, (_, i) => i))).toBeCloseTo(10, 12);
    expect(trimmedMean([5])).toBe(5);
  });

  it('the study writes one row per (point, repetition, model), a summary recomputable from them, two figures, and resumes', async () => {
    const config = kronStudySchema.parse({
      name: 'k',
      study: 'gcrf-kronecker',
      output: join(dir, 'k'),
      repetitions: 3,
      models: ['base', 'laplacevec'],
      points: [
        { x: 0.3, G: { kind: 'er', n: 8, density: 0.3 }, H: { kind: 'ws', n: 9, k: 4, rewire: 0 } },
        { x: 0.5, G: { kind: 'ba', n: 10, m: 2 }, H: { kind: 'er', n: 9, density: 0.5 } },
      ],
    });
    const a = await runKronStudy(config);
    expect(a.rows).toHaveLength(12);
    for (const s of a.summary) {
      const m = a.rows.filter((r) => r.point === s.point && r.model === s.model).map((r) => r.mse).sort((x, y) => x - y);
      expect(s.trimmedMse).toBeCloseTo(m[1]!, 12); // three values: the median
    }
    expect(existsSync(join(dir, 'k', 'mse.svg')) && existsSync(join(dir, 'k', 'time.png'))).toBe(true);
    const logs: string[] = [];
    const b = await runKronStudy(config, { log: (m) => logs.push(m) });
    expect(logs.some((l) => /12 rows already/.test(l))).toBe(true);
    expect(b.rows.map((r) => r.mse)).toEqual(a.rows.map((r) => r.mse));
    // n2n report draws the study: its table of trimmed means and both figures
    const rep = await writeReport([join(dir, 'k')], { out: join(dir, 'k-report'), png: false });
    const page = readFileSync(join(rep.outDir, 'report.html'), 'utf8');
    expect(page).toMatch(/GCRF study k/);
    expect(page).toContain(a.summary.find((x) => x.model === 'laplacevec')!.trimmedMse.toFixed(4));
    expect(rep.files.some((f) => f.endsWith('gcrf-k-mse.svg')) && rep.files.some((f) => f.endsWith('gcrf-k-time.svg'))).toBe(true);
  });
});
