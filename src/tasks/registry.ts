/** Task registry: filled from one explicit list; keys are the file names. */
import { ConfigError } from '../util/errors.js';
import { hitsTask } from './hits.js';
import type { Task } from './task.js';
import { suggest } from '../util/suggest.js';
import { buildRegistry } from '../util/registry.js';

const TASKS: ReadonlyMap<string, Task> = buildRegistry('task', [hitsTask as unknown as Task]);

export function taskNames(): string[] {
  return [...TASKS.keys()];
}

export function getTask(name: string): Task {
  const t = TASKS.get(name);
  if (!t) throw new ConfigError(`unknown task '${name}'${suggest(name, taskNames())}; available: ${taskNames().join(', ')}`);
  return t;
}
