/**
 * The detection's derivative network: coupling scores −λ(x*_i − x*_j)² against central
 * differences of F* re-solved with the supports fixed (existing coupling edges and candidate
 * pairs), and bridge changes against brute force (every edge of the detected subgraph removed
 * in turn, connectivity by BFS, each side's F* by the box optimum's closed form).
 */
import { describe, expect, it } from 'vitest';
import { evolvingGrid } from '../../src/tasks/detect/generators.js';
import { gbgp } from '../../src/tasks/detect/gbgp.js';
import { bridgeChanges, bridgesOf, couplingScores, polish } from '../../src/tasks/detect/derivative.js';
import type { ScanProblem } from '../../src/tasks/detect/objective.js';

describe('derivative network of a detection', () => {
  it('coupling edges and candidate pairs: −λ(x*_i − x*_j)² equals the central difference of F* with the supports fixed', async () => {
    const { network } = evolvingGrid({ side: 6, stamps: 3, sizes: [5, 7, 5], seed: 6, mean: 3 });
    const problem: ScanProblem = { kind: 'ems', c: network.features[0]!, block: network.block, blocks: 3, coupling: network.coupling, lambda: 0.3 };
    const r = await gbgp(problem, network.blocks, { s: 5 });
    const star = polish(problem, r.support, r.x);
    expect(star.converged).toBe(true);
    // coupling edges with the largest |x_i − x_j| (a nonzero derivative), and a candidate pair: a detected node and an undetected one in another block
    const c = network.coupling;
    const order = [...c.src.keys()].sort((a, b) => Math.abs(star.x[c.src[b]!]! - star.x[c.dst[b]!]!) - Math.abs(star.x[c.src[a]!]! - star.x[c.dst[a]!]!));
    const detected = [...star.x.keys()].find((v) => star.x[v]! > 0.5 && network.block[v] === 1)!;
    const outside = [...star.x.keys()].find((v) => star.x[v] === 0 && network.block[v] === 2 && r.support[v] === 0)!;
    const cases: { src: number; dst: number; edge: number | null }[] = [...order.slice(0, 4).map((e) => ({ src: c.src[e]!, dst: c.dst[e]!, edge: e })), { src: detected, dst: outside, edge: null }];
    const scores = couplingScores(problem, star.x, cases.map((k) => k.src), cases.map((k) => k.dst));
    expect(scores[0]).toBeLessThan(-1e-3);
    cases.forEach((k, i) => {
      const h = 1e-4;
      const at = (delta: number): number => {
        const coupling = k.edge === null
          ? { src: Int32Array.from([...c.src, k.src]), dst: Int32Array.from([...c.dst, k.dst]), weight: Float64Array.from([...c.weight, delta]) }
          : { ...c, weight: Float64Array.from(c.weight, (w, e) => (e === k.edge ? w + delta : w)) };
        return polish({ ...problem, coupling }, r.support, star.x, 1e-12).value;
      };
      expect(scores[i]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 6);
    });
  });

  it('bridges of the detected subgraph and the exact change of F* when each is removed (brute force; one block, λ = 0)', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { network } = evolvingGrid({ side: 7, stamps: 1, sizes: [8], seed, mean: 2 });
      const problem: ScanProblem = { kind: 'ems', c: network.features[0]!, block: network.block, blocks: 1, coupling: network.coupling, lambda: 0 };
      const r = await gbgp(problem, network.blocks, { s: 6 });
      const star = polish(problem, r.support, r.x);
      const blk = network.blocks[0]!;
      const n = blk.graph.n;
      const inside = Uint8Array.from({ length: n }, (_, l) => r.support[blk.nodes[l]!]!);
      const components = (skip: number): number[][] => {
        const nbr: number[][] = Array.from({ length: n }, () => []);
        for (let e = 0; e < blk.graph.src.length; e++) if (e !== skip && inside[blk.graph.src[e]!] && inside[blk.graph.dst[e]!]) (nbr[blk.graph.src[e]!]!.push(blk.graph.dst[e]!), nbr[blk.graph.dst[e]!]!.push(blk.graph.src[e]!));
        const seen = new Uint8Array(n);
        const out: number[][] = [];
        for (let v = 0; v < n; v++) {
          if (!inside[v] || seen[v]) continue;
          const comp = [v];
          seen[v] = 1;
          for (let h = 0; h < comp.length; h++) for (const w of nbr[comp[h]!]!) if (!seen[w]) ((seen[w] = 1), comp.push(w));
          out.push(comp);
        }
        return out;
      };
      const boxBest = (nodes: number[]): number => {
        const sorted = nodes.map((l) => problem.c[blk.nodes[l]!]!).sort((a, b) => b - a);
        let best = 0;
        let sum = 0;
        sorted.forEach((v, k) => ((sum += v), (best = Math.max(best, sum / Math.sqrt(k + 1)))));
        return best;
      };
      expect(star.value).toBeCloseTo(boxBest(components(-1)[0]!), 9);
      const expectedBridges: number[] = [];
      for (let e = 0; e < blk.graph.src.length; e++) if (inside[blk.graph.src[e]!] && inside[blk.graph.dst[e]!] && components(e).length === 2) expectedBridges.push(e);
      expect(bridgesOf(n, blk.graph.src, blk.graph.dst, inside)).toEqual(expectedBridges);
      const changes = bridgeChanges(problem, network, r.support, star.x, star.value);
      expect(changes.map((b) => b.edge)).toEqual(expectedBridges.map((e) => blk.edgeIds[e]!));
      changes.forEach((b, i) => {
        const best = Math.max(...components(expectedBridges[i]!).map(boxBest));
        expect(b.delta).toBeCloseTo(best - star.value, 8);
        expect(b.delta).toBeLessThanOrEqual(1e-12);
      });
    }
  });
});
