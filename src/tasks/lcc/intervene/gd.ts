/**
 * GD as a network-intervention baseline (Wilder et al., AAMAS 2018, greedy edge addition for
 * the dyad scenario; SEEDS-SPEC §3.4): each step adds the edge with the largest gain in an
 * influence score computed like PageRank. The score here is the targets' PageRank mass
 *   F = Σ_{v∈T} π_v,   π = α·A·D⁻¹·π + (α·Σ_{d_z=0} π_z + 1 − α)/n   (α = 0.85),
 * and, as every NILD method, the edge goes at the target holding the largest LCC now.
 *
 * The gain of every candidate (t, u) comes from one adjoint solve, the n2n way, instead of a
 * PageRank re-solve per candidate: with y = M⁻ᵀ·1_T (M = I − αP − (α/n)·1·1_danglingᵀ) and
 * s_z = Σ_{x∈N(z)} y_x, the exact derivative of F in the pair weight A_tu = A_ut is
 *   ∂F/∂A_tu = α·(y_t·π_u/d_u + y_u·π_t/d_t − π_t·s_t/d_t² − π_u·s_u/d_u²),
 * so GD ranks candidates by first-order gain. A node of degree 0 (the derivative does not exist
 * there: its column of P jumps from the uniform teleport to e_t) ranks last. π and y start each
 * step from the last step's values; both iterations contract by α, and a solve that does not
 * reach its tolerance in `maxIterations` is an error, never a silent answer.
 */
import { ConvergenceError } from '../../../util/errors.js';
import { snapshot, type Adjacency } from '../centrality.js';
import { stepwise, bestPartner } from './stepwise.js';
import type { InterventionProblem, InterventionResult } from './problem.js';

export interface GdOptions {
  alpha?: number;
  maxIterations?: number;
}

const TOL = 1e-12;

/** PageRank π (sums to 1), iterated from `start` to an L1 change ≤ 1e-12. */
export function pagerank(g: Adjacency, alpha: number, start: Float64Array | null, maxIterations: number): { pi: Float64Array; iterations: number } {
  const { n, rowPtr, colIdx } = g;
  let pi = start ? Float64Array.from(start) : new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  const share = new Float64Array(n);
  for (let it = 1; it <= maxIterations; it++) {
    let dangling = 0;
    for (let z = 0; z < n; z++) if (rowPtr[z] === rowPtr[z + 1]) dangling += pi[z]!;
    // π is symmetric-walk PageRank: next_x = Σ_{z∈N(x)} α·π_z/d_z + teleport
    const base = (alpha * dangling + 1 - alpha) / n;
    for (let z = 0; z < n; z++) {
      const d = rowPtr[z + 1]! - rowPtr[z]!;
      if (d) share[z] = (alpha * pi[z]!) / d;
    }
    let change = 0;
    for (let x = 0; x < n; x++) {
      let acc = base;
      for (let p = rowPtr[x]!; p < rowPtr[x + 1]!; p++) acc += share[colIdx[p]!]!;
      next[x] = acc;
      change += Math.abs(acc - pi[x]!);
    }
    [pi, next] = [next, pi];
    if (change <= TOL) return { pi, iterations: it };
  }
  throw new ConvergenceError(`gd: PageRank did not reach an L1 change of ${TOL} in ${maxIterations} iterations`);
}

/** The adjoint y = M⁻ᵀ·g of the PageRank system, iterated from `start` to a max change ≤ 1e-12·max|y|. */
export function pagerankAdjoint(g: Adjacency, alpha: number, weights: Float64Array, start: Float64Array | null, maxIterations: number): { y: Float64Array; iterations: number } {
  const { n, rowPtr, colIdx } = g;
  let y = start ? Float64Array.from(start) : Float64Array.from(weights);
  let next = new Float64Array(n);
  for (let it = 1; it <= maxIterations; it++) {
    let total = 0;
    for (let z = 0; z < n; z++) total += y[z]!;
    let change = 0;
    let size = 0;
    for (let z = 0; z < n; z++) {
      const d = rowPtr[z + 1]! - rowPtr[z]!;
      let v: number;
      if (d === 0) v = weights[z]! + (alpha * total) / n;
      else {
        let s = 0;
        for (let p = rowPtr[z]!; p < rowPtr[z + 1]!; p++) s += y[colIdx[p]!]!;
        v = weights[z]! + (alpha * s) / d;
      }
      next[z] = v;
      change = Math.max(change, Math.abs(v - y[z]!));
      size = Math.max(size, Math.abs(v));
    }
    [y, next] = [next, y];
    if (change <= TOL * size) return { y, iterations: it };
  }
  throw new ConvergenceError(`gd: the PageRank adjoint did not converge in ${maxIterations} iterations`);
}

/** ∂F/∂A_tu for every u (NaN where u has degree 0, or is t), F = weightsᵀπ. */
export function influenceGains(g: Adjacency, alpha: number, t: number, pi: Float64Array, y: Float64Array): Float64Array {
  const { n, rowPtr, colIdx } = g;
  const gain = new Float64Array(n).fill(Number.NaN);
  const s = (z: number): number => {
    let acc = 0;
    for (let p = rowPtr[z]!; p < rowPtr[z + 1]!; p++) acc += y[colIdx[p]!]!;
    return acc;
  };
  const degree = (z: number): number => rowPtr[z + 1]! - rowPtr[z]!;
  const dt = degree(t);
  if (dt === 0) return gain;
  const st = s(t);
  const fromT = pi[t]! / dt;
  const lossT = (pi[t]! * st) / (dt * dt);
  for (let u = 0; u < n; u++) {
    const du = degree(u);
    if (u === t || du === 0) continue;
    gain[u] = alpha * ((y[t]! * pi[u]!) / du + y[u]! * fromT - lossT - (pi[u]! * s(u)) / (du * du));
  }
  return gain;
}

export function gd(problem: InterventionProblem, options: GdOptions = {}): InterventionResult {
  const alpha = options.alpha ?? 0.85;
  const maxIterations = options.maxIterations ?? 5000;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`gd: α must lie in (0, 1), got ${alpha}`);
  const n = problem.graph.n;
  const weights = new Float64Array(n);
  for (const t of problem.targets) weights[t] = 1;
  let pi: Float64Array | null = null;
  let y: Float64Array | null = null;
  let iterations = 0;
  let solves = 0;
  const result = stepwise('gd', problem, (iv, t) => {
    const g = snapshot(iv.state);
    const p = pagerank(g, alpha, pi, maxIterations);
    const a = pagerankAdjoint(g, alpha, weights, y, maxIterations);
    [pi, y] = [p.pi, a.y];
    iterations += p.iterations + a.iterations;
    solves += 2;
    const gain = influenceGains(g, alpha, t, pi, y);
    return bestPartner(iv, t, (u) => [Number.isNaN(gain[u]!) ? Infinity : -gain[u]!, u]);
  });
  if (solves) result.notes.push(`${solves} PageRank and adjoint solves (α ${alpha}), ${iterations} iterations in all, each to its tolerance`);
  return result;
}
