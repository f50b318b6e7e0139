/**
 * OISA for NILD-M (a target set; SEEDS-SPEC §3.4, reconstructed from the paper's prose): try
 * target levels ℓ from the lowest up and keep the first one the budget reaches.
 * - Levels: ℓ_j = j / C(d*, 2), d* the largest degree among the |T| nodes of highest LCC,
 *   below the targets' largest LCC now.
 * - Expected-objective-reaching exploration (EORE): target v needs at least
 *   p_v(ℓ) = max(0, ⌈(1 + √(1 + 8e_v/ℓ))/2⌉ − d_v, δ_d − d_v) new edges (the best case: they
 *   close no triangle), and one edge serves at most two targets, so a level with
 *   ⌈Σ_v p_v(ℓ)/2⌉ above the budget is skipped without a run.
 * - Poor-optionality-first (PONF) at a level: while some target is above ℓ, take the target
 *   with the largest LCC (ties: the fewest options, i.e. admissible partners at two hops plus
 *   the nodes farther than two hops, counted once at the start), and connect it to an
 *   admissible partner that lowers its LCC: one closing no triangle first, then the largest
 *   LCC (a clustered partner is lowered too); abort the level when the targets need more
 *   edges (EORE) than the budget has left. The budget left after the first level reached keeps
 *   lowering the largest target LCC.
 */
import { lccOf } from '../engine.js';
import { Intervention, type InterventionProblem, type InterventionResult } from './problem.js';

/** Edges v needs at least to reach LCC ≤ ℓ (no triangle closed), and the degree bound. */
export function edgesNeeded(e: number, d: number, level: number, minDegree = 0): number {
  const byLcc = e === 0 ? 0 : level <= 0 ? Infinity : Math.max(0, Math.ceil((1 + Math.sqrt(1 + (8 * e) / level)) / 2) - d);
  return Math.max(byLcc, minDegree - d, 0);
}

export function oisa(problem: InterventionProblem): InterventionResult {
  const t0 = performance.now();
  const iv = new Intervention(problem);
  const s = iv.state;
  const n = s.n;
  const targets = Array.from(problem.targets);
  const budget = problem.budget;
  const notes: string[] = [];
  const start = iv.worstTarget().lcc;
  // d*: the largest degree among the |T| nodes of highest LCC
  const byLcc = Int32Array.from({ length: n }, (_, v) => v).sort((a, b) => s.lcc(b) - s.lcc(a) || a - b);
  let dStar = 2;
  for (let i = 0; i < Math.min(targets.length, n); i++) dStar = Math.max(dStar, s.degree[byLcc[i]!]!);
  const step = 1 / ((dStar * (dStar - 1)) / 2);
  const levels: number[] = [];
  for (let j = 0; j * step < start - 1e-12; j++) levels.push(j * step);
  // options per target: nodes beyond two hops plus admissible ones at two hops (ties of PONF go to the poorest)
  const options = new Map<number, number>();
  for (const v of targets) {
    const ball = new Set<number>([v]);
    s.forNeighbours(v, (x) => {
      ball.add(x);
      s.forNeighbours(x, (y) => ball.add(y));
    });
    let two = 0;
    for (const y of ball) if (y !== v && !s.has(v, y) && iv.admissible(v, y)) two++;
    options.set(v, n - ball.size + two);
  }
  let tried = 0;
  let skipped = 0;
  for (const level of levels) {
    const kMin = Math.ceil(targets.reduce((acc, v) => acc + edgesNeeded(s.triangles[v]!, s.degree[v]!, level, problem.minDegree), 0) / 2);
    if (kMin > budget) {
      skipped++;
      continue;
    }
    tried++;
    const added = ponf(iv, targets, level, budget, options);
    if (added) {
      notes.push(`level ${level.toPrecision(4)} reached with ${added.length} edges (levels of 1/C(${dStar}, 2): ${skipped} skipped by EORE, ${tried} tried)`);
      // the budget left keeps lowering the largest target LCC (each step lowers it or stops)
      const more = ponf(iv, targets, 0, budget - added.length, options, true) ?? [];
      if (more.length) notes.push(`${more.length} more edges from the budget left lower it to ${iv.worstTarget().lcc.toPrecision(4)}`);
      return { method: 'oisa', added: [...added, ...more], seconds: (performance.now() - t0) / 1000, notes };
    }
  }
  // no level below the start: spend the budget at the start level's greedy (lowers what it can)
  notes.push(`no level below ${start.toPrecision(4)} reached within ${budget} edges (${skipped} skipped by EORE, ${tried} tried); the best effort at the lowest tried level is returned`);
  const added = ponf(iv, targets, levels[levels.length - 1] ?? start, budget, options, true) ?? [];
  return { method: 'oisa', added, seconds: (performance.now() - t0) / 1000, notes };
}

/**
 * PONF at `level`: the edges, or null when the level cannot be reached (the state is left as
 * it was). With `bestEffort`, stop where no target can be lowered and keep the edges.
 */
function ponf(iv: Intervention, targets: number[], level: number, budget: number, options: Map<number, number>, bestEffort = false): [number, number][] | null {
  const s = iv.state;
  const added: [number, number][] = [];
  const undo = (): void => {
    for (const [a, b] of added) s.remove(a, b);
  };
  const minDegree = iv.problem.minDegree ?? 0;
  const above = (v: number): boolean => s.lcc(v) > level + 1e-12 || s.degree[v]! < minDegree;
  while (added.length < budget) {
    let v = -1;
    for (const t of targets) {
      if (!above(t)) continue;
      if (v < 0 || s.lcc(t) > s.lcc(v) || (s.lcc(t) === s.lcc(v) && options.get(t)! < options.get(v)!)) v = t;
    }
    if (v < 0) return added;
    // EORE on what is left
    let need = 0;
    for (const t of targets) if (above(t)) need += edgesNeeded(s.triangles[t]!, s.degree[t]!, level, minDegree);
    if (Math.ceil(need / 2) > budget - added.length && !bestEffort) {
      undo();
      return null;
    }
    const u = partner(iv, v);
    if (u < 0) {
      if (bestEffort) return added;
      undo();
      return null;
    }
    s.insert(v, u);
    added.push([v, u]);
  }
  if (targets.some(above) && !bestEffort) {
    undo();
    return null;
  }
  return added;
}

/**
 * The partner of v: among admissible nodes whose edge lowers LCC(v), those closing no triangle
 * at v (three or more hops away: the option set's main part) first, then the largest LCC
 * (a clustered partner is lowered too), then the smaller index; −1 if none.
 */
function partner(iv: Intervention, v: number): number {
  const s = iv.state;
  const now = s.lcc(v);
  let best = -1;
  let bestKey: [number, number] = [Infinity, -1];
  for (let u = 0; u < s.n; u++) {
    if (u === v || s.has(v, u)) continue;
    const l = s.lcc(u);
    // cheap bound first: a node with common neighbours only competes if no triangle-free one is found
    if (bestKey[0] === 0 && l <= bestKey[1]) continue;
    const cn = s.common(v, u).length;
    const key: [number, number] = [cn > 0 ? 1 : 0, l];
    if (key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] <= bestKey[1])) continue;
    // the edge must lower v's clustering (a degree bound may still need it when LCC is 0)
    if (now > 0 && lccOf(s.triangles[v]! + cn, s.degree[v]! + 1) >= now) continue;
    if (!iv.admissible(v, u)) continue;
    [best, bestKey] = [u, key];
  }
  return best;
}
