/**
 * OISA for NILD-M (a target set; SEEDS-SPEC §3.4, reconstructed from the paper's prose): find
 * the lowest target level ℓ the budget reaches (by bisection over the levels EORE leaves).
 * - Levels: ℓ_j = j / C(d*, 2), d* the largest degree among the |T| nodes of highest LCC,
 *   below the targets' largest LCC now.
 * - Expected-objective-reaching exploration (EORE): target v needs at least
 *   p_v(ℓ) = max(0, ⌈(1 + √(1 + 8e_v/ℓ))/2⌉ − d_v, δ_d − d_v) new edges (the best case: they
 *   close no triangle), and one edge serves at most two targets, so a level with
 *   ⌈Σ_v p_v(ℓ)/2⌉ above the budget is skipped without a run.
 * - Poor-optionality-first (PONF) at a level: while some target is above ℓ, take the target
 *   with the largest LCC (ties: the fewest options, the nodes farther than two hops, counted
 *   once at the start) and connect it to a partner that lowers its LCC: another target still
 *   above ℓ whose edge closes no triangle first (one edge lowers two targets, as EORE's bound
 *   counts on), else an admissible node by the partner rule (below); abort the level when the
 *   targets need more edges (EORE) than the budget has left. The budget left after the first
 *   level reached keeps lowering the largest target LCC.
 * - Partner rules (the paper's argmax LCC over the option set O(v) reads two ways): the
 *   largest LCC among nodes closing no triangle at v first, or the largest LCC over all of O(v).
 *   OISA runs the level search with each and keeps the plan with the lower largest target LCC.
 */
import { lccOf } from '../engine.js';
import { Heap } from '../../../util/heap.js';
import { Intervention, type InterventionProblem, type InterventionResult } from './problem.js';

/** Edges v needs at least to reach LCC ≤ ℓ (no triangle closed), and the degree bound. */
export function edgesNeeded(e: number, d: number, level: number, minDegree = 0): number {
  const byLcc = e === 0 ? 0 : level <= 0 ? Infinity : Math.max(0, Math.ceil((1 + Math.sqrt(1 + (8 * e) / level)) / 2) - d);
  return Math.max(byLcc, minDegree - d, 0);
}

/** How PONF picks a target's partner (see `partner`); OISA runs both and keeps the lower plan. */
export type PartnerRule = 'triangle-free-first' | 'largest-lcc';

export interface OisaOptions {
  /** default: both, the plan with the lower largest target LCC kept (ties: fewer edges, then triangle-free-first) */
  partners?: PartnerRule | 'both';
}

export function oisa(problem: InterventionProblem, options: OisaOptions = {}): InterventionResult {
  const t0 = performance.now();
  const iv = new Intervention(problem);
  const rules: PartnerRule[] = options.partners === undefined || options.partners === 'both' ? ['triangle-free-first', 'largest-lcc'] : [options.partners];
  let best: { rule: PartnerRule; added: [number, number][]; notes: string[]; f: number } | null = null;
  for (const rule of rules) {
    const run = search(iv, rule);
    const f = iv.worstTarget().lcc;
    for (let j = run.added.length - 1; j >= 0; j--) iv.state.remove(run.added[j]![0], run.added[j]![1]);
    if (best === null || f < best.f - 1e-12 || (Math.abs(f - best.f) <= 1e-12 && run.added.length < best.added.length)) best = { rule, ...run, f };
  }
  const notes = best!.notes.map((note) => (rules.length > 1 ? `${best!.rule} partners: ${note}` : note));
  if (rules.length > 1) notes.push(`partner rules tried: ${rules.join(', ')}; kept ${best!.rule} (largest target LCC ${best!.f.toPrecision(4)})`);
  return { method: 'oisa', added: best!.added, seconds: (performance.now() - t0) / 1000, notes };
}

/** The level search with one partner rule; its edges are left inserted in iv.state. */
function search(iv: Intervention, rule: PartnerRule): { added: [number, number][]; notes: string[] } {
  const problem = iv.problem;
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
  // options per target (PONF's tie-break, poorest first): the nodes beyond two hops, counted once at the start
  const options = new Map<number, number>();
  for (const v of targets) {
    const ball = new Set<number>([v]);
    s.forNeighbours(v, (x) => {
      ball.add(x);
      s.forNeighbours(x, (y) => ball.add(y));
    });
    options.set(v, n - ball.size);
  }
  // EORE: the levels the budget can reach at all (the bound falls as the level rises)
  const reachable = levels.filter((level) => Math.ceil(targets.reduce((acc, v) => acc + edgesNeeded(s.triangles[v]!, s.degree[v]!, level, problem.minDegree), 0) / 2) <= budget);
  const skipped = levels.length - reachable.length;
  // the lowest level PONF reaches, by bisection (a higher level is no harder to reach)
  let tried = 0;
  const probe = (i: number): boolean => {
    tried++;
    const added = ponf(iv, targets, reachable[i]!, budget, options, byLcc, rule);
    if (!added) return false;
    for (let j = added.length - 1; j >= 0; j--) s.remove(added[j]![0], added[j]![1]);
    return true;
  };
  let lo = 0;
  let hi = reachable.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (probe(mid)) [found, hi] = [mid, mid - 1];
    else lo = mid + 1;
  }
  if (found >= 0) {
    const level = reachable[found]!;
    const added = ponf(iv, targets, level, budget, options, byLcc, rule)!;
    notes.push(`level ${level.toPrecision(4)} reached with ${added.length} edges (levels of 1/C(${dStar}, 2): ${skipped} of ${levels.length} out of reach by EORE, ${tried} tried by bisection)`);
    // the budget left keeps lowering the largest target LCC (each step lowers it or stops)
    const more = ponf(iv, targets, 0, budget - added.length, options, byLcc, rule, true) ?? [];
    if (more.length) notes.push(`${more.length} more edges from the budget left lower it to ${iv.worstTarget().lcc.toPrecision(4)}`);
    return { added: [...added, ...more], notes };
  }
  notes.push(`no level below ${start.toPrecision(4)} reached within ${budget} edges (${skipped} of ${levels.length} out of reach by EORE, ${tried} tried); the best effort is returned`);
  const added = ponf(iv, targets, 0, budget, options, byLcc, rule, true) ?? [];
  return { added, notes };
}

/**
 * PONF at `level`: the edges, or null when the level cannot be reached (the state is left as
 * it was). With `bestEffort`, stop where the budget ends or the largest target cannot be
 * lowered, and keep the edges. Targets come off a heap (largest LCC, then fewest options);
 * partners off a heap of all nodes by LCC; the EORE bound is kept up to date for the targets
 * each edge touches.
 */
function ponf(iv: Intervention, targets: number[], level: number, budget: number, options: Map<number, number>, byLcc: Int32Array, rule: PartnerRule, bestEffort = false): [number, number][] | null {
  const s = iv.state;
  const added: [number, number][] = [];
  const undo = (): void => {
    for (let i = added.length - 1; i >= 0; i--) s.remove(added[i]![0], added[i]![1]);
  };
  const minDegree = iv.problem.minDegree ?? 0;
  const above = (v: number): boolean => s.lcc(v) > level + 1e-12 || s.degree[v]! < minDegree;
  const needOf = (v: number): number => (above(v) ? edgesNeeded(s.triangles[v]!, s.degree[v]!, level, minDegree) : 0);
  const need = new Map<number, number>();
  let totalNeed = 0;
  for (const v of targets) {
    const p = needOf(v);
    need.set(v, p);
    totalNeed += p;
  }
  type T = { v: number; lcc: number };
  const tq = new Heap<T>((a, b) => a.lcc > b.lcc || (a.lcc === b.lcc && (options.get(a.v)! < options.get(b.v)! || (options.get(a.v) === options.get(b.v) && a.v < b.v))));
  for (const v of targets) if (above(v)) tq.push({ v, lcc: s.lcc(v) });
  // partners: every node by LCC, largest first (lazy: an entry whose LCC moved is pushed again)
  type P = { u: number; lcc: number };
  const pq = new Heap<P>((a, b) => a.lcc > b.lcc || (a.lcc === b.lcc && a.u < b.u));
  for (const u of byLcc) pq.push({ u, lcc: s.lcc(u) });
  // the targets as partners, by LCC (an edge between two targets above the level serves both)
  const tpq = new Heap<P>((a, b) => a.lcc > b.lcc || (a.lcc === b.lcc && a.u < b.u));
  for (const v of targets) tpq.push({ u: v, lcc: s.lcc(v) });
  const touched = (nodes: Iterable<number>): void => {
    for (const x of nodes) {
      const l = s.lcc(x);
      pq.push({ u: x, lcc: l });
      if (need.has(x)) {
        tpq.push({ u: x, lcc: l });
        const p = needOf(x);
        totalNeed += p - need.get(x)!;
        need.set(x, p);
        if (above(x)) tq.push({ v: x, lcc: l });
      }
    }
  };
  while (added.length < budget) {
    // the target with the largest LCC still above the level (stale entries skipped)
    let v = -1;
    while (tq.size) {
      const top = tq.pop();
      if (top.lcc === s.lcc(top.v) && above(top.v)) {
        v = top.v;
        break;
      }
    }
    if (v < 0) return added;
    if (!bestEffort && Math.ceil(totalNeed / 2) > budget - added.length) {
      undo();
      return null;
    }
    let u = targetPartner(iv, v, tpq, above, level, minDegree > 0);
    if (u < 0) u = partner(iv, v, pq, rule);
    if (u < 0) {
      if (bestEffort) return added;
      undo();
      return null;
    }
    const eff = s.effect(v, u, 1);
    s.insert(v, u);
    added.push([v, u]);
    touched(eff.nodes);
    if (above(v) && !need.has(v)) tq.push({ v, lcc: s.lcc(v) });
  }
  if (!bestEffort && targets.some(above)) {
    undo();
    return null;
  }
  return added;
}

/**
 * Another target still above the level whose edge to v closes no triangle (the largest LCC
 * first; ties: the smaller index), or −1: one edge then lowers two targets, as EORE's bound
 * (one edge serves at most two targets) counts on. Such an edge lowers both ends and changes
 * no one else, so it is always admissible. Entries popped and passed over go back.
 */
function targetPartner(iv: Intervention, v: number, tpq: Heap<{ u: number; lcc: number }>, above: (x: number) => boolean, level: number, degreeBound: boolean): number {
  const s = iv.state;
  const aside: { u: number; lcc: number }[] = [];
  let found = -1;
  while (tpq.size) {
    const e = tpq.pop();
    if (e.lcc !== s.lcc(e.u)) continue; // stale
    aside.push(e);
    if (e.lcc <= level + 1e-12 && !degreeBound) break; // the rest are at or below the level
    const u = e.u;
    if (u === v || !above(u) || s.has(v, u) || s.common(v, u).length > 0) continue;
    found = u;
    break;
  }
  for (const e of aside) tpq.push(e);
  return found;
}

/**
 * The partner of v, among admissible nodes whose edge lowers LCC(v) (ties: the smaller index);
 * −1 if none. Nodes popped and passed over go back.
 * - triangle-free-first: the largest LCC (a clustered partner is lowered too) among the nodes
 *   whose edge closes no triangle at v (three or more hops away, the option set's main part);
 *   failing that, the largest LCC among those closing triangles;
 * - largest-lcc: the largest LCC over the whole option set (SEEDS-SPEC §3.4's argmax over O(v),
 *   two-hop nodes included), which can lower two clustered targets with one edge.
 */
function partner(iv: Intervention, v: number, pq: Heap<{ u: number; lcc: number }>, rule: PartnerRule): number {
  const s = iv.state;
  const now = s.lcc(v);
  const aside: { u: number; lcc: number }[] = [];
  let fallback = -1;
  let found = -1;
  while (pq.size) {
    const e = pq.pop();
    if (e.lcc !== s.lcc(e.u)) continue; // stale: its current entry is elsewhere in the heap
    aside.push(e);
    const u = e.u;
    if (u === v || s.has(v, u)) continue;
    const cn = s.common(v, u).length;
    if (cn > 0 && rule === 'largest-lcc') {
      if ((now === 0 || lccOf(s.triangles[v]! + cn, s.degree[v]! + 1) < now) && iv.admissible(v, u)) {
        found = u;
        break;
      }
      continue;
    }
    if (cn > 0) {
      if (fallback < 0 && (now === 0 || lccOf(s.triangles[v]! + cn, s.degree[v]! + 1) < now) && iv.admissible(v, u)) fallback = u;
      continue;
    }
    if (iv.admissible(v, u)) {
      found = u;
      break;
    }
  }
  for (const e of aside) pq.push(e);
  return found >= 0 ? found : fallback;
}
