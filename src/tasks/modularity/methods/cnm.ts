/**
 * Clauset–Newman–Moore greedy modularity (Phys. Rev. E 70, 066111, 2004): start from
 * singletons and repeatedly merge the two adjacent communities whose merge raises Q most,
 * ΔQ = 2(e_cd − a_c·a_d) (e_cd: the fraction of edge weight between them, a_c: the fraction of
 * degree in c). Stops when no merge raises Q; with `maxCommunities`, merging goes on past that
 * point until at most that many remain (networkx's `best_n`). Ties go to the pair with the
 * smaller community ids, so the result is deterministic. A max-heap of candidate merges with
 * stale entries skipped (each pair's entry is re-checked against its current ΔQ).
 */
import type { Csr } from '../../../graph/csr.js';
import { hardPartition, type Partition } from '../partition.js';

interface Candidate {
  dq: number;
  c: number;
  d: number;
}

const better = (x: Candidate, y: Candidate): boolean => x.dq > y.dq || (x.dq === y.dq && (x.c < y.c || (x.c === y.c && x.d < y.d)));

class MaxHeap {
  private items: Candidate[] = [];
  get size(): number {
    return this.items.length;
  }
  push(x: Candidate): void {
    const h = this.items;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!better(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }
  pop(): Candidate {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < h.length && better(h[l]!, h[best]!)) best = l;
        if (r < h.length && better(h[r]!, h[best]!)) best = r;
        if (best === i) break;
        [h[i], h[best]] = [h[best]!, h[i]!];
        i = best;
      }
    }
    return top;
  }
}

export interface CnmResult {
  partition: Partition;
  merges: number;
}

export function cnmPartition(a: Csr, options: { maxCommunities?: number } = {}): CnmResult {
  const n = a.nRows;
  let M = 0;
  for (let p = 0; p < a.nnz; p++) M += a.values[p]!;
  const share = new Float64Array(n); // a_c
  const links: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) {
    for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) {
      const j = a.colIdx[p]!;
      const w = a.values[p]! / M;
      share[i]! += w;
      if (j !== i) links[i]!.set(j, (links[i]!.get(j) ?? 0) + w);
    }
  }
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const alive = new Uint8Array(n).fill(1);
  const gain = (c: number, d: number): number => 2 * (links[c]!.get(d)! - share[c]! * share[d]!);
  const heap = new MaxHeap();
  const offer = (c: number, d: number): void => heap.push(c < d ? { dq: gain(c, d), c, d } : { dq: gain(d, c), c: d, d: c });
  for (let c = 0; c < n; c++) for (const d of links[c]!.keys()) if (c < d) offer(c, d);
  let count = n;
  let merges = 0;
  const floor = options.maxCommunities ?? Infinity;
  while (heap.size > 0) {
    const top = heap.pop();
    const { c, d } = top;
    if (!alive[c] || !alive[d] || !links[c]!.has(d) || gain(c, d) !== top.dq) continue; // stale
    if (top.dq <= 0 && count <= floor) break;
    // merge the community with fewer links into the other
    const [keep, gone] = links[c]!.size >= links[d]!.size ? [c, d] : [d, c];
    for (const [x, w] of links[gone]!) {
      if (x === keep) continue;
      links[keep]!.set(x, (links[keep]!.get(x) ?? 0) + w);
      const lx = links[x]!;
      lx.set(keep, (lx.get(keep) ?? 0) + w);
      lx.delete(gone);
    }
    links[keep]!.delete(gone);
    links[gone]!.clear();
    share[keep]! += share[gone]!;
    alive[gone] = 0;
    for (const i of members[gone]!) members[keep]!.push(i);
    members[gone] = [];
    count--;
    merges++;
    for (const x of links[keep]!.keys()) offer(keep, x);
  }
  const labels = new Int32Array(n);
  for (let c = 0; c < n; c++) for (const i of members[c]!) labels[i] = c;
  return { partition: hardPartition(labels), merges };
}
