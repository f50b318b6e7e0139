/**
 * The lcc task: B against central differences of a dense relaxation written here (A as a
 * matrix, the pair's value continuous), exact_delta against the LCC recomputed by definition on
 * the toggled graph, for one target, the max and the smooth max over a set; a target's
 * candidates ranked alike by B and by the exact gain; the command line (`derive --pairs` with
 * the exact_delta column, verify) and the refusals (degree-1 target, a tie at the max, a
 * target file naming an unknown node).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/util/rng.js';
import { lccTask, type LccFit } from '../../src/tasks/lcc/index.js';
import { undirected } from '../helpers/graphs.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTemp } from '../helpers/files.js';

function random(rng: Rng, n: number, p: number) {
  const A = Array.from({ length: n }, () => new Float64Array(n));
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) (A[i]![j] = A[j]![i] = 1, src.push(i), dst.push(j));
  return { A, graph: undirected(n, src, dst) };
}

/** LCC(v) of a weighted symmetric matrix: 2 e_v/(d_v(d_v − 1)), e_v = Σ_{i<j} A_vi A_ij A_jv; 0/1 matrices below degree 2 give 0. */
function lccDense(A: Float64Array[], v: number, integral: boolean): number {
  const n = A.length;
  let d = 0;
  let e = 0;
  for (let i = 0; i < n; i++) d += A[v]![i]!;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) e += A[v]![i]! * A[i]![j]! * A[j]![v]!;
  if (integral && d < 2) return 0;
  return (2 * e) / (d * (d - 1));
}

function fDense(A: Float64Array[], targets: number[], aggregate: string, tau: number, integral: boolean): number {
  const l = targets.map((t) => lccDense(A, t, integral));
  if (aggregate === 'max' || targets.length === 1) return Math.max(...l);
  const top = Math.max(...l);
  return top + tau * Math.log(l.reduce((s, x) => s + Math.exp((x - top) / tau), 0));
}

const withPair = (A: Float64Array[], p: number, q: number, x: number): Float64Array[] => {
  const B = A.map((r) => Float64Array.from(r));
  B[p]![q] = B[q]![p] = x;
  return B;
};

describe('lcc task', () => {
  for (const [aggregate, count] of [['max', 1], ['max', 4], ['smooth-max', 4]] as const) {
    it(`${aggregate} over ${count} target${count > 1 ? 's' : ''}: B equals central differences and exact_delta the recomputed change, at edges and non-edges`, async () => {
      const rng = new Rng(count * 10 + (aggregate === 'max' ? 1 : 2));
      const { A, graph } = random(rng, 26, 0.25);
      // targets of degree ≥ 2 with distinct LCCs (a tie at the max is a kink)
      const targets: number[] = [];
      const seen = new Set<number>();
      for (let v = 0; v < 26 && targets.length < count; v++) {
        const l = lccDense(A, v, true);
        if (A[v]!.reduce((a, b) => a + b, 0) >= 3 && !seen.has(l)) (targets.push(v), seen.add(l));
      }
      const dir = tempDir();
      const file = writeTemp(dir, 't.txt', targets.map((t) => graph.labels[t]).join('\n') + '\n');
      const fit = (await lccTask.fitAsync(graph, { seed: 1, options: { targets: file, aggregate, tau: 0.1 } })) as LccFit;
      expect(fit.wellPosed.illPosed).toBe(false);
      expect(fit.objective).toBeCloseTo(fDense(A, targets, aggregate, 0.1, true), 12);
      const src: number[] = [];
      const dst: number[] = [];
      for (let p = 0; p < 26; p++) for (let q = p + 1; q < 26; q++) if (targets.includes(p) || targets.includes(q) || rng.uniform() < 0.1) (src.push(p), dst.push(q));
      const pairs = { src: Int32Array.from(src), dst: Int32Array.from(dst) };
      const B = lccTask.deriveAt!(graph, fit, pairs);
      const exact = lccTask.bind(graph).pairColumns(fit, pairs)[0]!;
      expect(exact.name).toBe('exact_delta');
      const h = 1e-6;
      const f0 = fDense(A, targets, aggregate, 0.1, true);
      let worst = 0;
      for (let e = 0; e < src.length; e++) {
        const [p, q] = [src[e]!, dst[e]!];
        const x0 = A[p]![q]!;
        const fd = (fDense(withPair(A, p, q, x0 + h), targets, aggregate, 0.1, false) - fDense(withPair(A, p, q, x0 - h), targets, aggregate, 0.1, false)) / (2 * h);
        worst = Math.max(worst, Math.abs(B[e]! - fd));
        expect(exact.values[e]).toBeCloseTo(fDense(withPair(A, p, q, 1 - x0), targets, aggregate, 0.1, true) - f0, 12);
      }
      expect(worst).toBeLessThan(1e-6);
      // the edges' scores are the same closed form
      const Be = lccTask.derive(graph, fit);
      const Ba = lccTask.deriveAt!(graph, fit, { src: graph.edges.src, dst: graph.edges.dst });
      expect(Array.from(Be)).toEqual(Array.from(Ba));
    });
  }

  it("ranks a target's candidate edges like their exact gains", async () => {
    const rng = new Rng(3);
    const { A, graph } = random(rng, 40, 0.2);
    let t = 0;
    while (A[t]!.reduce((a, b) => a + b, 0) < 4) t++;
    const fit = (await lccTask.fitAsync(graph, { seed: 1, options: { target: graph.labels[t] } })) as LccFit;
    const cand = [...Array(40).keys()].filter((q) => q !== t && !A[t]![q]);
    const pairs = { src: Int32Array.from(cand, () => t), dst: Int32Array.from(cand) };
    const B = lccTask.deriveAt!(graph, fit, pairs);
    const exact = lccTask.bind(graph).pairColumns(fit, pairs)[0]!.values;
    for (let a = 0; a < cand.length; a++) for (let b = 0; b < cand.length; b++) expect(Math.sign(B[a]! - B[b]!)).toBe(Math.sign(exact[a]! - exact[b]!));
  });

  it('the command line writes score and exact_delta at --pairs; refuses a degree-1 target, a tie at the max and an unknown target', async () => {
    const dir = tempDir();
    // a triangle 0-1-2 with a tail 2-3-4 and a square 5-6-7-8
    const edges = writeTemp(dir, 'g.txt', '0 1\n1 2\n0 2\n2 3\n3 4\n5 6\n6 7\n7 8\n8 5\n');
    const pairs = writeTemp(dir, 'p.txt', '2 4\n0 3\n');
    const out = join(dir, 'B.tsv');
    const ok = await runCli(['derive', '--task', 'lcc', '-i', edges, '--no-directed', '--target', '2', '--pairs', pairs, '-o', out]);
    expect(ok.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('src\tdst\tscore\texact_delta');
    // LCC(2) = 1/3 (d = 3, one edge among 0, 1, 3); adding (2, 4): d = 4, e = 2 (3-4 closes) → 1/3: delta 0; adding (0, 3): e = 2 → 2/3
    const [, r1, r2] = rows.map((r) => r.split('\t'));
    expect(Number(r1![3])).toBeCloseTo(0, 7);
    expect(Number(r2![3])).toBeCloseTo(1 / 3, 7);
    const low = await runCli(['derive', '--task', 'lcc', '-i', edges, '--no-directed', '--target', '4', '-o', join(dir, 'x.tsv')]);
    expect(low.code).not.toBe(0);
    expect(low.err).toMatch(/degree below 2 \('4' \(degree 1\)\)/);
    const targets = writeTemp(dir, 't.txt', '5\n6\n');
    const tie = await runCli(['derive', '--task', 'lcc', '-i', edges, '--no-directed', '--targets', targets, '-o', join(dir, 'y.tsv')]);
    expect(tie.code).not.toBe(0);
    expect(tie.err).toMatch(/2 targets tie at the largest LCC .*smooth-max/);
    const smooth = await runCli(['derive', '--task', 'lcc', '-i', edges, '--no-directed', '--targets', targets, '--aggregate', 'smooth-max', '-o', join(dir, 'z.tsv')]);
    expect(smooth.code).toBe(0);
    const bad = await runCli(['derive', '--task', 'lcc', '-i', edges, '--no-directed', '--targets', writeTemp(dir, 'u.txt', '5\n99\n'), '-o', join(dir, 'w.tsv')]);
    expect(bad.err).toMatch(/u\.txt:2: node '99' is not a node of/);
    const v = await runCli(['verify', '--task', 'lcc', '-i', edges, '--no-directed', '--target', '2']);
    expect(v.code).toBe(0);
    expect(v.out + v.err).toMatch(/exact delta[\s\S]*pass/);
  });
});
