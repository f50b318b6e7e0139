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
import { ADD_SCORERS, type CandidateSpec } from './candidates.js';

export type AttackSpec = string | ({ name: string; greedy?: boolean; label?: string; direction?: 'remove' | 'add'; candidates?: CandidateSpec } & Record<string, unknown>);

export interface ConfiguredAttack {
  label: string;
  scorer: EdgeScorer;
  options: object;
  greedy: boolean;
  /** remove the best-scored edges (Algorithm 2), or add the best-scored candidate non-edges */
  direction: 'remove' | 'add';
  /** add: where the candidate pairs come from */
  candidates?: CandidateSpec;
}

export function configureAttack(spec: AttackSpec): ConfiguredAttack {
  if (typeof spec === 'string') {
    const scorer = getAttack(spec);
    const options = scorer.parseOptions({});
    return { label: scorer.label(options), scorer, options, greedy: false, direction: 'remove' };
  }
  const { name, greedy = false, label, direction = 'remove', candidates, ...raw } = spec;
  const scorer = getAttack(name);
  for (const k of Object.keys(raw)) {
    if (!scorer.optionKeys.includes(k)) {
      const known = ['greedy', 'label', 'direction', 'candidates', ...scorer.optionKeys];
      throw new ConfigError(`attack '${name}' has no option '${k}'${suggest(k, known)}; it takes ${known.join(', ')}`);
    }
  }
  if (typeof greedy !== 'boolean') throw new ConfigError(`attack '${name}': greedy must be true or false`);
  if (greedy && !scorer.greedy) throw new ConfigError(`attack '${name}' has no greedy variant (n2n and aurora have)`);
  if (label !== undefined && (typeof label !== 'string' || !/^[A-Za-z0-9._-]+$/.test(label))) {
    throw new ConfigError(`attack '${name}': label must be letters, digits, dot, dash or underscore`);
  }
  if (direction !== 'remove' && direction !== 'add') throw new ConfigError(`attack '${name}': direction must be remove or add, got '${String(direction)}'`);
  if (direction === 'add') {
    if (!(ADD_SCORERS as readonly string[]).includes(name)) throw new ConfigError(`attack '${name}' has no add direction (${ADD_SCORERS.join(', ')} have)`);
    const c = candidates as Record<string, unknown> | undefined;
    if (c !== undefined) {
      if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new ConfigError(`attack '${name}': candidates must be { sample: N } or { file: PATH }`);
      const extra = Object.keys(c).filter((k) => k !== 'sample' && k !== 'file');
      if (extra.length || (c.sample !== undefined && c.file !== undefined)) throw new ConfigError(`attack '${name}': candidates takes one of sample (a number of non-edges drawn) or file (a pairs file)`);
      if (c.sample !== undefined && (!Number.isInteger(c.sample) || (c.sample as number) < 1)) throw new ConfigError(`attack '${name}': candidates.sample must be a positive integer`);
      if (c.file !== undefined && typeof c.file !== 'string') throw new ConfigError(`attack '${name}': candidates.file must be a path`);
    }
  } else if (candidates !== undefined) throw new ConfigError(`attack '${name}': candidates are for direction: add`);
  const options = scorer.parseOptions(raw);
  return {
    label: label ?? scorer.label(options) + (greedy ? '-greedy' : '') + (direction === 'add' ? '-add' : ''),
    scorer,
    options,
    greedy,
    direction,
    ...(direction === 'add' ? { candidates: (candidates as CandidateSpec | undefined) ?? {} } : {}),
  };
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
