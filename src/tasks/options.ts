/** Validate a task's options with its zod schema; errors name the option and suggest. */
import type { z } from 'zod';
import { ConfigError } from '../util/errors.js';
import { suggest } from '../util/suggest.js';

export function parseTaskOptions<S extends z.ZodObject>(task: string, schema: S, raw: Record<string, unknown>): z.infer<S> {
  const keys = Object.keys(schema.shape);
  for (const k of Object.keys(raw)) {
    if (raw[k] === undefined) continue;
    if (!keys.includes(k)) {
      throw new ConfigError(`task '${task}' has no option '${k}'${suggest(k, keys)}${keys.length ? `; its options: ${keys.join(', ')}` : '; it takes none'}`);
    }
  }
  const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const r = schema.safeParse(clean);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ConfigError(`task '${task}' option ${issue.path.join('.') || '(options)'}: ${issue.message}`);
  }
  return r.data;
}

/** What the help and the CLI need of one option: its type, choices, default and description. */
export interface OptionFacts {
  key: string;
  type: 'number' | 'string' | 'boolean';
  choices?: readonly string[];
  default?: unknown;
  describe: string;
}

/** The facts of every option of a schema, read from the zod types (defaults and optionals unwrapped). */
export function optionFacts(schema: z.ZodObject): OptionFacts[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    let t: z.ZodType = field as z.ZodType;
    let describe = t.description;
    let fallback: unknown;
    for (;;) {
      const def = t.def as { type: string; defaultValue?: unknown; innerType?: z.ZodType };
      if ((def.type === 'default' || def.type === 'optional') && def.innerType) {
        if (def.type === 'default') fallback = def.defaultValue;
        t = def.innerType;
        describe ??= t.description;
        continue;
      }
      break;
    }
    const kind = (t.def as { type: string }).type;
    const entries = kind === 'enum' ? (t.def as { entries?: Record<string, string> }).entries : undefined;
    if (kind !== 'number' && kind !== 'string' && kind !== 'boolean' && kind !== 'enum') throw new Error(`task option '${key}': a ${kind} cannot be a command-line flag`);
    if (!describe) throw new Error(`task option '${key}' has no description (.describe(...)): it is the help text`);
    return {
      key,
      type: kind === 'enum' ? 'string' : kind,
      ...(entries ? { choices: Object.values(entries) } : {}),
      ...(fallback !== undefined ? { default: fallback } : {}),
      describe,
    };
  });
}
