/** A verification check's outcome and the table the CLI prints. */
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

export interface VerifyReport {
  task: string;
  input: string;
  checks: CheckResult[];
  pass: boolean;
  notes: string[];
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
    r.pass ? 'all checks passed' : 'VERIFICATION FAILED',
  ].join('\n');
}
