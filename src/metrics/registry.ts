/** Metric registry: every task's own metrics (its kit's list, the task's defaults) and the metrics for every task. */
import { Registry } from '../util/registry.js';
import type { Metric } from './metric.js';
import { objectiveDropMetric } from './objective-drop.js';
import { allTasks } from '../tasks/registry.js';

const METRICS = new Registry<Metric>('metric', [...allTasks().flatMap((t) => t.metrics), objectiveDropMetric]);

export const metricNames = (): string[] => METRICS.names();
export const getMetric = (name: string): Metric => METRICS.get(name);

/** A metric's figure title and what its budgets count; a name not registered (results from elsewhere) stands for itself. */
export function metricFacts(name: string): { title: string; elements: string } {
  const m = METRICS.values().find((x) => x.name === name);
  return m ? { title: m.title, elements: m.elements } : { title: name, elements: 'edges' };
}

/** The task's own metrics that apply to fits made with these options. */
export function defaultMetrics(task: string, options: Record<string, unknown> = {}): string[] {
  return METRICS.values()
    .filter((m) => m.task === task && (m.appliesTo?.(options) ?? null) === null)
    .map((m) => m.name);
}
