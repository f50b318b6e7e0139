/**
 * L-BFGS minimisation of a smooth function of a few variables (model parameters), with a
 * backtracking line search on the Armijo condition. Stops when ‖∇f‖∞ ≤ gtol·max(1, |f|) or
 * when a step no longer decreases f by more than rounding (reported as not converged).
 */
export interface LbfgsOptions {
  maxIter: number;
  gtol: number;
  /** pairs kept (default 8) */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** why it stopped */
  stoppedBy: 'gradient' | 'iterations' | 'line search';
}

export function lbfgs(f: (x: Float64Array) => { value: number; gradient: Float64Array }, x0: Float64Array, o: LbfgsOptions): LbfgsResult {
  const dim = x0.length;
  const mem = o.memory ?? 8;
  let x = Float64Array.from(x0);
  let cur = f(x);
  let evaluations = 1;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
  const small = (g: Float64Array, v: number): boolean => g.every((gi) => Math.abs(gi) <= o.gtol * Math.max(1, Math.abs(v)));
  for (let it = 0; it < o.maxIter; it++) {
    if (!Number.isFinite(cur.value)) throw new Error(`lbfgs: the objective is ${cur.value} at the start`);
    if (small(cur.gradient, cur.value)) return { x, value: cur.value, gradient: cur.gradient, iterations: it, evaluations, converged: true, stoppedBy: 'gradient' };
    // two-loop recursion: d = −H·g
    const q = Float64Array.from(cur.gradient);
    const alphas: number[] = [];
    for (let k = S.length - 1; k >= 0; k--) {
      const a = dot(S[k]!, q) / dot(Y[k]!, S[k]!);
      alphas[k] = a;
      for (let i = 0; i < dim; i++) q[i]! -= a * Y[k]![i]!;
    }
    const gamma = S.length ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!) : 1 / Math.max(1, Math.sqrt(dot(q, q)));
    for (let i = 0; i < dim; i++) q[i]! *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = dot(Y[k]!, q) / dot(Y[k]!, S[k]!);
      for (let i = 0; i < dim; i++) q[i]! += S[k]![i]! * (alphas[k]! - b);
    }
    const d = q.map((v) => -v);
    let slope = dot(d, cur.gradient);
    if (!(slope < 0)) {
      // not a descent direction: restart from the gradient
      S.length = 0;
      Y.length = 0;
      for (let i = 0; i < dim; i++) d[i] = -cur.gradient[i]!;
      slope = dot(d, cur.gradient);
    }
    let step = 1;
    let next: { value: number; gradient: Float64Array } | null = null;
    let xn = x;
    for (let ls = 0; ls < 40; ls++) {
      xn = x.map((v, i) => v + step * d[i]!);
      const t = f(xn);
      evaluations++;
      if (Number.isFinite(t.value) && t.value <= cur.value + 1e-4 * step * slope) {
        next = t;
        break;
      }
      step /= 2;
    }
    if (!next) return { x, value: cur.value, gradient: cur.gradient, iterations: it, evaluations, converged: false, stoppedBy: 'line search' };
    const s = xn.map((v, i) => v - x[i]!);
    const y = next.gradient.map((v, i) => v - cur.gradient[i]!);
    if (dot(s, y) > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      if (S.length > mem) {
        S.shift();
        Y.shift();
      }
    }
    x = xn;
    cur = next;
  }
  return { x, value: cur.value, gradient: cur.gradient, iterations: o.maxIter, evaluations, converged: small(cur.gradient, cur.value), stoppedBy: 'iterations' };
}
