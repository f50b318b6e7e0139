/** Metric registry; each task has a default metric. */
import { ConfigError } from '../util/errors.js';
import { suggest } from '../util/suggest.js';
import { buildRegistry } from '../util/registry.js';
import type { Metric } from './metric.js';
import { hitsDistortionMetric } from './hits-distortion.js';

const METRICS = buildRegistry<Metric>('metric', [hitsDistortionMetric]);

export function metricNames(): string[] {
  return [...METRICS.keys()];
}

export function getMetric(name: string): Metric {
  const m = METRICS.get(name);
  if (!m) throw new ConfigError(`unknown metric '${name}'${suggest(name, metricNames())}; available: ${metricNames().join(', ')}`);
  return m;
}

export function defaultMetrics(task: string): string[] {
  return [...METRICS.values()].filter((m) => m.task === task).map((m) => m.name);
}
