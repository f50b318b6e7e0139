/**
 * Intervention baselines and exhaustive search (SEEDS-SPEC §3.4), for one target or a set;
 * each adds one edge a step, at the target holding the largest LCC now (ties: the earliest
 * target), while the budget lasts and an admissible edge (the ε rule) exists:
 * - bum: to the admissible node with the largest LCC (it lowers both ends);
 * - sim: to the admissible node farthest from the target (unreachable first, then hops);
 * - tea (Crescenzi et al. 2016, as a NILD baseline): to the admissible node that raises the
 *   target's harmonic closeness most (exact: one BFS per candidate, so refused above
 *   `maxWork` node-edge visits per step);
 * - n2n: to the partner the derivative network ranks first, the most negative
 *   B(t, u) = ∂f/∂A_tu. B(t, u) = 2·cn(t, u)/(d(d − 1)) − 2e(2d − 1)/(d(d − 1))², so it is
 *   smallest for the fewest common neighbours; ties to the smallest degree, then index;
 * - enum: every set of at most `budget` admissible edges from the targets, the lowest largest
 *   target LCC (then the fewest edges); refused above `maxSets` sets.
 */
import { ConfigError } from '../../../util/errors.js';
import { bfs, closenessAfterEdge, harmonicFromDistances } from '../centrality.js';
import { Intervention, type InterventionProblem, type InterventionResult } from './problem.js';
import { bestPartner as best, stepwise } from './stepwise.js';

export const bum = (problem: InterventionProblem): InterventionResult => stepwise('bum', problem, (iv, t) => best(iv, t, (u) => [-iv.state.lcc(u), u]));

export const sim = (problem: InterventionProblem): InterventionResult =>
  stepwise('sim', problem, (iv, t) => {
    const d = bfs(iv.state, t);
    return best(iv, t, (u) => [d[u]! < 0 ? -Infinity : -d[u]!, u]);
  });

export const n2nGreedy = (problem: InterventionProblem): InterventionResult =>
  stepwise('n2n', problem, (iv, t) => {
    // cn(t, u) for every u in one pass over t's two-hop ball; B(t, u) is increasing in it
    const cn = new Int32Array(iv.state.n);
    iv.state.forNeighbours(t, (x) => iv.state.forNeighbours(x, (u) => cn[u]!++));
    return best(iv, t, (u) => [cn[u]!, iv.state.degree[u]!, u]);
  });

export function tea(problem: InterventionProblem, maxWork = 5e8): InterventionResult {
  const { graph } = problem;
  const work = graph.n * (graph.n + graph.edges.src.length);
  if (work > maxWork) throw new ConfigError(`tea: one step runs a BFS from every candidate, about ${work.toExponential(1)} node and edge visits here (the limit is ${maxWork.toExponential(1)}); use it on smaller graphs`);
  return stepwise('tea', problem, (iv, t) => {
    const dt = bfs(iv.state, t);
    const now = harmonicFromDistances(dt, t);
    // the largest closeness after the edge (ties: the smaller index); admissibility tested only for a new best
    return best(iv, t, (u) => [-(closenessAfterEdge(dt, bfs(iv.state, u), t) - now), u]);
  });
}

export function enumerate(problem: InterventionProblem, maxSets = 2_000_000): InterventionResult {
  const t0 = performance.now();
  const iv = new Intervention(problem);
  const s = iv.state;
  const pairs: [number, number][] = [];
  const seen = new Set<number>();
  for (const t of problem.targets) {
    for (let u = 0; u < s.n; u++) {
      const key = t < u ? t * s.n + u : u * s.n + t;
      if (u !== t && !s.has(t, u) && !seen.has(key)) (pairs.push([t, u]), seen.add(key));
    }
  }
  // sets of at most `budget` pairs: Σ_j C(P, j)
  let total = 0;
  let c = 1;
  for (let j = 1; j <= Math.min(problem.budget, pairs.length); j++) {
    c = (c * (pairs.length - j + 1)) / j;
    total += c;
    if (total > maxSets) throw new ConfigError(`enum: ${pairs.length} candidate edges and a budget of ${problem.budget} make more than ${maxSets.toLocaleString('en')} sets; exhaustive search is for small cases`);
  }
  const f = (): number => problem.targets.reduce((m, t) => Math.max(m, s.lcc(t)), 0);
  let bestF = f();
  let bestSet: [number, number][] = [];
  const chosen: [number, number][] = [];
  // depth-first over index-increasing sets; the ε rule is checked on each whole set (an endpoint's LCC can fall again as it gains edges, so no pruning)
  const visit = (from: number): void => {
    for (let i = from; i < pairs.length; i++) {
      const [a, b] = pairs[i]!;
      s.insert(a, b);
      chosen.push([a, b]);
      if (allWithinEpsilon(iv, chosen)) {
        const v = f();
        if (v < bestF - 1e-15 || (Math.abs(v - bestF) <= 1e-15 && chosen.length < bestSet.length)) [bestF, bestSet] = [v, chosen.map((p) => [...p] as [number, number])];
      }
      if (chosen.length < problem.budget) visit(i + 1);
      chosen.pop();
      s.remove(a, b);
    }
  };
  visit(0);
  return { method: 'enum', added: bestSet, seconds: (performance.now() - t0) / 1000, notes: [`${pairs.length} candidate edges, sets of at most ${problem.budget}`] };
}

/** Every node an added edge touched is within ε of its input LCC (the order of additions does not matter for the final graph). */
function allWithinEpsilon(iv: Intervention, chosen: readonly [number, number][]): boolean {
  const s = iv.state;
  const eps = iv.problem.epsilon + 1e-12;
  for (const [a, b] of chosen) {
    for (const v of [a, b]) {
      if (s.lcc(v) - iv.base[v]! > eps) return false;
      let ok = true;
      s.forNeighbours(v, (x) => {
        if (s.lcc(x) - iv.base[x]! > eps) ok = false;
      });
      if (!ok) return false;
    }
  }
  return true;
}
