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
