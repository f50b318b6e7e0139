/** Task registry: filled from one explicit list; keys are the file names. */
import { Registry } from '../util/registry.js';
import { hitsTask } from './hits.js';
import { spectralTask } from './spectral.js';
import { completionTask } from './completion.js';
import type { AnyTask, GraphTask, RatingsTask } from './task.js';

const TASKS = new Registry<AnyTask>('task', [hitsTask as unknown as GraphTask, spectralTask as unknown as GraphTask, completionTask as unknown as RatingsTask]);

export const taskNames = (): string[] => TASKS.names();
export const getTask = (name: string): AnyTask => TASKS.get(name);
