/** Load what a task reads from `--input` (or standard input, `-`), through the task's data kind. */
import type { BoundTask, Task } from '../tasks/kit.js';
import { withStdinFile } from '../util/stdin-file.js';
import { cliField, dataSource, type GraphArgs } from './common-options.js';

export async function loadTaskInput(args: GraphArgs, task: Task): Promise<BoundTask> {
  if (args.input === '-') return withStdinFile((path) => task.load(dataSource(args, path), cliField));
  return task.load(dataSource(args), cliField);
}
