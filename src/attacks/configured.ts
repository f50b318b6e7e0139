/**
 * An attack as a pipeline names it: `n2n`, or `{ name: contain, rank: 20 }`, or
 * `{ name: aurora, greedy: true }`. The scorer validates its own options; the label (what
 * results.csv calls it) is the name with the options off their defaults, `-greedy` for the
 * greedy variant, or the `label:` given.
 */
import type { EdgeScorer } from './attack.js';
import { getAttack } from './registry.js';
import { ConfigError } from '../util/errors.js';
import { suggest } from '../util/suggest.js';

export type AttackSpec = string | ({ name: string; greedy?: boolean; label?: string } & Record<string, unknown>);

export interface ConfiguredAttack {
  label: string;
  scorer: EdgeScorer;
  options: object;
  greedy: boolean;
}

export function configureAttack(spec: AttackSpec): ConfiguredAttack {
  if (typeof spec === 'string') {
    const scorer = getAttack(spec);
    const options = scorer.parseOptions({});
    return { label: scorer.label(options), scorer, options, greedy: false };
  }
  const { name, greedy = false, label, ...raw } = spec;
  const scorer = getAttack(name);
  for (const k of Object.keys(raw)) {
    if (!scorer.optionKeys.includes(k)) {
      const known = ['greedy', 'label', ...scorer.optionKeys];
      throw new ConfigError(`attack '${name}' has no option '${k}'${suggest(k, known)}; it takes ${known.join(', ')}`);
    }
  }
  if (typeof greedy !== 'boolean') throw new ConfigError(`attack '${name}': greedy must be true or false`);
  if (greedy && !scorer.greedy) throw new ConfigError(`attack '${name}' has no greedy variant (n2n and aurora have)`);
  if (label !== undefined && (typeof label !== 'string' || !/^[A-Za-z0-9._-]+$/.test(label))) {
    throw new ConfigError(`attack '${name}': label must be letters, digits, dot, dash or underscore`);
  }
  const options = scorer.parseOptions(raw);
  return { label: label ?? scorer.label(options) + (greedy ? '-greedy' : ''), scorer, options, greedy };
}

/** Configure a list, refusing two attacks with the same label. */
export function configureAttacks(specs: readonly AttackSpec[]): ConfiguredAttack[] {
  const out = specs.map(configureAttack);
  const seen = new Set<string>();
  for (const a of out) {
    if (seen.has(a.label)) throw new ConfigError(`two attacks are labelled '${a.label}'; give one a 'label:'`);
    seen.add(a.label);
  }
  return out;
}
