/** Task registry: filled from one explicit list; keys are the file names. */
import { Registry } from '../util/registry.js';
import { hitsTask } from './hits.js';
import { spectralTask } from './spectral.js';
import { completionTask } from './completion.js';
import type { AnyTask } from './task.js';

const TASKS = new Registry<AnyTask>('task', [hitsTask, spectralTask, completionTask]);

export const taskNames = (): string[] => TASKS.names();
export const getTask = (name: string): AnyTask => TASKS.get(name);
