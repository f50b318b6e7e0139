/** Metric registry; each task has a default metric. */
import { Registry } from '../util/registry.js';
import type { Metric } from './metric.js';
import { hitsDistortionMetric } from './hits-distortion.js';
import { clusteringDistortionMetric } from './clustering-distortion.js';
import { completionRmseMetric } from './completion-rmse.js';
import { objectiveDropMetric } from './objective-drop.js';

const METRICS = new Registry<Metric>('metric', [hitsDistortionMetric, clusteringDistortionMetric, completionRmseMetric, objectiveDropMetric]);

export const metricNames = (): string[] => METRICS.names();
export const getMetric = (name: string): Metric => METRICS.get(name);

export function defaultMetrics(task: string): string[] {
  return METRICS.values()
    .filter((m) => m.task === task)
    .map((m) => m.name);
}
