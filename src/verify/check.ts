/** A verification check's outcome and the table the CLI prints, and helpers the checks share. */
import type { Graph } from '../graph/graph.js';
import type { Rng } from '../util/rng.js';
import type { WellPosedness } from '../tasks/task.js';
import { selectTopK } from '../attacks/select-top-k.js';

export interface CheckResult {
  /** 'autodiff', 'finite difference', ... */
  name: string;
  /** what exactly was compared */
  detail: string;
  compared: number;
  /** max |closed form − check| / max |B| over all edges */
  worstRelError: number;
  threshold: number;
  pass: boolean;
  /** a check that only informs does not decide the exit code */
  informative?: boolean;
}

/** How a verification runs: its seed, how many elements finite differences check, where it reports. */
export interface VerifyRun {
  seed: number;
  /** elements checked by finite differences */
  sample: number;
  /** dense float64 checks up to this many nodes (where a task has them) */
  denseLimit?: number;
  log?: (message: string) => void;
  progress?: (message: string) => void;
}

export interface VerifyReport {
  task: string;
  input: string;
  checks: CheckResult[];
  pass: boolean;
  notes: string[];
  /** what passing means, in words, when "all checks passed" would say more than was checked */
  verdict?: string;
}

/** Why B cannot be verified at this fit (it does not exist, or the solve could not tell), or null. */
export function cannotVerify(w: WellPosedness): string | null {
  if (w.illPosed) return 'the derivative is not defined here, so it cannot be verified';
  if (w.unresolved) return 'the solver did not resolve whether the derivative is defined, so it cannot be verified';
  return null;
}

export function relError(closed: ArrayLike<number>, other: ArrayLike<number>, scale: number): number {
  let worst = 0;
  for (let i = 0; i < closed.length; i++) worst = Math.max(worst, Math.abs(closed[i]! - other[i]!));
  return scale > 0 ? worst / scale : worst;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

export function formatReport(r: VerifyReport): string {
  const rows = r.checks.map((c) => [
    c.name,
    c.detail,
    String(c.compared),
    c.worstRelError.toExponential(2),
    c.threshold.toExponential(0),
    c.informative ? 'info' : c.pass ? 'pass' : 'FAIL',
  ]);
  const head = ['check', 'objective', 'compared', 'worst rel err', 'threshold', 'result'];
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: string[]): string => cells.map((c, j) => c.padEnd(widths[j]!)).join('  ').trimEnd();
  return [
    `verify ${r.task} on ${r.input}`,
    ...r.notes.map((n) => `  ${n}`),
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `relative error = max |closed form − check| / max |B|`,
    r.pass ? (r.verdict ?? 'all checks passed') : 'VERIFICATION FAILED',
  ].join('\n');
}

/** Edges for finite differences: half with the largest |B| (where the derivative matters), the rest uniform. */
export function sampleEdges(B: Float64Array, k: number, rng: Rng): number[] {
  const count = Math.min(k, B.length);
  const picked = new Set<number>(selectTopK(Float64Array.from(B, Math.abs), Math.ceil(count / 2)));
  while (picked.size < count) picked.add(rng.int(B.length));
  return [...picked];
}

/**
 * (f(w + h·δ_e) − f(w − h·δ_e)) / 2h, where δ_e moves the stored entries of edge e (both
 * A(i,j) and A(j,i) when undirected) and f takes the stored values in CSR order.
 */
export function centralDifference(graph: Graph, e: number, h: number, f: (values: Float64Array) => number): number {
  const base = graph.csr.values;
  const p = graph.edgeToCsr[e]!;
  const q = graph.edgeToCsrT[e]!;
  const plus = Float64Array.from(base);
  const minus = Float64Array.from(base);
  plus[p]! += h;
  minus[p]! -= h;
  if (q !== p) {
    plus[q]! += h;
    minus[q]! -= h;
  }
  return (f(plus) - f(minus)) / (2 * h);
}
