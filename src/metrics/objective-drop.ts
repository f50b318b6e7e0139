/**
 * The drop of the task's own objective f (HITS: λ1 − λ2; spectral: λ1 + … + λr; completion:
 * ‖UVᵀ‖²), relative to its clean value: (f − f̃) / |f|. It is what the derivative network
 * ranks edges by (removing edge e changes f by about −B(e)), so it measures the attack on its
 * own terms, where the task's distortion metric measures a different quantity (the hub and
 * authority vectors, the clusters, the predictions).
 */
import type { Metric } from './metric.js';

export const objectiveDropMetric: Metric = {
  name: 'objective-drop',
  task: '*',
  elements: 'edges',
  title: 'relative drop of f, (f − f̃) / |f|',
  description: '(f − f̃) / |f|: the relative drop of the objective the derivative network differentiates',
  compute(clean, perturbed) {
    const f = clean.objective;
    return f === 0 ? perturbed.objective === 0 ? 0 : -Math.sign(perturbed.objective) * Infinity : (f - perturbed.objective) / Math.abs(f);
  },
};
