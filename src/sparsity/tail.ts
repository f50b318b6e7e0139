/**
 * Tail projection T(x) onto the connected model (Hegde, Indyk, Schmidt, ICML 2015, PCSF-TAIL;
 * SEEDS-SPEC §1.2): a support S with ‖x − x_S‖ within a constant factor of the best in the
 * model. PCSF on (π, λc): first at λ₀ = π_min/(2C), taken when it costs ≤ 2C and collects every
 * prize; else a binary search over λ ∈ [0, 3Σπ] that returns the first forest with
 * 2C ≤ c(F) ≤ νC (ν = 2.5), moving towards larger λ (smaller forests) while c(F) ≥ νC, until
 * the interval is below π_min·min(½, 1/ν)/C; then the forest at the interval's large end. The
 * interval is first narrowed by geometric steps (same invariant, fewer PCSF runs).
 */
import { pcsf } from './pcsf.js';
import { heaviest, modelCosts, prizesOf, type ConnectedModel, type Projection } from './connected-model.js';

export interface TailOptions {
  nu?: number;
  maxIter?: number;
  errTol?: number;
}

export function tailProjection(model: ConnectedModel, x: Float64Array, options: TailOptions = {}): Projection {
  const nu = options.nu ?? 2.5;
  const maxIter = options.maxIter ?? 50;
  const { graph } = model;
  if (x.length !== graph.n) throw new RangeError(`tail projection: x has ${x.length} entries for ${graph.n} nodes`);
  if (!(nu > 2)) throw new RangeError(`tail projection: ν must exceed 2 (the accepted costs are 2C..νC), got ${nu}`);
  const { costs, C, g } = modelCosts(model);
  const { prizes, total, min } = prizesOf(x, options.errTol ?? 1e-6);
  const finish = (f: ReturnType<typeof pcsf>, calls: number, converged: boolean): Projection => {
    let cost = 0;
    for (const e of f.edges) cost += costs[e]!;
    return { support: f.nodes, edges: f.edges, cost, budgetC: C, prize: f.prize, totalPrize: total, pcsfCalls: calls, converged };
  };
  if (total === 0) return { support: new Int32Array(0), edges: new Int32Array(0), cost: 0, budgetC: C, prize: 0, totalPrize: 0, pcsfCalls: 0, converged: true };
  if (C === 0) {
    const nodes = heaviest(prizes, g);
    return { support: nodes, edges: new Int32Array(0), cost: 0, budgetC: 0, prize: nodes.reduce((a, v) => a + prizes[v]!, 0), totalPrize: total, pcsfCalls: 0, converged: true };
  }
  const run = (lambda: number) => {
    const f = pcsf(graph, prizes, costs.map((c) => c * lambda), g);
    let cost = 0;
    for (const e of f.edges) cost += costs[e]!;
    return { f, cost };
  };
  let calls = 1;
  const first = run(min / (2 * C));
  if (first.cost <= 2 * C && first.f.prize >= total * (1 - 1e-12)) return finish(first.f, calls, true);
  let lambdaR = 0;
  let lambdaL = 3 * total;
  const tol = (min * Math.min(0.5, 1 / nu)) / C;
  let converged = true;
  // geometric steps first, from the scale at which a typical prize pays for an edge (λ spans many
  // orders of magnitude); then halving [λ_r, λ_l] as the paper does
  let guess = Math.min(lambdaL / 2, Math.max(min, total / x.length));
  while ((lambdaR === 0 || lambdaL / lambdaR > 4) && lambdaL - lambdaR > tol && calls < maxIter) {
    const r = run(guess);
    calls++;
    if (r.cost >= 2 * C && r.cost <= nu * C) return finish(r.f, calls, true);
    if (r.cost >= nu * C) lambdaR = guess;
    else lambdaL = guess;
    guess = lambdaR === 0 ? lambdaL / 8 : Math.sqrt(lambdaL * lambdaR);
  }
  while (lambdaL - lambdaR > tol) {
    if (calls >= maxIter) {
      converged = false;
      break;
    }
    const mid = (lambdaL + lambdaR) / 2;
    const r = run(mid);
    calls++;
    if (r.cost >= 2 * C && r.cost <= nu * C) return finish(r.f, calls, true);
    if (r.cost >= nu * C) lambdaR = mid;
    else lambdaL = mid;
  }
  calls++;
  return finish(run(lambdaL).f, calls, converged);
}
