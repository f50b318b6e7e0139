/** Least-squares fit of log y = a + b·log x: the exponent b of a power law y ∝ x^b. */
export interface LogLogFit {
  slope: number;
  intercept: number;
  /** coefficient of determination of the fit in log space */
  r2: number;
  points: number;
}

export function logLogSlope(x: ArrayLike<number>, y: ArrayLike<number>): LogLogFit {
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i]! > 0 && y[i]! > 0) {
      lx.push(Math.log10(x[i]!));
      ly.push(Math.log10(y[i]!));
    }
  }
  const n = lx.length;
  if (n < 2) return { slope: NaN, intercept: NaN, r2: NaN, points: n };
  const mx = lx.reduce((a, v) => a + v, 0) / n;
  const my = ly.reduce((a, v) => a + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
    syy += (ly[i]! - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1, points: n };
}
