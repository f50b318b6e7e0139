/**
 * GBGP, graph block-structured gradient projection (Jie et al., ICDM 2019, Algorithm 1;
 * SEEDS-SPEC §1.3), and its IHT / GHTP variants, on an interdependent network: maximise F(x)
 * with each block's support connected and of about s nodes.
 *
 *   x ← 0
 *   repeat
 *     g ← ∇F(x), box-projected (0 where x_j = 0 and g_j < 0, or x_j = 1 and g_j > 0)
 *     per block k: Γ_k ← H(g_k) on G_k (head projection), Ω_k ← Γ_k ∪ supp(x_k)
 *     gbgp:    b ← argmax F over supp ⊆ Ω, x ∈ [0,1]^N (problem 6)
 *     gb-iht:  b ← P_box(x + η·g) on Ω (η halved until F rises)
 *     gb-ghtp: b as gb-iht
 *     per block k: Ψ_k ← T(b_k) on G_k (tail projection)
 *     gbgp, gb-iht: x ← b on Ψ;   gb-ghtp: x ← argmax F over supp ⊆ Ψ
 *   until Σ_k ‖x_k^new − x_k‖ ≤ tol
 *
 * GBGP is not monotone: on noisy blocks the supports can cycle between near-equivalent choices.
 * Without convergence (after `maxIter` iterations, or once the best F has not risen for
 * `patience` iterations: stalled) the iterate of largest F is returned, with `converged: false`,
 * the reason, and the iteration it came from (`returned`).
 *
 * Problem (6) starts from x on Ω, with the head's new nodes of positive gradient at 1 (a scan
 * statistic has no gradient at 0). The head and tail projections of the blocks are independent
 * of each other and run on the worker threads of a ProjectionPool, so the result does not
 * depend on the thread count.
 */
import { ProjectionPool } from '../../sparsity/projection-pool.js';
import { threadCount } from '../../parallel/pool.js';
import type { Block } from '../../graph/interdependent.js';
import { scanGradient, scanValue, type ScanProblem } from './objective.js';
import { maximiseOn } from './restricted.js';

export type GbMethod = 'gbgp' | 'gb-iht' | 'gb-ghtp';

export interface GbgpOptions {
  method?: GbMethod;
  /** the sparsity s per block */
  s: number;
  maxIter?: number;
  /** stop when Σ_k ‖x_k^new − x_k‖ ≤ tol */
  tol?: number;
  /** stop (as stalled, not converged) when the best F has not risen for this many iterations (default 5; 0: never) */
  patience?: number;
  /** threads for the blocks' projections (default: the pool's thread count) */
  threads?: number;
  /** called after each outer iteration */
  onIteration?: (info: { iteration: number; value: number; change: number; support: number }) => void;
}

export interface GbgpResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  /** the last change Σ_k ‖x_k^new − x_k‖ */
  change: number;
  /** F after each iteration */
  history: number[];
  /** the last tail supports Ψ_k (1 = in the detected subgraph; connected in each block; x may be 0 on a node that only connects) */
  support: Uint8Array;
  /** the iteration whose x is returned: the last one when converged, else the one of largest F */
  returned: number;
  /** why it stopped: the change test met, the best F not rising for `patience` iterations, or the iteration cap */
  stopReason: 'converged' | 'stalled' | 'max-iter';
  /** inner solves (problem 6) that stopped before their tolerance */
  innerUnconverged: number;
  pcsfCalls: number;
  /** threads the projections ran on */
  threads: number;
}

export async function gbgp(problem: ScanProblem, blocks: Block[], options: GbgpOptions): Promise<GbgpResult> {
  const pool = ProjectionPool.open(blocks.map((b) => ({ graph: b.graph, weights: b.weights })), options.threads ?? threadCount());
  try {
    return await iterate(problem, blocks, options, pool);
  } finally {
    await pool.close();
  }
}

async function iterate(problem: ScanProblem, blocks: Block[], options: GbgpOptions, pool: ProjectionPool): Promise<GbgpResult> {
  const method = options.method ?? 'gbgp';
  const maxIter = options.maxIter ?? 30;
  const tol = options.tol ?? 1e-6;
  const patience = options.patience ?? 5;
  let stalled = false;
  const n = problem.c.length;
  let x: Float64Array = new Float64Array(n);
  const history: number[] = [];
  let innerUnconverged = 0;
  let pcsfCalls = 0;
  let change = Infinity;
  let iterations = 0;
  const g = new Float64Array(n);
  let support = new Uint8Array(n);
  let best = { value: -Infinity, x, support, iteration: 0 };
  for (let it = 1; it <= maxIter; it++) {
    iterations = it;
    scanGradient(problem, x, g);
    for (let i = 0; i < n; i++) if ((x[i] === 0 && g[i]! < 0) || (x[i] === 1 && g[i]! > 0)) g[i] = 0;
    // Ω: the head of the gradient in each block, with x's support
    const inOmega = new Uint8Array(n);
    const fresh: number[] = [];
    for (const head of await pool.run('head', options.s, blocks.map((b) => Float64Array.from(b.nodes, (v) => g[v]!)))) {
      pcsfCalls += head.calls;
      const b = blocks[head.block]!;
      for (const l of head.support) {
        const v = b.nodes[l]!;
        if (!inOmega[v]) (inOmega[v] = 1, x[v] === 0 && g[v]! > 0 && fresh.push(v));
      }
    }
    for (let i = 0; i < n; i++) if (x[i]! > 0) inOmega[i] = 1;
    const omega = Int32Array.from({ length: n }, (_, i) => i).filter((i) => inOmega[i]);
    let b: Float64Array;
    if (method === 'gbgp') {
      const start = Float64Array.from(x);
      for (const v of fresh) start[v] = 1;
      const r = maximiseOn(problem, omega, start);
      if (!r.converged) innerUnconverged++;
      b = r.x;
    } else b = gradientStep(problem, x, g, omega);
    // Ψ: the tail of b in each block
    let next: Float64Array = new Float64Array(n);
    const keep = new Uint8Array(n);
    for (const tail of await pool.run('tail', options.s, blocks.map((blk) => Float64Array.from(blk.nodes, (v) => b[v]!)))) {
      pcsfCalls += tail.calls;
      for (const l of tail.support) keep[blocks[tail.block]!.nodes[l]!] = 1;
    }
    if (method === 'gb-ghtp') {
      const psi = Int32Array.from({ length: n }, (_, i) => i).filter((i) => keep[i]);
      const r = maximiseOn(problem, psi, b);
      if (!r.converged) innerUnconverged++;
      next = r.x;
    } else for (let i = 0; i < n; i++) if (keep[i]) next[i] = b[i]!;
    change = 0;
    for (const blk of blocks) {
      let d = 0;
      for (const v of blk.nodes) d += (next[v]! - x[v]!) ** 2;
      change += Math.sqrt(d);
    }
    x = next;
    support = keep;
    const value = scanValue(problem, x);
    history.push(value);
    let selected = 0;
    for (let i = 0; i < n; i++) if (x[i]! > 0) selected++;
    options.onIteration?.({ iteration: it, value, change, support: selected });
    if (value > best.value * (1 + 1e-9 * Math.sign(best.value)) || best.iteration === 0) best = { value, x, support, iteration: it };
    if (change <= tol) break;
    if (patience > 0 && it - best.iteration >= patience) {
      stalled = true;
      break;
    }
  }
  const converged = change <= tol;
  // without convergence (the supports can cycle) the best iterate seen is returned, and said so
  if (!converged && best.iteration > 0) [x, support] = [best.x, best.support];
  return { x, value: scanValue(problem, x), iterations, converged, change, history, support, returned: converged ? iterations : best.iteration, stopReason: converged ? 'converged' : stalled ? 'stalled' : 'max-iter', innerUnconverged, pcsfCalls, threads: pool.threads };
}

/** P_box(x + η·g) on Ω (0 elsewhere), η from 1 halved until F rises (at most 60 times; else x on Ω). */
function gradientStep(problem: ScanProblem, x: Float64Array, g: Float64Array, omega: Int32Array): Float64Array {
  const f0 = scanValue(problem, x);
  const out = new Float64Array(x.length);
  for (let eta = 1, tries = 0; tries < 60; tries++, eta /= 2) {
    out.fill(0);
    for (const i of omega) out[i] = Math.min(1, Math.max(0, x[i]! + eta * g[i]!));
    if (scanValue(problem, out) > f0) return out;
  }
  out.fill(0);
  for (const i of omega) out[i] = x[i]!;
  return out;
}
