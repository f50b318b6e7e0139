/** Task registry: filled from one explicit list; keys are the file names. */
import { Registry } from '../util/registry.js';
import { hitsTask } from './hits.js';
import { spectralTask } from './spectral.js';
import type { Task } from './task.js';

const TASKS = new Registry<Task>('task', [hitsTask as unknown as Task, spectralTask as unknown as Task]);

export const taskNames = (): string[] => TASKS.names();
export const getTask = (name: string): Task => TASKS.get(name);
