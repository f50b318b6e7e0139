/**
 * Each task's verification ladder, from one list: the CLI's `verify` and the library's
 * `verify` read it instead of switching on task names.
 */
import type { BoundTask } from '../tasks/bound-task.js';
import type { TaskFit } from '../tasks/task.js';
import type { HitsFit } from '../tasks/hits.js';
import type { SpectralFit } from '../tasks/spectral.js';
import type { CompletionFit } from '../tasks/completion.js';
import { ConfigError } from '../util/errors.js';
import type { VerifyReport } from './check.js';
import { verifyHits } from './hits-verify.js';
import { verifySpectral } from './spectral-verify.js';
import { verifyCompletion } from './completion-verify.js';

export interface VerifyRun {
  seed: number;
  /** elements checked by finite differences */
  sample: number;
  /** dense checks up to this many nodes (spectral) */
  denseLimit?: number;
  log?: (message: string) => void;
  progress?: (message: string) => void;
}

type Verifier = (bound: BoundTask, fit: TaskFit, run: VerifyRun) => VerifyReport;

const graphOf = (b: BoundTask) => {
  if (b.kind !== 'graph') throw new ConfigError(`verify: task '${b.task.name}' reads a graph`);
  return b.graph;
};

const VERIFIERS = new Map<string, Verifier>([
  ['hits', (b, fit, r) => verifyHits(graphOf(b), fit as HitsFit, r)],
  ['spectral', (b, fit, r) => verifySpectral(graphOf(b), fit as SpectralFit, r)],
  [
    'completion',
    (b, fit, r) => {
      if (b.kind !== 'ratings') throw new ConfigError(`verify: task 'completion' reads a rating matrix`);
      return verifyCompletion(b.ratings, fit as CompletionFit, r);
    },
  ],
]);

export const verifiableTasks = (): string[] => [...VERIFIERS.keys()];

export function getVerifier(task: string): Verifier {
  const v = VERIFIERS.get(task);
  if (!v) throw new ConfigError(`verify: no verification for task '${task}'; available: ${verifiableTasks().join(', ')}`);
  return v;
}
