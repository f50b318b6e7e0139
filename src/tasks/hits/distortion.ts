/**
 * HITS distortion: ‖u − ũ‖₂ + ‖v − ṽ‖₂ for the hub and authority vectors before and after
 * the attack, each scaled to unit norm with its sign fixed (sum ≥ 0; first nonzero entry
 * positive when the sum is 0).
 */
import type { FitMetric } from '../../metrics/metric.js';
import type { HitsFit } from './hits.js';

export function unitAligned(x: ArrayLike<number>): Float64Array {
  const y = Float64Array.from(x as ArrayLike<number>);
  let nrm = 0;
  let sum = 0;
  let first = 0;
  for (let i = 0; i < y.length; i++) {
    nrm += y[i]! * y[i]!;
    sum += y[i]!;
    if (first === 0 && y[i] !== 0) first = y[i]!;
  }
  nrm = Math.sqrt(nrm);
  const sign = sum > 0 || (sum === 0 && first >= 0) ? 1 : -1;
  const s = nrm > 0 ? sign / nrm : 0;
  for (let i = 0; i < y.length; i++) y[i]! *= s;
  return y;
}

function dist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

export function hitsDistortion(u: ArrayLike<number>, v: ArrayLike<number>, uT: ArrayLike<number>, vT: ArrayLike<number>): number {
  return dist(unitAligned(u), unitAligned(uT)) + dist(unitAligned(v), unitAligned(vT));
}

export const hitsDistortionMetric: FitMetric<HitsFit> = {
  name: 'hits-distortion',
  description: '‖u − ũ‖ + ‖v − ṽ‖, unit and sign-aligned hub/authority vectors',
  title: 'HITS distortion ‖u − ũ‖ + ‖v − ṽ‖',
  compute: (a, b) => hitsDistortion(a.u[0]!, a.v[0]!, b.u[0]!, b.v[0]!),
};
