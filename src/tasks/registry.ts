/**
 * The task registry: one list. Adding a task is a folder `src/tasks/<name>/` whose index
 * exports a `defineTask(...)` kit, and one line here.
 */
import { Registry } from '../util/registry.js';
import { hitsTask } from './hits/index.js';
import { spectralTask } from './spectral/index.js';
import { completionTask } from './completion/index.js';
import { gcrfTask } from './gcrf/index.js';
import { modularityTask } from './modularity/index.js';
import { clusternetTask } from './clusternet/index.js';
import { lccTask } from './lcc/index.js';
import { detectTask } from './detect/index.js';
import type { Task } from './kit.js';

const TASKS = new Registry<Task>('task', [hitsTask, spectralTask, completionTask, gcrfTask, modularityTask, clusternetTask, lccTask, detectTask]);

export const taskNames = (): string[] => TASKS.names();
export const getTask = (name: string): Task => TASKS.get(name);
export const allTasks = (): Task[] => TASKS.values();
