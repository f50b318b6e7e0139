/**
 * Clustering distortion: 1 − NMI(C, C̃) between the k-means clusters before and after the
 * attack, over the nodes the clean fit clustered. A node the perturbed fit left out (it fell
 * out of the largest component) counts as a cluster of its own (label −1).
 */
import type { FitMetric } from '../../metrics/metric.js';
import type { SpectralFit } from './spectral.js';
import { nmi } from '../../metrics/nmi.js';

export function clusteringDistortion(clean: SpectralFit, perturbed: SpectralFit): number {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < clean.labels.length; i++) {
    if (clean.labels[i]! < 0) continue;
    a.push(clean.labels[i]!);
    b.push(perturbed.labels[i] ?? -1);
  }
  return 1 - nmi(a, b);
}

export const clusteringDistortionMetric: FitMetric<SpectralFit> = {
  name: 'clustering-distortion',
  description: '1 − NMI(C, C̃) of the k-means clusters on the rows of U',
  title: 'clustering distortion 1 − NMI',
  compute: clusteringDistortion,
};
