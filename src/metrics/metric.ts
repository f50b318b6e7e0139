import type { TaskFit } from '../tasks/task.js';

/** A distortion metric on two fits of one task (before and after an attack, same seed). */
export interface FitMetric<F extends TaskFit = TaskFit> {
  readonly name: string;
  readonly description: string;
  /** the axis title in figures */
  readonly title: string;
  compute(clean: F, perturbed: F): number;
  /**
   * Whether it measures fits made with these task options: null when it does, else why not
   * (then it is not a default, and naming it is refused with that reason). Absent: always.
   */
  appliesTo?(options: Record<string, unknown>): string | null;
}

/** A registered metric: the task it measures ('*': every task, never a default). */
export interface Metric extends FitMetric {
  readonly task: string;
  /** what a budget counts for its task ('edges', 'ratings'); every-task metrics say 'edges' */
  readonly elements: string;
}
