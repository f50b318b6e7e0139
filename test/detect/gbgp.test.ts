/**
 * Subgraph detection in interdependent networks: the scan objectives' gradients against central
 * differences, problem (6) against the sorted-prefix optimum of a scan statistic over a box,
 * GBGP against brute force over every connected support on grids small enough to enumerate,
 * the reader's errors, and `n2n detect` with its rows rescored by hand.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/util/rng.js';
import { evolvingGrid, baNetworkOfNetworks, writePlanted } from '../../src/tasks/detect/generators.js';
import { gbgp } from '../../src/tasks/detect/gbgp.js';
import { scanGradient, scanValue, type ScanProblem } from '../../src/tasks/detect/objective.js';
import { maximiseOn } from '../../src/tasks/detect/restricted.js';
import { scoreDetection } from '../../src/tasks/detect/metrics.js';
import { readInterdependent } from '../../src/graph/interdependent.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runCli } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';

const problemOf = (net: ReturnType<typeof evolvingGrid>['network'], kind: 'ems' | 'sum-ems', lambda: number): ScanProblem => ({ kind, c: net.features[0]!, block: net.block, blocks: net.blocks.length, coupling: net.coupling, lambda });

/** Every connected node set of a block (as global indices), the empty set included, by checking all subsets. */
function allConnected(block: ReturnType<typeof evolvingGrid>['network']['blocks'][number]): number[][] {
  const n = block.graph.n;
  const nbr: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < block.graph.src.length; e++) (nbr[block.graph.src[e]!]!.push(block.graph.dst[e]!), nbr[block.graph.dst[e]!]!.push(block.graph.src[e]!));
  const out: number[][] = [[]];
  for (let mask = 1; mask < 1 << n; mask++) {
    const first = 31 - Math.clz32(mask & -mask);
    let seen = 1 << first;
    const stack = [first];
    while (stack.length) for (const w of nbr[stack.pop()!]!) if ((mask >> w) & 1 && !((seen >> w) & 1)) ((seen |= 1 << w), stack.push(w));
    if (seen === mask) out.push([...Array(n).keys()].filter((l) => (mask >> l) & 1).map((l) => block.nodes[l]!));
  }
  return out;
}

describe('scan objectives', () => {
  it('gradients match central differences (ems and sum-ems, coupling weights)', async () => {
    const rng = new Rng(1);
    const { network } = evolvingGrid({ side: 4, stamps: 3, sizes: [3, 4, 3], seed: 2 });
    for (const kind of ['ems', 'sum-ems'] as const) {
      const p = problemOf(network, kind, 0.2);
      const x = Float64Array.from(network.block, () => 0.1 + 0.8 * rng.uniform());
      const g = scanGradient(p, x);
      for (let i = 0; i < x.length; i += 3) {
        const h = 1e-6;
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[i] += h;
        xm[i] -= h;
        expect(g[i]).toBeCloseTo((scanValue(p, xp) - scanValue(p, xm)) / (2 * h), 6);
      }
    }
  });
});

describe('problem (6): the best x on a support', () => {
  it('without coupling: solved exactly, equal to brute force over every binary x on the support', async () => {
    const rng = new Rng(4);
    for (let trial = 0; trial < 10; trial++) {
      const { network } = evolvingGrid({ side: 5, stamps: 1, sizes: [6], seed: 10 + trial });
      const p = problemOf(network, 'ems', 0);
      const omega = Int32Array.from([...Array(25).keys()].filter(() => rng.uniform() < 0.5)).slice(0, 14);
      const r = maximiseOn(p, omega, new Float64Array(25));
      let best = 0;
      for (let mask = 1; mask < 1 << omega.length; mask++) {
        let t = 0;
        let k = 0;
        omega.forEach((v, j) => (mask >> j) & 1 && ((t += p.c[v]!), k++));
        best = Math.max(best, t / Math.sqrt(k));
      }
      expect(r.converged).toBe(true);
      expect(r.value).toBeCloseTo(best, 12);
    }
  });

  it('with coupling (projected gradient), from x = 1 on the support: the same optimum when λ is negligible, a stationary point otherwise', async () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 8; trial++) {
      const { network } = evolvingGrid({ side: 5, stamps: 2, sizes: [5, 6], seed: 20 + trial });
      const omega = Int32Array.from([...Array(50).keys()].filter(() => rng.uniform() < 0.6));
      const exact = maximiseOn(problemOf(network, 'ems', 0), omega, new Float64Array(50));
      const tiny = maximiseOn(problemOf(network, 'ems', 1e-12), omega, Float64Array.from({ length: 50 }, () => 1), { tol: 1e-9, maxIter: 5000 });
      expect(tiny.converged).toBe(true);
      expect(tiny.value).toBeCloseTo(exact.value, 6);
      const p = problemOf(network, 'ems', 0.5);
      const r = maximiseOn(p, omega, Float64Array.from({ length: 50 }, () => 1), { tol: 1e-9, maxIter: 5000 });
      expect(r.converged).toBe(true);
      // KKT: no feasible direction of the projected gradient
      const g = scanGradient(p, r.x);
      for (const i of omega) expect(Math.abs(Math.min(1, Math.max(0, r.x[i]! + g[i]!)) - r.x[i]!)).toBeLessThanOrEqual(1e-6);
      for (let i = 0; i < 50; i++) if (!omega.includes(i)) expect(r.x[i]).toBe(0);
    }
  });
});

describe('GBGP', () => {
  it('equals brute force over every connected support of a 4×4 grid (one block, s large enough not to bind)', async () => {
    // x may be 0 on part of its connected support Ψ (nodes that only connect), so the best value on a
    // support S is the box optimum: the best prefix of S's features sorted down, Σ/√k
    for (let seed = 1; seed <= 6; seed++) {
      const { network } = evolvingGrid({ side: 4, stamps: 1, sizes: [4], seed, mean: 3 });
      const p = problemOf(network, 'ems', 0);
      const r = await gbgp(p, network.blocks, { s: 8 });
      let best = 0;
      for (const set of allConnected(network.blocks[0]!)) {
        const sorted = set.map((v) => p.c[v]!).sort((a, b) => b - a);
        let sum = 0;
        sorted.forEach((c, k) => ((sum += c), (best = Math.max(best, sum / Math.sqrt(k + 1)))));
      }
      expect(r.converged).toBe(true);
      expect(r.value).toBeCloseTo(best, 9);
    }
  });

  it('is at least as good as every pair of connected binary supports of two coupled 3×3 stamps (λ = 0.03), its support connected per block', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { network } = evolvingGrid({ side: 3, stamps: 2, sizes: [3, 4], seed, mean: 3 });
      const p = problemOf(network, 'ems', 0.03);
      const r = await gbgp(p, network.blocks, { s: 5 });
      const A = allConnected(network.blocks[0]!);
      const B = allConnected(network.blocks[1]!);
      let best = 0;
      const x = new Float64Array(18);
      for (const a of A)
        for (const b of B) {
          x.fill(0);
          for (const v of a) x[v] = 1;
          for (const v of b) x[v] = 1;
          best = Math.max(best, scanValue(p, x));
        }
      // the relaxed x (values in [0,1], zeros allowed on connecting nodes) does at least as well as every binary pair
      expect(r.value).toBeGreaterThanOrEqual(best - 1e-9);
      // x lives on Ψ, and Ψ is connected in each block
      for (let v = 0; v < 18; v++) if (r.x[v]! > 0) expect(r.support[v]).toBe(1);
      for (const blk of network.blocks) {
        const members = Array.from(blk.nodes).filter((v) => r.support[v]);
        expect(A.concat(B).some((set) => set.length === members.length && set.every((v) => members.includes(v)))).toBe(true);
      }
    }
  });

  it('detects the planted evolving subgraph on a 12×12 grid (F1 ≥ 0.8) above the structure-free top-s', async () => {
    const { network, truth } = evolvingGrid({ side: 12, stamps: 5, sizes: [6, 9, 6], seed: 3 });
    const r = await gbgp(problemOf(network, 'ems', 0.03), network.blocks, { s: 6 });
    const f1 = scoreDetection(r.x, truth).f1;
    expect(f1).toBeGreaterThanOrEqual(0.8);
    const top = new Float64Array(r.x.length);
    for (const b of network.blocks) for (const v of Array.from(b.nodes).sort((u, w) => network.features[0]![w]! - network.features[0]![u]!).slice(0, 6)) top[v] = 1;
    expect(f1).toBeGreaterThan(scoreDetection(top, truth).f1);
  });

  it('without convergence, returns the iterate of largest F and says why (stalled after `patience`, or the cap)', async () => {
    const { network } = baNetworkOfNetworks({ blocks: 5, blockSize: 80, coupling: 40, plantedBlocks: 1, plantedSize: 10, seed: 2 });
    const p = problemOf(network, 'sum-ems', 0.03);
    let checked = 0;
    for (const [maxIter, patience] of [[12, 2], [4, 0]] as const) {
      const r = await gbgp(p, network.blocks, { s: 6, maxIter, patience });
      if (r.converged) continue;
      checked++;
      expect(r.stopReason).toBe(patience ? 'stalled' : 'max-iter');
      expect(r.value).toBeCloseTo(Math.max(...r.history), 12);
      expect(r.history[r.returned - 1]).toBeCloseTo(r.value, 12);
      if (patience) expect(r.iterations - r.returned).toBe(patience);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('BA network of networks: blocks, coupling edges between blocks only, a connected planted set per planted block', async () => {
    const { network, truth } = baNetworkOfNetworks({ blocks: 6, blockSize: 40, coupling: 30, plantedBlocks: 2, plantedSize: 8, seed: 5 });
    expect(network.blocks.length).toBe(6);
    for (let e = 0; e < network.coupling.src.length; e++) expect(network.block[network.coupling.src[e]!]).not.toBe(network.block[network.coupling.dst[e]!]);
    expect(network.coupling.src.length).toBe(30);
    const plantedBlocks = new Set(Array.from(truth.keys()).filter((v) => truth[v]).map((v) => network.block[v]));
    expect(plantedBlocks.size).toBe(2);
    expect(truth.reduce((a, b) => a + b, 0)).toBe(16);
  });
});

describe('interdependent networks on disk and n2n detect', () => {
  it('the reader names the file and line of a bad row, an unknown node, a bad weight', async () => {
    const dir = tempDir();
    const nodes = writeTemp(dir, 'n.tsv', 'node\tblock\tc\na\t1\t0.5\nb\t1\t1\nc\t2\tx\n');
    const edges = writeTemp(dir, 'e.txt', 'a b\n');
    await expect(readInterdependent(edges, nodes)).rejects.toThrow(/n\.tsv:4: feature 'c' of node 'c' is 'x'/);
    const nodes2 = writeTemp(dir, 'n2.tsv', 'a 1 0.5\nb 1 1\nc 2 2\n');
    await expect(readInterdependent(writeTemp(dir, 'e2.txt', 'a b\nb z\n'), nodes2)).rejects.toThrow(/e2\.txt:2: node 'z' is not in the node table/);
    await expect(readInterdependent(writeTemp(dir, 'e3.txt', 'a b -1\n'), nodes2)).rejects.toThrow(/e3\.txt:1: weight '-1' is not a positive number/);
    const ok = await readInterdependent(writeTemp(dir, 'e4.txt', 'a b\nb c\n'), nodes2);
    expect(ok.blocks.map((b) => b.nodes.length)).toEqual([2, 1]);
    expect(ok.coupling.src.length).toBe(1);
  });

  it('the compiled CLI gives the same bytes on 1 and 2 threads (the blocks projected on worker threads)', async () => {
    const dir = tempDir();
    const [edges, nodes] = await writePlanted(join(dir, 'g'), baNetworkOfNetworks({ blocks: 6, blockSize: 60, coupling: 30, plantedBlocks: 1, plantedSize: 8, seed: 7 }));
    const run = (threads: number) => {
      const out = join(dir, `d${threads}.tsv`);
      const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/n2n.js'), 'detect', '--input', edges!, '--nodes', nodes!, '--sparsity', '5', '--objective', 'sum-ems', '--threads', String(threads), '--derivative', join(dir, `b${threads}.tsv`), '--out', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return { rows: readFileSync(out, 'utf8'), derivative: readFileSync(join(dir, `b${threads}.tsv`), 'utf8'), summary: JSON.parse(readFileSync(`${out}.json`, 'utf8')) };
    };
    const one = run(1);
    const two = run(2);
    expect(one.summary.threads).toBe(1);
    expect(two.summary.threads).toBe(2);
    expect(two.rows).toBe(one.rows);
    expect(two.derivative).toBe(one.derivative);
    expect(two.summary.pcsfCalls).toBe(one.summary.pcsfCalls);
  });

  it('writes node<TAB>block<TAB>x for every node and a summary whose scores match a recount', async () => {
    const dir = tempDir();
    const [edges, nodes, truthFile] = await writePlanted(join(dir, 'g'), evolvingGrid({ side: 8, stamps: 3, sizes: [5, 6, 5], seed: 4 }));
    const out = join(dir, 'det.tsv');
    const r = await runCli(['detect', '--input', edges!, '--nodes', nodes!, '--sparsity', '5', '--truth', truthFile!, '--out', out]);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('node\tblock\tx');
    expect(rows.length).toBe(1 + 8 * 8 * 3);
    const planted = new Set(readFileSync(truthFile!, 'utf8').trim().split('\n'));
    let tp = 0;
    let fp = 0;
    for (const row of rows.slice(1)) {
      const [node, block, x] = row.split('\t');
      expect(node!.endsWith(`@${block}`)).toBe(true);
      if (Number(x) > 0) planted.has(node!) ? tp++ : fp++;
    }
    const summary = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    expect(summary.scores.precision).toBeCloseTo(tp / (tp + fp), 12);
    expect(summary.scores.recall).toBeCloseTo(tp / planted.size, 12);
    expect(summary.support).toBe(tp + fp);
    const bad = await runCli(['detect', '--input', edges!, '--nodes', nodes!, '--sparsity', '0', '--out', join(dir, 'x.tsv')]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--sparsity must be a whole number ≥ 1/);
  });
});

describe('n2n plant', () => {
  it('writes the three files the reader and the detector take; refuses a missing option with its name', async () => {
    const dir = tempDir();
    const prefix = join(dir, 'p');
    const r = await runCli(['plant', 'evolving-grid', '--side', '6', '--stamps', '3', '--sizes', '4,5', '--seed', '3', '--out', prefix]);
    expect(r.code, r.err).toBe(0);
    const net = await readInterdependent(`${prefix}.edges`, `${prefix}.nodes.tsv`);
    expect(net.blocks.map((b) => b.nodes.length)).toEqual([36, 36, 36]);
    expect(net.coupling.src.length).toBe(72);
    const same = evolvingGrid({ side: 6, stamps: 3, sizes: [4, 5], seed: 3 });
    const planted = readFileSync(`${prefix}.truth`, 'utf8').trim().split('\n').sort();
    expect(planted).toEqual(Array.from(same.truth.keys()).filter((v) => same.truth[v]).map((v) => same.network.graph.labels[v]!).sort());
    const bad = await runCli(['plant', 'ba-nn', '--blocks', '3', '--out', join(dir, 'q')]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--block-size is required/);
  });
});

describe('the interdependent data kind', () => {
  it('loads through the kind, refuses what does not fit, and re-partitions after an edit (a removed coupling edge, an added one)', async () => {
    const { interdependentKind } = await import('../../src/data/interdependent-kind.js');
    const { dataKinds } = await import('../../src/index.js');
    expect(dataKinds().map((k) => k.name)).toContain('interdependent');
    const dir = tempDir();
    const [edges, nodes] = await writePlanted(join(dir, 'g'), evolvingGrid({ side: 4, stamps: 2, sizes: [3], seed: 1 }));
    const ctx = { task: 'detect', directed: false as const, field: (k: string) => `--${k}` };
    const base = { format: 'auto', weighted: false, duplicates: 'max' as const, selfLoops: 'auto' as const, header: 'auto' as never };
    await expect(interdependentKind.load({ ...base, path: edges! }, ctx)).rejects.toThrow(/--nodes: task 'detect' reads a node table/);
    const net = await interdependentKind.load({ ...base, path: edges!, nodes: nodes! }, ctx);
    expect(interdependentKind.describe(net)).toMatch(/32 nodes in 2 blocks, 48 edges inside blocks and 16 coupling edges/);
    const e = net.coupling.edgeIds[0]!;
    const removed = interdependentKind.apply(net, { remove: Int32Array.of(e), add: { src: Int32Array.of(0), dst: Int32Array.of(31) } }, 2);
    expect(removed.coupling.src.length).toBe(16);
    expect(removed.graph.edges.src.length).toBe(64);
    // the added pair 0@0 – 15@1 is a coupling edge now; the removed one is gone
    const pairs = new Set(Array.from(removed.coupling.src, (a, k) => `${removed.graph.labels[a]}|${removed.graph.labels[removed.coupling.dst[k]!]}`));
    expect(pairs.has('0@0|15@1') || pairs.has('15@1|0@0')).toBe(true);
    expect(pairs.has(`${net.graph.labels[net.coupling.src[0]!]}|${net.graph.labels[net.coupling.dst[0]!]}`)).toBe(false);
    expect(Array.from(removed.features[0]!)).toEqual(Array.from(net.features[0]!));
  });
});
