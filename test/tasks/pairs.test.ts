/** Scores of arbitrary node pairs (edges or not) against dense float64 references; the --pairs file. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/util/rng.js';
import { buildGraph, type Graph } from '../../src/graph/graph.js';
import { hitsTask, type HitsFit } from '../../src/tasks/hits/index.js';
import { spectralTask, type SpectralFit } from '../../src/tasks/spectral/index.js';
import { denseLaplacian } from '../../src/sparse/laplacian.js';
import { denseEdgeDifference, denseSvd, maxAbs, symEig } from '../helpers/dense.js';
import { sbmGraph } from '../helpers/graphs.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTemp } from '../helpers/files.js';

function randomPairs(rng: Rng, n: number, count: number): { src: Int32Array; dst: Int32Array } {
  return { src: Int32Array.from({ length: count }, () => rng.int(n)), dst: Int32Array.from({ length: count }, () => rng.int(n)) };
}

describe('deriveAt: the closed form at any pair', () => {
  for (const directed of [true, false]) {
    it(`HITS (${directed ? 'directed' : 'undirected'}): pair scores equal central differences of the dense f = σ1² − σ2², non-edges included`, () => {
      const rng = new Rng(directed ? 31 : 32);
      const n = 40;
      const m = 160;
      const g: Graph = buildGraph(
        Array.from({ length: n }, (_, i) => `v${i}`),
        { src: Int32Array.from({ length: m }, () => rng.int(n)), dst: Int32Array.from({ length: m }, () => rng.int(n)), weight: new Float64Array(m).fill(1) },
        { directed },
      );
      const fit = hitsTask.fit(g, { seed: 1, options: { precision: 'float64' } }) as HitsFit;
      const pairs = randomPairs(rng, n, 30);
      const S = hitsTask.deriveAt!(g, fit, pairs);
      const A = g.csr.toDense();
      const f = (M: Float64Array): number => {
        const s = denseSvd(M, n, n, 2).s;
        return s[0]! ** 2 - s[1]! ** 2;
      };
      const h = 1e-6;
      const fd = Array.from(pairs.src, (i, k) => denseEdgeDifference(A, n, i, pairs.dst[k]!, directed, h, f));
      const scale = Math.max(maxAbs(hitsTask.derive(g, fit)), maxAbs(fd));
      for (let k = 0; k < fd.length; k++) expect(Math.abs(S[k]! - fd[k]!) / scale).toBeLessThan(1e-5);
      // on the edges themselves it is B
      expect(Array.from(hitsTask.deriveAt!(g, fit, g.edges))).toEqual(Array.from(hitsTask.derive(g, fit)));
    });
  }

  it('spectral: pair scores equal the derivative of the dense eigenvalue sum, non-edges included', () => {
    const { graph: g } = sbmGraph(new Rng(33), [15, 15, 15], 0.4, 0.05);
    const r = 3;
    const fit = spectralTask.fit(g, { seed: 1, options: { clusters: r } }) as SpectralFit;
    const n = g.n;
    const pairs = randomPairs(new Rng(34), n, 30);
    const S = spectralTask.deriveAt!(g, fit, pairs);
    const L = denseLaplacian(g.csr);
    const sumR = (M: Float64Array): number => {
      const v = Array.from(symEig(M, n).values).sort((a, b) => a - b);
      return v.slice(0, r).reduce((a, b) => a + b, 0);
    };
    const h = 1e-5;
    for (let k = 0; k < 30; k++) {
      const i = pairs.src[k]!;
      const j = pairs.dst[k]!;
      const shifted = (sign: number): Float64Array => {
        const M = Float64Array.from(L);
        if (i !== j) {
          M[i * n + i]! += sign * h;
          M[j * n + j]! += sign * h;
          M[i * n + j]! -= sign * h;
          M[j * n + i]! -= sign * h;
        }
        return M;
      };
      const fd = (sumR(shifted(1)) - sumR(shifted(-1))) / (2 * h);
      expect(Math.abs(S[k]! - fd)).toBeLessThan(1e-5);
    }
  });
});

describe('n2n derive --pairs', () => {
  const dir = tempDir();
  const graph = writeTemp(dir, 'g.tsv', '# Directed graph\na\tb\nb\tc\nc\ta\na\tc\nc\td\nd\ta\nb\td\n');

  it('writes src dst score for the listed pairs (edges or not), labels as in the input; the same scores as B on edges', async () => {
    const pairs = writeTemp(dir, 'pairs.tsv', 'src\tdst\n# non-edges and an edge\nd\tb\nb\ta\na\tb\n');
    const out = join(dir, 'P.tsv');
    const r = await runCli(['derive', '--task', 'hits', '--backend', 'cpu', '--input', graph, '--pairs', pairs, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => l.split('\t').slice(0, 2).join(' '))).toEqual(['src dst', 'd b', 'b a', 'a b']);
    const bOut = join(dir, 'B.tsv');
    await runCli(['derive', '--task', 'hits', '--backend', 'cpu', '--input', graph, '--out', bOut]);
    const edgeAB = readFileSync(bOut, 'utf8').split('\n').find((l) => l.startsWith('a\tb\t'))!;
    expect(lines[3]).toBe(edgeAB);
  });

  it('a pair naming an unknown node is an error with file and line; completion has no pairs', async () => {
    const bad = writeTemp(dir, 'bad.tsv', 'a b\nz a\n');
    const r = await runCli(['derive', '--task', 'hits', '--backend', 'cpu', '--input', graph, '--pairs', bad, '--out', join(dir, 'x.tsv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.tsv:2: node 'z' is not in the graph/);
    const ratings = writeTemp(dir, 'r.txt', '1 1 5\n1 2 3\n2 1 4\n2 2 1\n3 1 2\n');
    const c = await runCli(['derive', '--task', 'completion', '--rank', '1', '--backend', 'cpu', '--input', ratings, '--pairs', bad, '--out', join(dir, 'y.tsv')]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--pairs: task 'completion' has no closed form at arbitrary pairs/);
  });
});
