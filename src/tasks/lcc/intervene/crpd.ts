/**
 * CRPD for NILD-S (one target t; SEEDS-SPEC §3.3, reconstructed from the paper's prose). With
 * |S| new neighbours, LCC'(t) = [e_t + e(S) + e(S, N(t))] / C(d_t + |S|, 2): each new neighbour
 * u adds |N(u) ∩ (N(t) ∪ S)| edges to t's ego network (its gain). The greedy adds, while it
 * lowers LCC(t) and the budget lasts, the admissible candidate with the smallest gain, ties to
 * the smallest degree (a low-degree node blocks the fewest later candidates), then the smallest
 * index. Gains only grow as t gains neighbours, so a heap with lazy re-checks finds the minimum.
 * Removed-node re-selection (RNR): for a step whose choice made some neighbours of it
 * inadmissible (the ε rule), try the lowest-degree of those instead, re-run the greedy from
 * there, and keep whichever leaves LCC(t) lower.
 */
import { ConfigError } from '../../../util/errors.js';
import { Heap } from '../../../util/heap.js';
import { Intervention, type InterventionProblem, type InterventionResult } from './problem.js';
import { betweenness, bfs, closenessAfterEdge, harmonicFromDistances } from '../centrality.js';

interface Entry {
  gain: number;
  /** the tie-break: the degree, or −MISS score (smaller first) */
  tie: number;
  u: number;
}

const before = (a: Entry, b: Entry): boolean => a.gain < b.gain || (a.gain === b.gain && (a.tie < b.tie || (a.tie === b.tie && a.u < b.u)));

/**
 * The multi-measure selection (MISS; the paper's Eq. 2 is lost, SEEDS-SPEC §3.3): among
 * candidates of equal gain, while t is below a closeness, betweenness or degree bound, prefer
 * the largest w_b·Δ_b·b + w_c·Δ_c·c + w_d·Δ_d·d, Δ_x = max(0, bound − t's value) at the start.
 * Two readings: 'centrality' takes u's own betweenness, closeness and degree/(n − 1) (the
 * prose: "the betweenness and closeness of u"); 'gain' takes what adding (t, u) gives t: its
 * closeness gain exactly, u's betweenness and 1/(n − 1) for the degree.
 */
export type MissReading = 'centrality' | 'gain';

function missScores(iv: Intervention, t: number, reading: MissReading, weights: readonly [number, number, number], maxWork: number): Float64Array | null {
  const p = iv.problem;
  const s = iv.state;
  const n = s.n;
  const dt = bfs(s, t);
  const ct = harmonicFromDistances(dt, t);
  const bAll = p.minBetweenness !== undefined ? betweenness(s) : null;
  const db = p.minBetweenness !== undefined ? Math.max(0, p.minBetweenness - bAll![t]!) : 0;
  const dc = p.minCloseness !== undefined ? Math.max(0, p.minCloseness - ct) : 0;
  const dd = p.minDegree !== undefined ? Math.max(0, p.minDegree - s.degree[t]!) / Math.max(1, n - 1) : 0;
  if (db === 0 && dc === 0 && dd === 0) return null;
  const work = n * (n + 2 * s.degree.reduce((a, d) => a + d, 0) / 2);
  if (dc > 0 && work > maxWork) throw new ConfigError(`crpd: the closeness bound needs a BFS per candidate (MISS), about ${work.toExponential(1)} visits here (the limit is ${maxWork.toExponential(1)})`);
  const [wb, wc, wd] = weights;
  return Float64Array.from({ length: n }, (_, u) => {
    if (u === t) return 0;
    const c = dc === 0 ? 0 : reading === 'centrality' ? harmonicFromDistances(bfs(s, u), u) : closenessAfterEdge(dt, bfs(s, u), t) - ct;
    const d = reading === 'centrality' ? s.degree[u]! / Math.max(1, n - 1) : 1 / Math.max(1, n - 1);
    return wb * db * (bAll ? bAll[u]! : 0) + wc * dc * c + wd * dd * d;
  });
}

interface Run {
  chosen: number[];
  /** per step: the candidates its choice made inadmissible */
  blocked: number[][];
}

/** The greedy from the state as it is (t's neighbours so far included), never choosing a banned node; ties by MISS score when given, else by degree. */
function greedy(iv: Intervention, t: number, budget: number, banned: Set<number>, miss: Float64Array | null = null): Run {
  const s = iv.state;
  const n = s.n;
  const gain = new Int32Array(n);
  s.forNeighbours(t, (x) => s.forNeighbours(x, (u) => gain[u]!++));
  const heap = new Heap<Entry>(before);
  const tie = (u: number): number => (miss ? -miss[u]! : s.degree[u]!);
  for (let u = 0; u < n; u++) if (u !== t && !banned.has(u) && !s.has(t, u)) heap.push({ gain: gain[u]!, tie: tie(u), u });
  const run: Run = { chosen: [], blocked: [] };
  const dropped = new Set<number>();
  while (run.chosen.length < budget && heap.size) {
    const top = heap.pop();
    if (dropped.has(top.u) || s.has(t, top.u)) continue;
    const g = s.common(t, top.u).length;
    if (g > top.gain) {
      heap.push({ ...top, gain: g });
      continue;
    }
    if (!iv.admissible(t, top.u)) {
      dropped.add(top.u);
      continue;
    }
    // stop where the best admissible candidate would raise LCC(t): every later one gains at least as much
    const eff = s.effect(t, top.u, 1);
    if (eff.after[0]! > s.lcc(t) + 1e-15) break;
    s.insert(t, top.u);
    run.chosen.push(top.u);
    const blocked: number[] = [];
    s.forNeighbours(top.u, (w) => {
      if (w !== t && !s.has(t, w) && !dropped.has(w) && !banned.has(w) && !iv.admissible(t, w)) {
        blocked.push(w);
        dropped.add(w);
      }
    });
    run.blocked.push(blocked);
  }
  return run;
}

export interface CrpdOptions {
  reselect?: boolean;
  maxReselections?: number;
  /** MISS's reading (default 'centrality'), its weights (betweenness, closeness, degree; the paper's example 0.33, 0.33, 0.34) and its work limit */
  miss?: MissReading;
  missWeights?: [number, number, number];
  maxWork?: number;
}

export function crpd(problem: InterventionProblem, options: CrpdOptions = {}): InterventionResult {
  const t0 = performance.now();
  if (problem.targets.length !== 1) throw new ConfigError(`crpd solves NILD-S, one target; ${problem.targets.length} given (use oisa or another method for a target set)`);
  const t = problem.targets[0]!;
  const iv = new Intervention(problem);
  const s = iv.state;
  const notes: string[] = [];
  const miss = missScores(iv, t, options.miss ?? 'centrality', options.missWeights ?? [0.33, 0.33, 0.34], options.maxWork ?? 5e8);
  if (miss) notes.push(`MISS (${options.miss ?? 'centrality'}) breaks ties: the target starts below a bound`);
  let best = greedy(iv, t, problem.budget, new Set(), miss);
  let bestLcc = s.lcc(t);
  const undo = (chosen: readonly number[], from: number): void => {
    for (let i = chosen.length - 1; i >= from; i--) s.remove(t, chosen[i]!);
  };
  let tried = 0;
  let improved = 0;
  const cap = options.maxReselections ?? 32;
  if (options.reselect ?? true) {
    for (let i = 0; i < best.chosen.length && tried < cap; i++) {
      const blocked = best.blocked[i]!;
      if (blocked.length === 0) continue;
      const alt = blocked.reduce((a, w) => (s.degree[w]! < s.degree[a]! || (s.degree[w] === s.degree[a] && w < a) ? w : a), blocked[0]!);
      tried++;
      const current = best;
      undo(current.chosen, i);
      let candidate: Run | null = null;
      if (iv.admissible(t, alt)) {
        s.insert(t, alt);
        const tail = greedy(iv, t, problem.budget - i - 1, new Set([current.chosen[i]!]), miss);
        candidate = { chosen: [...current.chosen.slice(0, i), alt, ...tail.chosen], blocked: [...current.blocked.slice(0, i), [], ...tail.blocked] };
      }
      if (candidate && s.lcc(t) < bestLcc - 1e-15) {
        best = candidate;
        bestLcc = s.lcc(t);
        improved++;
      } else {
        // back to the kept plan
        if (candidate) undo(candidate.chosen, i);
        for (let j = i; j < current.chosen.length; j++) s.insert(t, current.chosen[j]!);
      }
    }
    notes.push(`removed-node re-selection: ${tried} tried, ${improved} kept`);
  }
  return { method: 'crpd', added: best.chosen.map((u) => [t, u] as [number, number]), seconds: (performance.now() - t0) / 1000, notes };
}
