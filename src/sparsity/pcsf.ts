/**
 * Prize-collecting Steiner forest by Goemans–Williamson growth, in the fast event-queue form
 * of Hegde, Indyk and Schmidt (the `pcst_fast` scheme), with strong pruning. Undirected graph,
 * node prizes π ≥ 0, edge costs c ≥ 0; the result is a forest F of at most `g` trees that
 * keeps c(F) + π(V∖F) small (GW: at most twice the optimum for one tree).
 *
 * Growth. Every node starts as a cluster; a cluster with prize left is active and its moat
 * y grows at rate 1. A node's coverage is the sum of the moats of the clusters holding it
 * (kept by a union-find with potentials); an edge between two clusters is tight when its two
 * ends' coverage adds up to its cost, and then the clusters merge (the edge joins the forest).
 * A cluster deactivates when its moats reach its prize: y + Σ sub-moats = Σ π. Growth stops
 * when at most g clusters are active.
 *
 * Events, O(m log n) in all. Each edge has two parts, one in its end's cluster heap; a part's
 * key is the moat its cluster must reach before the edge is checked again, in that cluster's
 * own moat coordinates (so an inactive cluster's keys stand still, and on a merge a heap is
 * shifted into the new cluster's coordinates and melded in O(log n)). The two parts' remaining
 * amounts always add up to the edge's slack: split in halves when both clusters are active,
 * all on the active side otherwise (the inactive side then fires as soon as its cluster grows
 * again). So the edge is checked no later than it becomes tight, whatever the clusters do; a
 * check that finds slack re-splits it. One queue orders the active clusters' next edge events,
 * another their deactivations (stale entries skipped by version).
 *
 * Strong pruning. Of each final active cluster's tree, keep the connected subtree of largest
 * net worth π(T) − c(T) (one pass: the subtree's topmost node v with
 * val(v) = π(v) + Σ_children max(0, val(child) − c)). Inactive clusters are dropped.
 */
import { EventHeap } from './event-heap.js';
import { MeldableHeaps } from './meldable-heap.js';

export interface PcsfGraph {
  n: number;
  src: Int32Array;
  dst: Int32Array;
}

export interface PcsfResult {
  /** the forest's nodes, ascending */
  nodes: Int32Array;
  /** the forest's edges, as indices into the input's edge list, ascending */
  edges: Int32Array;
  /** c(F) and π(F) with the prizes and costs given */
  cost: number;
  prize: number;
  /** growth events processed (merges, deactivations, edge checks) */
  events: number;
  merges: number;
}

export type Pruning = 'strong' | 'none';

export function pcsf(graph: PcsfGraph, prizes: Float64Array, costs: Float64Array, g = 1, pruning: Pruning = 'strong'): PcsfResult {
  const { n, src, dst } = graph;
  const m = src.length;
  if (prizes.length !== n) throw new RangeError(`pcsf: ${prizes.length} prizes for ${n} nodes`);
  if (costs.length !== m) throw new RangeError(`pcsf: ${costs.length} costs for ${m} edges`);
  for (let i = 0; i < n; i++) if (!(prizes[i]! >= 0 && Number.isFinite(prizes[i]!))) throw new RangeError(`pcsf: prize ${prizes[i]} at node ${i} (prizes must be finite and ≥ 0)`);
  for (let e = 0; e < m; e++) if (!(costs[e]! >= 0 && Number.isFinite(costs[e]!))) throw new RangeError(`pcsf: cost ${costs[e]} at edge ${e} (costs must be finite and ≥ 0)`);
  if (!(Number.isInteger(g) && g >= 1)) throw new RangeError(`pcsf: the number of trees must be a whole number ≥ 1, got ${g}`);

  const maxClusters = 2 * n;
  const w = workspace(n, m);
  const active = w.u8a.subarray(0, maxClusters).fill(0);
  const activeStart = w.f64a.subarray(0, maxClusters).fill(0); // global time of the last activation
  const moat = w.f64b.subarray(0, maxClusters).fill(0); // y at activeStart (or final, when inactive)
  const prizeSum = w.f64c.subarray(0, maxClusters).fill(0);
  const subMoat = w.f64d.subarray(0, maxClusters).fill(0); // Σ of the final moats of all clusters merged into it
  const heap = w.i32a.subarray(0, maxClusters).fill(-1);
  const version = w.i32b.subarray(0, maxClusters).fill(0);
  const ufParent = w.i32c.subarray(0, maxClusters).fill(-1);
  const ufPot = w.f64e.subarray(0, maxClusters).fill(0);
  const partStamp = w.i32d.subarray(0, 2 * m).fill(0);
  const edgeDead = w.u8b.subarray(0, m).fill(0);
  const inForest = w.u8c.subarray(0, m).fill(0);
  const heaps = w.heaps;
  heaps.reset();
  let clusters = n;
  let time = 0;
  let events = 0;
  let merges = 0;
  let maxCost = 1;
  for (let e = 0; e < m; e++) maxCost = Math.max(maxCost, costs[e]!);
  // slack below this is rounding: the edge is tight
  const scale = maxCost * 1e-12;

  const yNow = (c: number): number => (active[c] ? moat[c]! + (time - activeStart[c]!) : moat[c]!);
  // the root cluster of cluster c (returned) and Σ of the frozen moats from c up to (not including) it (left in `potOut`)
  let potOut = 0;
  const path = w.i32e.subarray(0, maxClusters);
  const find = (c: number): number => {
    let len = 0;
    let r = c;
    while (ufParent[r]! >= 0) (path[len++] = r), (r = ufParent[r]!);
    // compress: each cluster on the path points at r with the sum from it up to r
    let acc = 0;
    for (let i = len - 1; i >= 0; i--) {
      const x = path[i]!;
      acc += ufPot[x]!;
      ufPot[x] = acc;
      ufParent[x] = r;
    }
    potOut = len ? ufPot[c]! : 0;
    return r;
  };

  // one queue of the active clusters' next edge checks, one of their deactivations; an entry is
  // live while its cluster's version is unchanged (bumped whenever its heap or state changes)
  const edgeQ = w.edgeQ;
  const deactQ = w.deactQ;
  edgeQ.size = 0;
  deactQ.size = 0;
  const deactVersion = w.i32f.subarray(0, maxClusters).fill(0);
  const schedule = (c: number): void => {
    version[c]!++;
    if (active[c] && heap[c]! >= 0) edgeQ.push(time + (heaps.minKey(heap[c]!) - yNow(c)), c, version[c]!);
  };
  const scheduleDeactivation = (c: number): void => {
    deactVersion[c]!++;
    if (active[c]) deactQ.push(time + (prizeSum[c]! - subMoat[c]! - yNow(c)), c, deactVersion[c]!);
  };
  const insertPart = (c: number, part: number, key: number): void => {
    partStamp[part]!++;
    heap[c] = heaps.meld(heap[c]!, heaps.single(key, part, partStamp[part]!));
  };

  let activeCount = 0;
  for (let v = 0; v < n; v++) {
    prizeSum[v] = prizes[v]!;
    if (prizes[v]! > 0) (active[v] = 1, activeCount++);
  }
  for (let e = 0; e < m; e++) {
    if (src[e] === dst[e]) {
      edgeDead[e] = 1;
      continue;
    }
    insertPart(src[e]!, 2 * e, costs[e]! / 2);
    insertPart(dst[e]!, 2 * e + 1, costs[e]! / 2);
  }
  for (let v = 0; v < n; v++) (schedule(v), scheduleDeactivation(v));

  const merge = (a: number, b: number, e: number): void => {
    const c = clusters++;
    const ya = yNow(a);
    const yb = yNow(b);
    activeCount -= active[a]! + active[b]!;
    for (const [x, y] of [[a, ya], [b, yb]] as const) {
      moat[x] = y;
      active[x] = 0;
      version[x]!++;
      deactVersion[x]!++;
      ufParent[x] = c;
      ufPot[x] = y;
      heaps.shift(heap[x]!, -y);
    }
    heap[c] = heaps.meld(heap[a]!, heap[b]!);
    heap[a] = heap[b] = -1;
    prizeSum[c] = prizeSum[a]! + prizeSum[b]!;
    subMoat[c] = subMoat[a]! + ya + subMoat[b]! + yb;
    moat[c] = 0;
    activeStart[c] = time;
    if (prizeSum[c]! - subMoat[c]! > scale) (active[c] = 1, activeCount++);
    inForest[e] = 1;
    merges++;
    schedule(c);
    scheduleDeactivation(c);
  };

  while (activeCount > g) {
    // the next event: an edge check or a deactivation, stale entries skipped
    while (edgeQ.size && (edgeQ.topVersion() !== version[edgeQ.topCluster()] || !active[edgeQ.topCluster()])) edgeQ.pop();
    while (deactQ.size && (deactQ.topVersion() !== deactVersion[deactQ.topCluster()] || !active[deactQ.topCluster()])) deactQ.pop();
    if (!edgeQ.size && !deactQ.size) break;
    events++;
    if (deactQ.size && (!edgeQ.size || deactQ.topTime() <= edgeQ.topTime())) {
      const c = deactQ.topCluster();
      time = Math.max(time, deactQ.topTime());
      deactQ.pop();
      moat[c] = prizeSum[c]! - subMoat[c]!;
      active[c] = 0;
      activeCount--;
      version[c]!++;
      deactVersion[c]!++;
      continue;
    }
    const c = edgeQ.topCluster();
    time = Math.max(time, edgeQ.topTime());
    edgeQ.pop();
    const part = heaps.minItem(heap[c]!);
    const stamp = heaps.minStamp(heap[c]!);
    heap[c] = heaps.pop(heap[c]!);
    const e = part >> 1;
    if (stamp !== partStamp[part] || edgeDead[e]) {
      schedule(c);
      continue;
    }
    const u = part & 1 ? dst[e]! : src[e]!;
    const v = part & 1 ? src[e]! : dst[e]!;
    const ru = find(u);
    const covU = potOut + yNow(ru);
    const other = find(v);
    const covV = potOut + yNow(other);
    if (ru === other) {
      edgeDead[e] = 1;
      schedule(c);
      continue;
    }
    const slack = costs[e]! - covU - covV;
    if (slack <= scale) {
      edgeDead[e] = 1;
      merge(ru, other, e);
      continue;
    }
    if (active[other]) {
      insertPart(ru, part, yNow(ru) + slack / 2);
      insertPart(other, part ^ 1, yNow(other) + slack / 2);
      schedule(other);
    } else {
      insertPart(ru, part, yNow(ru) + slack);
      insertPart(other, part ^ 1, moat[other]!);
    }
    schedule(ru);
  }

  // the final active clusters' trees (their merge edges), then strong pruning
  const keepRoot = new Uint8Array(clusters);
  for (let c = 0; c < clusters; c++) if (ufParent[c]! < 0 && active[c]) keepRoot[c] = 1;
  const rootOf = new Int32Array(n);
  for (let v = 0; v < n; v++) rootOf[v] = find(v);
  const treeEdges: number[] = [];
  for (let e = 0; e < m; e++) if (inForest[e] && keepRoot[rootOf[src[e]!]!]) treeEdges.push(e);
  const inTree = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (keepRoot[rootOf[v]!]) inTree[v] = 1;
  const kept = pruning === 'strong' ? strongPrune(n, src, dst, treeEdges, inTree, prizes, costs) : { nodes: inTree, edges: treeEdges };
  const nodes: number[] = [];
  let prize = 0;
  for (let v = 0; v < n; v++) if (kept.nodes[v]) (nodes.push(v), (prize += prizes[v]!));
  let cost = 0;
  for (const e of kept.edges) cost += costs[e]!;
  return { nodes: Int32Array.from(nodes), edges: Int32Array.from(kept.edges).sort(), cost, prize, events, merges };
}

/**
 * The arrays one run needs, kept between runs (the head and tail projections call PCSF dozens of
 * times on the same graph; allocating them each time cost more than the growth itself). Runs
 * are synchronous, so one set serves every call on this thread; it grows to the largest graph seen.
 */
interface Workspace {
  nodes: number;
  edges: number;
  u8a: Uint8Array;
  u8b: Uint8Array;
  u8c: Uint8Array;
  f64a: Float64Array;
  f64b: Float64Array;
  f64c: Float64Array;
  f64d: Float64Array;
  f64e: Float64Array;
  i32a: Int32Array;
  i32b: Int32Array;
  i32c: Int32Array;
  i32d: Int32Array;
  i32e: Int32Array;
  i32f: Int32Array;
  heaps: MeldableHeaps;
  edgeQ: EventHeap;
  deactQ: EventHeap;
}

let shared: Workspace | null = null;

function workspace(n: number, m: number): Workspace {
  if (shared && shared.nodes >= n && shared.edges >= m) return shared;
  const N = 2 * Math.max(n, shared?.nodes ?? 0);
  const M = Math.max(m, shared?.edges ?? 0);
  shared = {
    nodes: N / 2,
    edges: M,
    u8a: new Uint8Array(N),
    u8b: new Uint8Array(M),
    u8c: new Uint8Array(M),
    f64a: new Float64Array(N),
    f64b: new Float64Array(N),
    f64c: new Float64Array(N),
    f64d: new Float64Array(N),
    f64e: new Float64Array(N),
    i32a: new Int32Array(N),
    i32b: new Int32Array(N),
    i32c: new Int32Array(N),
    i32d: new Int32Array(2 * M),
    i32e: new Int32Array(N),
    i32f: new Int32Array(N),
    heaps: new MeldableHeaps(4 * M + 16),
    edgeQ: new EventHeap(N + M),
    deactQ: new EventHeap(N),
  };
  return shared;
}

/** Each tree of the forest (edges `treeEdges` over the nodes marked in `inTree`) cut to its subtree of largest net worth. */
function strongPrune(n: number, src: Int32Array, dst: Int32Array, treeEdges: number[], inTree: Uint8Array, prizes: Float64Array, costs: Float64Array): { nodes: Uint8Array; edges: number[] } {
  const deg = new Int32Array(n + 1);
  for (const e of treeEdges) (deg[src[e]! + 1]!++, deg[dst[e]! + 1]!++);
  for (let v = 0; v < n; v++) deg[v + 1] += deg[v]!;
  const adj = new Int32Array(2 * treeEdges.length);
  const fill = deg.slice(0, n);
  for (const e of treeEdges) (adj[fill[src[e]!]!++] = e, adj[fill[dst[e]!]!++] = e);
  const seen = new Uint8Array(n);
  const parentEdge = new Int32Array(n).fill(-1);
  const val = new Float64Array(n);
  const nodes = new Uint8Array(n);
  const edges: number[] = [];
  for (let r = 0; r < n; r++) {
    if (!inTree[r] || seen[r]) continue;
    // BFS order of this tree, then values bottom-up
    const order = [r];
    seen[r] = 1;
    for (let h = 0; h < order.length; h++) {
      const v = order[h]!;
      for (let p = deg[v]!; p < deg[v + 1]!; p++) {
        const e = adj[p]!;
        const w = src[e] === v ? dst[e]! : src[e]!;
        if (!seen[w]) (seen[w] = 1, (parentEdge[w] = e), order.push(w));
      }
    }
    for (const v of order) val[v] = prizes[v]!;
    let top = r;
    for (let h = order.length - 1; h >= 0; h--) {
      const v = order[h]!;
      if (val[v]! > val[top]! || (val[v] === val[top] && v < top)) top = v;
      if (v === r) continue;
      const e = parentEdge[v]!;
      const p = src[e] === v ? dst[e]! : src[e]!;
      const gain = val[v]! - costs[e]!;
      if (gain > 0) val[p] += gain;
    }
    // the subtree below `top` (in this rooting), children kept where they add net worth
    const stack = [top];
    nodes[top] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      for (let p = deg[v]!; p < deg[v + 1]!; p++) {
        const e = adj[p]!;
        if (e === parentEdge[v]) continue;
        const w = src[e] === v ? dst[e]! : src[e]!;
        if (val[w]! - costs[e]! > 0) (nodes[w] = 1, edges.push(e), stack.push(w));
      }
    }
  }
  return { nodes, edges };
}
