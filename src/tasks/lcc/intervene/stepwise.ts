/**
 * The step loop the greedy baselines share: one edge a step at the target holding the largest
 * LCC now (ties: the earliest target), while the budget lasts and the method finds an
 * admissible partner (the ε rule).
 */
import { Intervention, type InterventionProblem, type InterventionResult } from './problem.js';

export type Pick = (iv: Intervention, t: number) => number | null;

export function stepwise(method: string, problem: InterventionProblem, pick: Pick): InterventionResult {
  const t0 = performance.now();
  const iv = new Intervention(problem);
  const added: [number, number][] = [];
  const notes: string[] = [];
  while (added.length < problem.budget) {
    const { target, lcc } = iv.worstTarget();
    if (lcc === 0) {
      notes.push('every target is at LCC 0');
      break;
    }
    const u = pick(iv, target);
    if (u === null) {
      notes.push(`no admissible edge left at target ${problem.graph.labels[target]} after ${added.length} edges`);
      break;
    }
    iv.state.insert(target, u);
    added.push([target, u]);
  }
  return { method, added, seconds: (performance.now() - t0) / 1000, notes };
}

/** The admissible partner of t minimising `key` (a tuple compared in order), or null. */
export function bestPartner(iv: Intervention, t: number, key: (u: number) => number[]): number | null {
  let arg: number | null = null;
  let bestKey: number[] = [];
  for (let u = 0; u < iv.state.n; u++) {
    if (u === t || iv.state.has(t, u)) continue;
    const k = key(u);
    let better = arg === null;
    for (let i = 0; !better && i < k.length; i++) {
      if (k[i]! < bestKey[i]!) better = true;
      else if (k[i]! > bestKey[i]!) break;
    }
    if (better && iv.admissible(t, u)) [arg, bestKey] = [u, k];
  }
  return arg;
}

