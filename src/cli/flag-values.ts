/**
 * A flag that takes a value but was given none (`--clusters` at the end of the line, or
 * followed by another flag) is an error naming the flag and what it accepts. yargs itself
 * would quietly fall back to the default (or to an empty string).
 */
import type { Argv } from 'yargs';

interface OptionTable {
  string: string[];
  number: string[];
  boolean: string[];
  alias: Record<string, string[]>;
  choices: Record<string, unknown[]>;
}

const isNumberToken = (t: string): boolean => /^-(\d|\.\d)/.test(t);

/** The first flag in `argv` that needs a value and has none, with what it accepts; null if none. */
export function missingFlagValue(argv: readonly string[], options: OptionTable): string | null {
  const canonical = new Map<string, string>();
  for (const [key, aliases] of Object.entries(options.alias)) {
    canonical.set(key, key);
    for (const a of aliases) canonical.set(a, key);
  }
  const camel = (s: string): string => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  for (let t = 0; t < argv.length; t++) {
    const token = argv[t]!;
    if (token === '--') break;
    let name: string;
    if (token.startsWith('--')) name = token.slice(2);
    else if (/^-[A-Za-z]$/.test(token)) name = token.slice(1);
    else continue;
    if (name.includes('=')) continue;
    const key = canonical.get(name) ?? canonical.get(camel(name)) ?? name;
    const names = [key, camel(key), kebab(key)];
    const kind = names.some((n) => options.number.includes(n)) ? 'number' : names.some((n) => options.string.includes(n)) ? 'string' : null;
    if (!kind || names.some((n) => options.boolean.includes(n))) continue;
    const next = argv[t + 1];
    if (next !== undefined && (!next.startsWith('-') || next === '-' || isNumberToken(next))) continue;
    const choices = names.map((n) => options.choices[n]).find((c) => c && c.length > 0);
    const flag = token.startsWith('--') ? token : `-${name}`;
    const accepted = choices ? `one of ${choices.join(', ')}` : kind === 'number' ? 'a number' : 'a value';
    return `${flag} needs a value (${accepted})${next === undefined ? '' : `, got the flag ${next} instead`}`;
  }
  return null;
}

/** yargs middleware: throws `fail(message)` for a value flag given without its value. */
export function requireFlagValues(argv: readonly string[], fail: (message: string) => Error) {
  return (_args: unknown, y: Argv): void => {
    const problem = missingFlagValue(argv, (y as unknown as { getOptions(): OptionTable }).getOptions());
    if (problem) throw fail(problem);
  };
}
