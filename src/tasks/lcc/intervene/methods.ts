/** The intervention methods by name (the command line's --method, the library's intervene). */
import { crpd } from './crpd.js';
import { oisa } from './oisa.js';
import { bum, enumerate, n2nGreedy, sim, tea } from './baselines.js';
import { ea } from './ea.js';
import { gd } from './gd.js';
import type { InterventionProblem, InterventionResult } from './problem.js';

export const INTERVENTION_METHODS: Record<string, (p: InterventionProblem) => InterventionResult> = { crpd, oisa, bum, sim, tea, ea: (p) => ea(p), gd: (p) => gd(p), n2n: n2nGreedy, enum: enumerate };
