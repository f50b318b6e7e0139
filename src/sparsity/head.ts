/**
 * Head projection H(x) onto the connected model (Hegde, Indyk, Schmidt, ICML 2015, PCSF-HEAD;
 * SEEDS-SPEC §1.2): a support S whose ‖x_S‖ is a constant fraction of the best in the model.
 * Binary search over a prize scale λ: PCSF on (λπ, c) at λ_r = 2C/π_min (taken at once if its
 * forest costs ≤ 2C); else keep c(F_λ_r) > 2C ≥ c(F_λ_l) from λ_l = 1/(4Σπ) until
 * λ_r − λ_l ≤ δC/(2Σπ) (δ = 1/169); return F_λ_l, or F_λ_r pruned to cost C when that holds
 * more prize. The bracket is first narrowed to a factor of 4 by geometric steps (the same
 * invariant, fewer PCSF runs than halving an interval that spans many orders of magnitude).
 */
import { pcsf } from './pcsf.js';
import { pruneTree } from './prune-tree.js';
import { heaviest, modelCosts, prizesOf, type ConnectedModel, type Projection } from './connected-model.js';

export interface HeadOptions {
  delta?: number;
  maxIter?: number;
  errTol?: number;
}

export function headProjection(model: ConnectedModel, x: Float64Array, options: HeadOptions = {}): Projection {
  const delta = options.delta ?? 1 / 169;
  const maxIter = options.maxIter ?? 50;
  const { graph } = model;
  if (x.length !== graph.n) throw new RangeError(`head projection: x has ${x.length} entries for ${graph.n} nodes`);
  const { costs, C, g } = modelCosts(model);
  const { prizes, total, min } = prizesOf(x, options.errTol ?? 1e-6);
  const result = (nodes: ArrayLike<number>, edges: ArrayLike<number>, calls: number, converged: boolean): Projection => {
    let cost = 0;
    let prize = 0;
    for (let i = 0; i < edges.length; i++) cost += costs[edges[i]!]!;
    for (let i = 0; i < nodes.length; i++) prize += prizes[nodes[i]!]!;
    return { support: Int32Array.from(nodes).sort(), edges: Int32Array.from(edges).sort(), cost, budgetC: C, prize, totalPrize: total, pcsfCalls: calls, converged };
  };
  if (total === 0) return result([], [], 0, true);
  if (C === 0) return result(heaviest(prizes, g), [], 0, true);
  const run = (lambda: number) => pcsf(graph, prizes.map((p) => p * lambda), costs, g);
  let calls = 0;
  let lambdaR = (2 * C) / min;
  let right = run(lambdaR);
  calls++;
  if (right.cost <= 2 * C) return result(right.nodes, right.edges, calls, true);
  // invariant: c(F_λr) > 2C ≥ c(F_λl); at λ_l = 1/(4Σπ) every prize is below any edge's cost, so F has no edge
  let lambdaL = 1 / (4 * total);
  let left: ReturnType<typeof run> | null = null;
  const tol = (delta * C) / (2 * total);
  let converged = true;
  const probe = (lambda: number): void => {
    const f = run(lambda);
    calls++;
    if (f.cost > 2 * C) [lambdaR, right] = [lambda, f];
    else [lambdaL, left] = [lambda, f];
  };
  // first narrow the bracket geometrically (λ spans many orders of magnitude), from the scale at
  // which the s largest prizes pay for s edges; then bisect as the paper does, to λ_r − λ_l ≤ δC/(2Σπ)
  let guess = Math.min(lambdaR / 2, Math.max(lambdaL * 2, (2 * C) / topPrize(prizes, model.s)));
  while (lambdaR / lambdaL > 4 && lambdaR - lambdaL > tol && calls < maxIter) {
    probe(guess);
    guess = Math.sqrt(lambdaL * lambdaR);
  }
  while (lambdaR - lambdaL > tol) {
    if (calls >= maxIter) {
      converged = false;
      break;
    }
    probe((lambdaL + lambdaR) / 2);
  }
  if (!left) {
    left = run(lambdaL);
    calls++;
  }
  // F_r cut to cost C: trees by prize per cost, whole while they fit, the first that does not pruned, the rest to their heaviest node
  const pruned = pruneForest(graph.src, graph.dst, right.nodes, right.edges, prizes, costs, C);
  let leftPrize = 0;
  for (const v of left.nodes) leftPrize += prizes[v]!;
  let prunedPrize = 0;
  for (const v of pruned.nodes) prunedPrize += prizes[v]!;
  return leftPrize >= prunedPrize ? result(left.nodes, left.edges, calls, converged) : result(pruned.nodes, pruned.edges, calls, converged);
}

function pruneForest(src: Int32Array, dst: Int32Array, nodes: Int32Array, edges: Int32Array, prizes: Float64Array, costs: Float64Array, C: number): { nodes: number[]; edges: number[] } {
  // the forest's trees
  const comp = new Map<number, number>();
  const adj = new Map<number, number[]>();
  for (const v of nodes) adj.set(v, []);
  for (const e of edges) (adj.get(src[e]!)!.push(e), adj.get(dst[e]!)!.push(e));
  const trees: { nodes: number[]; edges: number[]; prize: number; cost: number }[] = [];
  for (const r of nodes) {
    if (comp.has(r)) continue;
    const t = { nodes: [r], edges: [] as number[], prize: 0, cost: 0 };
    comp.set(r, trees.length);
    for (let h = 0; h < t.nodes.length; h++) {
      const v = t.nodes[h]!;
      t.prize += prizes[v]!;
      for (const e of adj.get(v)!) {
        const w = src[e] === v ? dst[e]! : src[e]!;
        if (!comp.has(w)) (comp.set(w, trees.length), t.nodes.push(w), t.edges.push(e), (t.cost += costs[e]!));
      }
    }
    trees.push(t);
  }
  trees.sort((a, b) => (b.cost > 0 ? b.prize / b.cost : Infinity) - (a.cost > 0 ? a.prize / a.cost : Infinity));
  const out = { nodes: [] as number[], edges: [] as number[] };
  let left = C;
  for (const t of trees) {
    let kept: { nodes: number[]; edges: number[] };
    if (t.cost <= left) ((kept = t), (left -= t.cost));
    else if (left > 0) ((kept = pruneTree(src, dst, t, prizes, costs, left)), (left = 0));
    else {
      let best = t.nodes[0]!;
      for (const v of t.nodes) if (prizes[v]! > prizes[best]!) best = v;
      kept = { nodes: [best], edges: [] };
    }
    out.nodes.push(...kept.nodes);
    out.edges.push(...kept.edges);
  }
  return out;
}

/** Σ of the k largest prizes. */
function topPrize(prizes: Float64Array, k: number): number {
  const sorted = Float64Array.from(prizes).sort();
  let sum = 0;
  for (let i = sorted.length - 1; i >= Math.max(0, sorted.length - k); i--) sum += sorted[i]!;
  return sum;
}
