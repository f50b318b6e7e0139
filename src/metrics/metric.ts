import type { TaskFit } from '../tasks/task.js';

/** A distortion metric on two fits of one task (before and after an attack, same seed). */
export interface FitMetric<F extends TaskFit = TaskFit> {
  readonly name: string;
  readonly description: string;
  /** the axis title in figures */
  readonly title: string;
  compute(clean: F, perturbed: F): number;
}

/** A registered metric: the task it measures ('*': every task, never a default). */
export interface Metric extends FitMetric {
  readonly task: string;
  /** what a budget counts for its task ('edges', 'ratings'); every-task metrics say 'edges' */
  readonly elements: string;
}
