/** Attack registry, from one explicit list; keys are the file names. */
import { ConfigError } from '../util/errors.js';
import { suggest } from '../util/suggest.js';
import { buildRegistry } from '../util/registry.js';
import type { EdgeScorer } from './attack.js';
import { n2nScorer } from './n2n.js';
import { degreeScorer } from './degree.js';
import { randomScorer } from './random.js';

const ATTACKS = buildRegistry<EdgeScorer>('attack', [n2nScorer, degreeScorer, randomScorer]);

export function attackNames(): string[] {
  return [...ATTACKS.keys()];
}

export function getAttack(name: string): EdgeScorer {
  const a = ATTACKS.get(name);
  if (!a) throw new ConfigError(`unknown attack '${name}'${suggest(name, attackNames())}; available: ${attackNames().join(', ')}`);
  return a;
}
