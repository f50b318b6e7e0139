/**
 * Cutting a tree down to a cost budget while keeping much of its prize (the head projection's
 * last step; Hegde, Indyk, Schmidt, ICML 2015): walk the tree's Euler tour (each edge twice) and
 * take the contiguous stretch of the tour whose edges cost at most the budget and whose distinct
 * nodes hold the most prize. A stretch of a walk is connected, and the tree edges it uses cost
 * no more than the stretch, so the result is a subtree within budget. Their lemma shows a
 * stretch with prize ≥ budget·π(T)/(6·c(T)) exists; the best stretch is at least that good.
 * O(tour length) with two pointers.
 */
export interface Subtree {
  nodes: number[];
  edges: number[];
}

export function pruneTree(src: Int32Array, dst: Int32Array, tree: Subtree, prizes: Float64Array, costs: Float64Array, budget: number): Subtree {
  if (tree.nodes.length === 0) return { nodes: [], edges: [] };
  let cost = 0;
  for (const e of tree.edges) cost += costs[e]!;
  if (cost <= budget) return { nodes: [...tree.nodes], edges: [...tree.edges] };
  // the heaviest node alone, when no edge fits
  let bestNode = tree.nodes[0]!;
  for (const v of tree.nodes) if (prizes[v]! > prizes[bestNode]!) bestNode = v;
  // adjacency of the tree, then its Euler tour from the heaviest node: tourNodes[i] → tourEdges[i] → tourNodes[i + 1]
  const adj = new Map<number, number[]>();
  for (const v of tree.nodes) adj.set(v, []);
  for (const e of tree.edges) (adj.get(src[e]!)!.push(e), adj.get(dst[e]!)!.push(e));
  const tourNodes: number[] = [bestNode];
  const tourEdges: number[] = [];
  const stack: { v: number; next: number; via: number }[] = [{ v: bestNode, next: 0, via: -1 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const list = adj.get(top.v)!;
    if (top.next < list.length) {
      const e = list[top.next++]!;
      if (e === top.via) continue;
      const w = src[e] === top.v ? dst[e]! : src[e]!;
      tourEdges.push(e);
      tourNodes.push(w);
      stack.push({ v: w, next: 0, via: e });
    } else {
      stack.pop();
      if (top.via >= 0) {
        tourEdges.push(top.via);
        tourNodes.push(stack[stack.length - 1]!.v);
      }
    }
  }
  // two pointers over tour positions [lo, hi]: the window's edges are tourEdges[lo..hi−1]
  const count = new Map<number, number>();
  let windowCost = 0;
  let windowPrize = 0;
  let best = { prize: prizes[bestNode]!, lo: 0, hi: 0 };
  let lo = 0;
  const add = (v: number): void => {
    const c = count.get(v) ?? 0;
    if (c === 0) windowPrize += prizes[v]!;
    count.set(v, c + 1);
  };
  const drop = (v: number): void => {
    const c = count.get(v)!;
    if (c === 1) windowPrize -= prizes[v]!;
    count.set(v, c - 1);
  };
  add(tourNodes[0]!);
  for (let hi = 1; hi < tourNodes.length; hi++) {
    windowCost += costs[tourEdges[hi - 1]!]!;
    add(tourNodes[hi]!);
    while (windowCost > budget && lo < hi) {
      windowCost -= costs[tourEdges[lo]!]!;
      drop(tourNodes[lo]!);
      lo++;
    }
    if (windowCost <= budget && windowPrize > best.prize) best = { prize: windowPrize, lo, hi };
  }
  const nodes = new Set<number>();
  const edges = new Set<number>();
  for (let i = best.lo; i <= best.hi; i++) nodes.add(tourNodes[i]!);
  for (let i = best.lo; i < best.hi; i++) edges.add(tourEdges[i]!);
  return { nodes: [...nodes].sort((a, b) => a - b), edges: [...edges].sort((a, b) => a - b) };
}
