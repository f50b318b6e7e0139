/**
 * An explicit perturbation: edges to remove (indices into the graph's edges) and node pairs to
 * add (edges the graph does not have, weight 1). What an attack or intervention returns and what
 * a refit applies, checked first (as PyG's PRBCD asserts its flips): within the budget, no
 * repeats, removed edges exist, added pairs absent (in either orientation when undirected) and
 * not self-loops. Added edges come after the kept ones, in the order given.
 */
import { addEdges, removeEdges, type Graph } from './graph.js';
import { ConfigError } from '../util/errors.js';

/** Node pairs (i, j), edges or not: candidates, or the pairs a closed form is asked at. */
export interface Pairs {
  src: Int32Array;
  dst: Int32Array;
}

export interface Edit {
  remove: ArrayLike<number>;
  add: { src: ArrayLike<number>; dst: ArrayLike<number> };
}

/** One number per node pair (per unordered pair when the graph is undirected). */
export const pairKey = (g: Pick<Graph, 'directed' | 'n'>, i: number, j: number): number => (g.directed || i <= j ? i * g.n + j : j * g.n + i);

/** The pair keys of the graph's edges. */
export function edgeKeys(graph: Graph): Set<number> {
  const keys = new Set<number>();
  for (let e = 0; e < graph.edges.src.length; e++) keys.add(pairKey(graph, graph.edges.src[e]!, graph.edges.dst[e]!));
  return keys;
}

/** Problems with removing these element ids from `count` elements (ids exist, none twice). */
export function checkRemovals(remove: ArrayLike<number>, count: number, what: string): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const e of Array.from(remove)) {
    if (!Number.isInteger(e) || e < 0 || e >= count) problems.push(`no ${what} ${e} to remove (there are ${count})`);
    else if (seen.has(e)) problems.push(`${what} ${e} removed twice`);
    seen.add(e);
  }
  return problems;
}

/** The edit's problems, or [] when it can be applied within `budget`. */
export function checkEdit(graph: Graph, edit: Edit, budget = Infinity): string[] {
  const problems: string[] = [];
  const m = graph.edges.src.length;
  const k = edit.remove.length + edit.add.src.length;
  if (edit.add.src.length !== edit.add.dst.length) problems.push(`${edit.add.src.length} added sources for ${edit.add.dst.length} targets`);
  if (k > budget) problems.push(`${k} changes exceed the budget ${budget}`);
  problems.push(...checkRemovals(edit.remove, m, 'edge'));
  if (edit.add.src.length === 0) return problems;
  // (the edges' keys only when pairs are added: a removal-only edit stays O(k), not O(m))
  const present = edgeKeys(graph);
  const added = new Set<number>();
  for (let t = 0; t < edit.add.src.length; t++) {
    const i = edit.add.src[t]!;
    const j = edit.add.dst[t]!;
    const name = `${graph.labels[i] ?? i} ${graph.labels[j] ?? j}`;
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= graph.n || j >= graph.n) problems.push(`pair ${i} ${j}: no such node`);
    else if (i === j) problems.push(`pair ${name}: a self-loop`);
    else if (present.has(pairKey(graph, i, j))) problems.push(`pair ${name} is already an edge`);
    else if (added.has(pairKey(graph, i, j))) problems.push(`pair ${name} added twice`);
    added.add(pairKey(graph, i, j));
  }
  return problems;
}

/** The graph after the edit (refused, with every problem named, when the check fails). */
export function applyEdit(graph: Graph, edit: Edit, budget = Infinity): Graph {
  const problems = checkEdit(graph, edit, budget);
  if (problems.length) throw new ConfigError(`edit: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  const kept = edit.remove.length ? removeEdges(graph, Array.from(edit.remove)) : graph;
  return edit.add.src.length === 0 ? kept : addEdges(kept, edit.add);
}
