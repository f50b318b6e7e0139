/**
 * Scalability studies (Figure 4): for each series (a task on a family of generated inputs),
 * generate inputs of growing size, and measure each phase — build (generate + index), solve
 * (the task's fit) and derive (B) — and the peak memory, each point in a fresh process so
 * its peak RSS is its own. The log-log slope of time against size says how the cost grows
 * (linear ≈ 1).
 *
 *   name: scalability
 *   study: scalability
 *   output: results/scalability
 *   series:
 *     - task: { name: hits }
 *       directed: true
 *       generator: { kind: rmat, edgeFactor: 4, seed: 1 }
 *       points: [{ scale: 12 }, { scale: 14 }]      # each merged into the generator
 */
import { BACKEND_CHOICES } from '../backend/load-backend.js';
import { z } from 'zod';
import { ConfigError } from '../util/errors.js';
import { lineOf, parseFile } from '../pipeline/load-config.js';
import { generatorSchema } from '../graph/generators/generated.js';
import { getTask } from '../tasks/registry.js';
import { suggest } from '../util/suggest.js';

const seriesSchema = z
  .object({
    /** label in the table and the figure (default: the task's name) */
    label: z.string().optional(),
    task: z.object({ name: z.string() }).catchall(z.unknown()),
    directed: z.boolean().optional(),
    /** the generator's fixed parameters; each point adds or overrides some */
    generator: z.record(z.string(), z.unknown()),
    points: z.array(z.record(z.string(), z.unknown())).min(2),
  })
  .strict();

export const studySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore'),
    study: z.literal('scalability'),
    output: z.string(),
    seed: z.number().int().default(1),
    /** timed runs per point; the table keeps the fastest of each phase */
    repeats: z.number().int().min(1).default(1),
    backend: z.enum(BACKEND_CHOICES).default('auto'),
    series: z.array(seriesSchema).min(1),
  })
  .strict();

export type StudyConfig = z.infer<typeof studySchema>;
export type SeriesConfig = StudyConfig['series'][number];

/** Whether a parsed YAML document is a study (it has `study:`), not an attack pipeline. */
export function isStudyDocument(path: string): boolean {
  return Object.prototype.hasOwnProperty.call(parseFile(path).value, 'study');
}

/** The kind of study a document is (`study:`), or null for an attack pipeline. */
export function studyKind(path: string): string | null {
  const v = parseFile(path).value as Record<string, unknown>;
  return Object.prototype.hasOwnProperty.call(v, 'study') ? String(v.study) : null;
}

/** Validate a parsed YAML document against a zod schema with file:line errors and key suggestions. */
export function validateDocument<S extends z.ZodType>(path: string, schema: S, knownAt: (keyPath: (string | number)[]) => string[]): z.infer<S> {
  const p = parseFile(path);
  const r = schema.safeParse(p.value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const keyPath = issue.path.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number');
  const at = (kp: (string | number)[], message: string): ConfigError => {
    const line = lineOf(p, kp);
    return new ConfigError(`${path}${line ? `:${line}` : ''}: ${kp.length ? kp.join('.') : '(top level)'}: ${message}`);
  };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = knownAt(keyPath);
    throw at([...keyPath, key], `unknown key${suggest(key, known)}${known.length ? `; expected one of ${known.join(', ')}` : ''}`);
  }
  throw at(keyPath, issue.message);
}

/** Read and validate a study file, with file:line errors; every point's generator is checked. */
export function loadStudy(path: string): StudyConfig {
  const p = parseFile(path);
  const at = (keyPath: (string | number)[], message: string): ConfigError => {
    const line = lineOf(p, keyPath);
    return new ConfigError(`${path}${line ? `:${line}` : ''}: ${keyPath.length ? keyPath.join('.') : '(top level)'}: ${message}`);
  };
  const r = studySchema.safeParse(p.value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const keyPath = issue.path.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number');
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const known = keyPath.length === 0 ? Object.keys(studySchema.shape) : keyPath.length === 2 && keyPath[0] === 'series' ? Object.keys(seriesSchema.shape) : [];
      throw at([...keyPath, key], `unknown key${suggest(key, known)}${known.length ? `; expected one of ${known.join(', ')}` : ''}`);
    }
    throw at(keyPath, issue.message);
  }
  r.data.series.forEach((s, i) => {
    try {
      const { name, ...options } = s.task;
      getTask(name).parseOptions(options);
    } catch (e) {
      if (e instanceof ConfigError) throw at(['series', i, 'task'], e.message);
      throw e;
    }
    s.points.forEach((pt, j) => {
      const g = generatorSchema.safeParse({ ...s.generator, ...pt });
      if (!g.success) throw at(['series', i, 'points', j], `generator ${JSON.stringify({ ...s.generator, ...pt })}: ${g.error.issues[0]!.message} (at ${g.error.issues[0]!.path.join('.') || 'top level'})`);
    });
  });
  return r.data;
}
