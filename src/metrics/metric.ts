import type { TaskFit } from '../tasks/task.js';

/** A distortion metric: compares the task fitted before and after an attack (same seed). */
export interface Metric {
  readonly name: string;
  /** the task it applies to ('*': every task, never a default) */
  readonly task: string;
  readonly description: string;
  compute(clean: TaskFit, perturbed: TaskFit): number;
}
