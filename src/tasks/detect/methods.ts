/**
 * The detection methods of `n2n detect` on an interdependent network:
 * - gbgp, gb-iht, gb-ghtp: GBGP and its variants on the whole objective (gbgp.ts);
 * - graph-iht: Graph-IHT in each block alone (Zhou & Chen, ICDM 2016): the blocks' own scan
 *   statistics, no coupling term, so the blocks do not see each other;
 * - top: the s nodes of largest feature in each block (no structure), x = 1 on them.
 * The value reported is always the objective asked for, at the result.
 */
import type { Interdependent } from '../../graph/interdependent.js';
import { ConfigError } from '../../util/errors.js';
import { gbgp, type GbgpResult } from './gbgp.js';
import { scanValue, type ScanKind, type ScanProblem } from './objective.js';

export const DETECT_METHODS = ['gbgp', 'gb-iht', 'gb-ghtp', 'graph-iht', 'top'] as const;
export type DetectMethod = (typeof DETECT_METHODS)[number];

export interface DetectOptions {
  method: DetectMethod;
  objective: ScanKind;
  s: number;
  lambda: number;
  /** the feature column (default the first) */
  feature?: number;
  maxIter?: number;
  tol?: number;
  patience?: number;
  threads?: number;
  onIteration?: (info: { iteration: number; value: number; change: number; support: number }) => void;
}

export interface Detection extends Omit<GbgpResult, 'history'> {
  method: DetectMethod;
  history: number[];
  seconds: number;
  /** the problem asked for (its objective is `value`), for F* and B at the result */
  problem: ScanProblem;
}

/** The column of the node table named `name` (undefined: the first), or a ConfigError listing the columns. */
export function featureIndex(net: Interdependent, name: string | undefined, where: string): number {
  if (name === undefined) return 0;
  const k = net.featureNames.indexOf(name);
  if (k < 0) throw new ConfigError(`${where}: '${name}' is not a feature column of the node table (its features: ${net.featureNames.join(', ')})`);
  return k;
}

export function scanProblem(net: Interdependent, objective: ScanKind, lambda: number, feature = 0): ScanProblem {
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new RangeError(`detect: λ must be a finite number ≥ 0, got ${lambda}`);
  const c = net.features[feature];
  if (!c) throw new RangeError(`detect: no feature column ${feature + 1} (the node table has ${net.features.length})`);
  return { kind: objective, c, block: net.block, blocks: net.blocks.length, coupling: net.coupling, lambda };
}

export async function detect(net: Interdependent, options: DetectOptions): Promise<Detection> {
  const t0 = performance.now();
  const problem = scanProblem(net, options.objective, options.lambda, options.feature);
  const common = { s: options.s, maxIter: options.maxIter, tol: options.tol, patience: options.patience, threads: options.threads, onIteration: options.onIteration };
  let r: GbgpResult;
  if (options.method === 'top') {
    const x = new Float64Array(problem.c.length);
    for (const b of net.blocks) {
      const order = Array.from(b.nodes).sort((u, v) => problem.c[v]! - problem.c[u]! || u - v);
      for (const v of order.slice(0, options.s)) x[v] = 1;
    }
    r = { x, value: 0, iterations: 0, converged: true, change: 0, history: [], support: Uint8Array.from(x, (v) => (v > 0 ? 1 : 0)), returned: 0, stopReason: 'converged', innerUnconverged: 0, pcsfCalls: 0, threads: 1 };
  } else if (options.method === 'graph-iht') {
    r = await gbgp({ ...problem, kind: 'sum-ems', lambda: 0 }, net.blocks, { ...common, method: 'gb-iht' });
  } else r = await gbgp(problem, net.blocks, { ...common, method: options.method });
  return { ...r, value: scanValue(problem, r.x), method: options.method, seconds: (performance.now() - t0) / 1000, problem };
}
