/** Small random graphs for tests. */
import { Rng } from '../../src/util/rng.js';
import { buildGraph, type Graph } from '../../src/graph/graph.js';

/** Stochastic block model: blocks of the given sizes, edge probability pIn inside, pOut across. */
export function sbmGraph(rng: Rng, sizes: number[], pIn: number, pOut: number): { graph: Graph; truth: Int32Array } {
  const n = sizes.reduce((a, b) => a + b, 0);
  const truth = new Int32Array(n);
  let at = 0;
  sizes.forEach((s, b) => {
    truth.fill(b, at, at + s);
    at += s;
  });
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng.uniform() < (truth[i] === truth[j] ? pIn : pOut)) {
        src.push(i);
        dst.push(j);
      }
    }
  }
  return { graph: undirected(n, src, dst), truth };
}

export function undirected(n: number, src: number[], dst: number[], weight?: number[]): Graph {
  return buildGraph(
    Array.from({ length: n }, (_, i) => `n${i}`),
    { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: Float64Array.from(weight ?? src.map(() => 1)) },
    { directed: false, weighted: weight !== undefined },
  );
}

/** Disjoint out-stars as edge-list text: a hub per entry with that many leaves (nodes numbered from 0). */
export function outStarsText(leavesPerStar: number[], header = '# Directed graph\n'): string {
  let text = header;
  let next = 0;
  for (const leaves of leavesPerStar) {
    const hub = next++;
    for (let l = 0; l < leaves; l++) text += `${hub}\t${next++}\n`;
  }
  return text;
}

/** Hops from every node to its nearest facility, by one breadth-first search from all of them (−1: unreachable). */
export function nearestFacilityHops(csr: { rowPtr: Int32Array; colIdx: Int32Array; nRows: number }, facilities: ArrayLike<number>): Int32Array {
  const near = new Int32Array(csr.nRows).fill(-1);
  let frontier = Array.from(facilities);
  frontier.forEach((i) => (near[i] = 0));
  for (let d = 1; frontier.length; d++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (let p = csr.rowPtr[u]!; p < csr.rowPtr[u + 1]!; p++) {
        const v = csr.colIdx[p]!;
        if (near[v] === -1) {
          near[v] = d;
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return near;
}
