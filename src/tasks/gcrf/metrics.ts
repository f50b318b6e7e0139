/** What an attack on a GCRF changes: the prediction error against y, and the prediction itself. */
import type { FitMetric } from '../../metrics/metric.js';
import type { GcrfFit } from './gcrf.js';

const mse = (mu: Float64Array, y: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < mu.length; i++) s += (mu[i]! - y[i]!) ** 2;
  return s / mu.length;
};

export const gcrfMseChangeMetric: FitMetric<GcrfFit> = {
  name: 'gcrf-mse-change',
  description: 'MSE(μ̃, y) − MSE(μ, y): how much worse the perturbed graph predicts y (NaN without y)',
  title: 'GCRF test MSE change',
  compute: (a, b) => (a.y && b.y ? mse(b.mu, b.y) - mse(a.mu, a.y) : Number.NaN),
};

export const gcrfShiftMetric: FitMetric<GcrfFit> = {
  name: 'gcrf-prediction-shift',
  description: '‖μ − μ̃‖₂: how far the prediction moved',
  title: 'GCRF prediction shift ‖μ − μ̃‖',
  compute(a, b) {
    let s = 0;
    for (let i = 0; i < a.mu.length; i++) s += (a.mu[i]! - b.mu[i]!) ** 2;
    return Math.sqrt(s);
  },
};
