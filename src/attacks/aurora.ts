/**
 * Aurora (Kang et al., KDD 2018): PageRank auditing. PageRank r = c·W r + (1 − c)·e with W
 * the column-stochastic transition matrix (an edge u→v of weight w puts w/d_out(u) in
 * W(v, u); undirected edges go both ways, d = degree; a node without out-edges leaks its
 * mass) and e = 1/n. For f = ‖r‖², with x = 2c·(I − cW)⁻ᵀ r,
 *
 *   ∂f/∂W(v, u) = x_v · r_u,
 *
 * the score of edge u→v (the SPEC writes it x_u·r_v with W indexed the other way round);
 * undirected: x_v r_u + x_u r_v. Both r and x come from fixed-point iterations whose
 * contraction factor is c, run to an ℓ1 change below `tol`. The greedy variant (the pipeline's
 * `greedy: true`) re-computes r and x after every removal.
 */
import { numberOption, type EdgeScorer } from './attack.js';
import type { EdgeView } from '../graph/edge-view.js';
import { ConfigError } from '../util/errors.js';
import type { SolverReport } from '../tasks/task.js';

export interface AuroraOptions {
  /** damping factor c (default 0.85) */
  damping: number;
}

export interface PageRankAudit {
  r: Float64Array;
  x: Float64Array;
  report: SolverReport;
}

/** W's entry for each element: W(dst, src) = w/d_out(src); `back` = W(src, dst) = w/d(dst) when undirected. */
function transition(view: EdgeView): { fwd: Float64Array; back: Float64Array | null } {
  const { src, dst, weight } = view;
  const m = src.length;
  const out = new Float64Array(view.n);
  for (let e = 0; e < m; e++) {
    out[src[e]!]! += weight[e]!;
    if (!view.directed && src[e] !== dst[e]) out[dst[e]!]! += weight[e]!;
  }
  const fwd = new Float64Array(m);
  const back = view.directed ? null : new Float64Array(m);
  for (let e = 0; e < m; e++) {
    fwd[e] = weight[e]! / out[src[e]!]!;
    if (back) back[e] = src[e] === dst[e] ? 0 : weight[e]! / out[dst[e]!]!;
  }
  return { fwd, back };
}

/** Iterate y ← c·(W or Wᵀ)·y + b to an ℓ1 change ≤ tol. */
function fixedPoint(view: EdgeView, T: { fwd: Float64Array; back: Float64Array | null }, c: number, b: Float64Array, transpose: boolean, tol: number, maxIterations: number) {
  const { src, dst } = view;
  const { fwd, back } = T;
  let y = Float64Array.from(b);
  let next = new Float64Array(view.n);
  let change = Infinity;
  let it = 0;
  while (it < maxIterations && change > tol) {
    next.set(b);
    for (let e = 0; e < src.length; e++) {
      const s = src[e]!;
      const t = dst[e]!;
      if (transpose) {
        next[s]! += c * fwd[e]! * y[t]!;
        if (back) next[t]! += c * back[e]! * y[s]!;
      } else {
        next[t]! += c * fwd[e]! * y[s]!;
        if (back) next[s]! += c * back[e]! * y[t]!;
      }
    }
    change = 0;
    for (let i = 0; i < y.length; i++) change += Math.abs(next[i]! - y[i]!);
    [y, next] = [next, y];
    it++;
  }
  return { y, iterations: it, change };
}

export function pagerankAudit(view: EdgeView, damping = 0.85, tol = 1e-13, maxIterations = 10_000): PageRankAudit {
  if (!(damping > 0 && damping < 1)) throw new ConfigError(`aurora: damping must lie in (0, 1), got ${damping}`);
  const T = transition(view);
  const teleport = new Float64Array(view.n).fill((1 - damping) / view.n);
  const pr = fixedPoint(view, T, damping, teleport, false, tol, maxIterations);
  const rhs = new Float64Array(view.n);
  for (let i = 0; i < rhs.length; i++) rhs[i] = 2 * damping * pr.y[i]!;
  const adj = fixedPoint(view, T, damping, rhs, true, tol, maxIterations);
  return {
    r: pr.y,
    x: adj.y,
    report: {
      solver: 'PageRank and adjoint fixed-point iteration',
      precision: 'float64',
      iterations: pr.iterations + adj.iterations,
      converged: pr.change <= tol && adj.change <= tol,
      residual: Math.max(pr.change, adj.change),
    },
  };
}

/** x_v r_u (+ x_u r_v undirected) for every edge u→v. */
export function auroraScores(view: EdgeView, audit: PageRankAudit): Float64Array {
  const { r, x } = audit;
  const out = new Float64Array(view.src.length);
  for (let e = 0; e < out.length; e++) {
    const u = view.src[e]!;
    const v = view.dst[e]!;
    out[e] = x[v]! * r[u]! + (view.directed || u === v ? 0 : x[u]! * r[v]!);
  }
  return out;
}

export const auroraScorer: EdgeScorer<AuroraOptions> = {
  name: 'aurora',
  description: 'PageRank auditing: ∂‖r‖²/∂W = x_v·r_u, x = 2c(I − cW)⁻ᵀr',
  dependsOn: 'graph',
  greedy: true,
  optionKeys: ['damping'],
  parseOptions: (raw) => ({ damping: numberOption('aurora', raw, 'damping', 0.85, (v) => v > 0 && v < 1, 'a number in (0, 1)') }),
  label: (o) => (o.damping === 0.85 ? 'aurora' : `aurora-c${o.damping}`),
  score({ view }, { damping }) {
    const audit = pagerankAudit(view, damping);
    return { scores: auroraScores(view, audit), solver: audit.report };
  },
};
