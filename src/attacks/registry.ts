/** Attack registry, from one explicit list; keys are the file names. */
import { Registry } from '../util/registry.js';
import type { EdgeScorer } from './attack.js';
import { n2nScorer } from './n2n.js';
import { degreeScorer } from './degree.js';
import { eigencentralityScorer } from './eigencentrality.js';
import { hitsScorer } from './hits.js';
import { containScorer } from './contain.js';
import { auroraScorer } from './aurora.js';
import { randomScorer } from './random.js';
import { exactScorer } from './exact.js';

const ATTACKS = new Registry<EdgeScorer>('attack', [
  n2nScorer,
  degreeScorer,
  eigencentralityScorer,
  hitsScorer,
  containScorer,
  auroraScorer,
  randomScorer,
  exactScorer,
]);

export const getAttack = (name: string): EdgeScorer => ATTACKS.get(name);
