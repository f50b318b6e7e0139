/**
 * The modularity task's distortion metrics, each fit with its own partition (re-run on the
 * edited graph by the same method; a partition read from a file stays as it is):
 * modularity-drop Q − Q̃, and partition-change 1 − NMI of the two hard partitions.
 */
import type { FitMetric } from '../../metrics/metric.js';
import { nmi } from '../../metrics/nmi.js';
import type { ModularityFit } from './fit.js';

export const modularityDropMetric: FitMetric<ModularityFit> = {
  name: 'modularity-drop',
  description: 'Q − Q̃: the modularity lost, each graph with its own partition',
  title: 'modularity drop Q − Q̃',
  compute: (clean, perturbed) => clean.objective - perturbed.objective,
};

export const partitionChangeMetric: FitMetric<ModularityFit> = {
  name: 'partition-change',
  description: '1 − NMI of the communities before and after (nodes in no community count as one more label)',
  title: 'partition change 1 − NMI',
  compute: (clean, perturbed) => 1 - nmi(clean.partition.labels, perturbed.partition.labels),
};
