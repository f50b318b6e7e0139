import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Rng } from '../../src/util/rng.js';
import { lowerTrianglePair, samplePairs } from '../../src/graph/generators/pair-sampler.js';
import { erdosRenyiEdges } from '../../src/graph/generators/erdos-renyi.js';
import { barabasiAlbertEdges } from '../../src/graph/generators/barabasi-albert.js';
import { wattsStrogatzEdges } from '../../src/graph/generators/watts-strogatz.js';
import { sbmEdges } from '../../src/graph/generators/sbm.js';
import { generateGraph, generatorSchema, generatorSchemas } from '../../src/graph/generators/generated.js';
import { loadGraph } from '../../src/graph/load-graph.js';
import { loadRatings } from '../../src/ratings/load-ratings.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';

/** Edges as a set of unordered (or ordered) keys; fails on self-loops and repeats. */
function edgeKeys(n: number, src: Int32Array, dst: Int32Array, directed: boolean): Set<number> {
  const keys = new Set<number>();
  for (let e = 0; e < src.length; e++) {
    const i = src[e]!;
    const j = dst[e]!;
    expect(i).not.toBe(j);
    expect(i >= 0 && i < n && j >= 0 && j < n).toBe(true);
    const key = directed ? i * n + j : Math.min(i, j) * n + Math.max(i, j);
    expect(keys.has(key)).toBe(false);
    keys.add(key);
  }
  return keys;
}

function degreesOf(n: number, src: Int32Array, dst: Int32Array): Int32Array {
  const d = new Int32Array(n);
  for (let e = 0; e < src.length; e++) {
    d[src[e]!]!++;
    d[dst[e]!]!++;
  }
  return d;
}

describe('random graph generators', () => {
  it('geometric skipping visits each index with probability p; the triangle map is a bijection', () => {
    const total = 50;
    const p = 0.3;
    const reps = 4000;
    const hits = new Float64Array(total);
    const rng = new Rng(5);
    for (let r = 0; r < reps; r++) samplePairs(rng, total, p, (x) => hits[x]!++);
    // each count is Binomial(reps, p): within 5 standard deviations
    const sd = Math.sqrt(reps * p * (1 - p));
    for (const h of hits) expect(Math.abs(h - reps * p)).toBeLessThan(5 * sd);
    const seen = new Set<number>();
    const cell = { i: 0, j: 0 };
    for (let x = 0; x < (200 * 199) / 2; x++) {
      lowerTrianglePair(x, cell);
      expect(cell.i).toBeGreaterThan(cell.j);
      expect(cell.j).toBeGreaterThanOrEqual(0);
      expect((cell.i * (cell.i - 1)) / 2 + cell.j).toBe(x);
      seen.add(cell.i * 200 + cell.j);
    }
    expect(seen.size).toBe((200 * 199) / 2);
  });

  it('Erdős–Rényi: simple graph, edge count within 5σ of n(n−1)p/2 (or n(n−1)p directed), p = 1 complete', () => {
    for (const directed of [false, true]) {
      const n = 800;
      const p = 0.01;
      const g = erdosRenyiEdges({ n, p, directed, seed: 3 });
      edgeKeys(n, g.src, g.dst, directed);
      const pairs = directed ? n * (n - 1) : (n * (n - 1)) / 2;
      expect(Math.abs(g.src.length - pairs * p)).toBeLessThan(5 * Math.sqrt(pairs * p * (1 - p)));
    }
    const full = erdosRenyiEdges({ n: 30, p: 1, seed: 1 });
    expect(edgeKeys(30, full.src, full.dst, false).size).toBe(435);
    const byDegree = erdosRenyiEdges({ n: 2000, degree: 6, seed: 2 });
    expect((2 * byDegree.src.length) / 2000).toBeCloseTo(6, 0);
    expect(() => erdosRenyiEdges({ n: 10, seed: 1 })).toThrow(/exactly one of p/);
  });

  it('Barabási–Albert: m(n − m) distinct edges, every later node has degree ≥ m, a heavy tail', () => {
    const n = 3000;
    const m = 3;
    const g = barabasiAlbertEdges({ n, m, seed: 4 });
    expect(g.src.length).toBe(m * (n - m));
    edgeKeys(n, g.src, g.dst, false);
    const d = degreesOf(n, g.src, g.dst);
    for (let v = m; v < n; v++) expect(d[v]).toBeGreaterThanOrEqual(m);
    // preferential attachment: the largest degree is far above the mean 2m (ER would give ≈ 2m + 4√(2m))
    expect(Math.max(...d)).toBeGreaterThan(15 * m);
  });

  it('Watts–Strogatz: beta = 0 is the ring lattice; rewiring keeps n·k/2 simple edges and moves about beta of them', () => {
    const n = 500;
    const k = 6;
    const ring = wattsStrogatzEdges({ n, k, beta: 0, seed: 1 });
    const keys = edgeKeys(n, ring.src, ring.dst, false);
    for (let u = 0; u < n; u++) for (let j = 1; j <= k / 2; j++) expect(keys.has(Math.min(u, (u + j) % n) * n + Math.max(u, (u + j) % n))).toBe(true);
    const beta = 0.2;
    const g = wattsStrogatzEdges({ n, k, beta, seed: 2 });
    expect(g.src.length).toBe((n * k) / 2);
    edgeKeys(n, g.src, g.dst, false);
    let moved = 0;
    for (let e = 0; e < g.src.length; e++) if (g.dst[e] !== ring.dst[e]) moved++;
    const m = (n * k) / 2;
    expect(Math.abs(moved - beta * m)).toBeLessThan(5 * Math.sqrt(m * beta * (1 - beta)));
  });

  it('SBM: planted blocks, densities inside and between blocks within 5σ', () => {
    const sizes = [120, 80, 100];
    const pIn = 0.1;
    const pOut = 0.01;
    const g = sbmEdges({ sizes, pIn, pOut, seed: 6 });
    edgeKeys(300, g.src, g.dst, false);
    expect(Array.from(g.blocks.subarray(118, 122))).toEqual([0, 0, 1, 1]);
    let inside = 0;
    for (let e = 0; e < g.src.length; e++) if (g.blocks[g.src[e]!] === g.blocks[g.dst[e]!]) inside++;
    const pairsIn = sizes.reduce((s, x) => s + (x * (x - 1)) / 2, 0);
    const pairsOut = (300 * 299) / 2 - pairsIn;
    expect(Math.abs(inside - pairsIn * pIn)).toBeLessThan(5 * Math.sqrt(pairsIn * pIn));
    expect(Math.abs(g.src.length - inside - pairsOut * pOut)).toBeLessThan(5 * Math.sqrt(pairsOut * pOut));
  });

  it('is deterministic in the seed, and a pipeline spec builds the same graph', () => {
    const a = barabasiAlbertEdges({ n: 400, m: 2, seed: 9 });
    const b = barabasiAlbertEdges({ n: 400, m: 2, seed: 9 });
    const c = barabasiAlbertEdges({ n: 400, m: 2, seed: 10 });
    expect(Array.from(a.dst)).toEqual(Array.from(b.dst));
    expect(Array.from(a.dst)).not.toEqual(Array.from(c.dst));
    const spec = generatorSchemas.ws.parse({ kind: 'ws', n: 100, k: 4, beta: 0.1, seed: 3 });
    const g1 = generateGraph(spec);
    const g2 = generateGraph(spec);
    expect(g1.directed).toBe(false);
    expect(Array.from(g1.edges.dst)).toEqual(Array.from(g2.edges.dst));
    expect(() => generateGraph(generatorSchemas.sbm.parse({ kind: 'sbm', sizes: [5, 5], pIn: 0.5, pOut: 0.1 }), true)).toThrow(/undirected model/);
    expect(generatorSchema.safeParse({ kind: 'ba', n: 10, m: 2, p: 0.1 }).success).toBe(false);
  });

  it('n2n generate writes files the readers load back with the same counts and direction', async () => {
    const dir = tempDir();
    const cases: [string[], boolean, number][] = [
      [['rmat', '--scale', '8', '--edge-factor', '4'], true, 256],
      [['er', '--n', '300', '--degree', '4'], false, 300],
      [['ba', '--n', '300', '--m', '2'], false, 300],
      [['ws', '--n', '300', '--k', '4', '--beta', '0.1'], false, 300],
      [['sbm', '--sizes', '100,100', '--p-in', '0.1', '--p-out', '0.01', '--blocks-out', join(dir, 'blocks.tsv')], false, 200],
    ];
    for (const [args, directed, n] of cases) {
      const out = join(dir, `${args[0]}.txt`);
      const r = await runCli(['generate', ...args, '--seed', '2', '--out', out]);
      expect(r.code, r.err).toBe(0);
      const declared = Number(/Edges: (\d+)/.exec(readFileSync(out, 'utf8'))![1]);
      const { graph } = await loadGraph(out);
      expect(graph.directed).toBe(directed);
      if (args[0] !== 'rmat') {
        // simple generators: every listed pair is an edge; isolated nodes never appear in an edge list
        expect(graph.edges.src.length).toBe(declared);
        expect(graph.n).toBeLessThanOrEqual(n);
      }
    }
    expect(readFileSync(join(dir, 'blocks.tsv'), 'utf8').split('\n')[101]).toBe('100\t1');
    const rOut = join(dir, 'ratings.tsv');
    expect((await runCli(['generate', 'ratings', '--users', '40', '--items', '30', '--ratings', '500', '--out', rOut])).code).toBe(0);
    const { ratings } = await loadRatings(rOut);
    expect(ratings.user.length).toBe(500);
    const bad = await runCli(['generate', 'ba', '--n', '100', '--p', '0.1', '--out', join(dir, 'x.txt')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--p is not an option of ba; it takes --n, --m/);
    const badSizes = await runCli(['generate', 'sbm', '--sizes', '10,x', '--p-in', '0.1', '--p-out', '0', '--out', join(dir, 'x.txt')]);
    expect(badSizes.err).toMatch(/--sizes expects comma-separated integers/);
  });
});
