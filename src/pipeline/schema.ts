/**
 * The pipeline file: a validated YAML document. Unknown keys are errors with a suggestion
 * and the line they are on; `extends:` merges fragments from configs/ (later files win).
 */
import { z } from 'zod';
import { getTask, taskNames } from '../tasks/registry.js';

const generatorSchema = z
  .object({
    kind: z.literal('rmat'),
    scale: z.number().int().min(1).max(30),
    edgeFactor: z.number().positive(),
    a: z.number().optional(),
    b: z.number().optional(),
    c: z.number().optional(),
    seed: z.number().int().default(1),
  })
  .strict();

export const datasetSchema = z
  .object({
    name: z.string().optional(),
    path: z.string().optional(),
    format: z.enum(['auto', 'snap', 'konect', 'mtx', 'tsv']).default('auto'),
    directed: z.boolean().optional(),
    weighted: z.boolean().default(false),
    duplicates: z.enum(['max', 'sum', 'first', 'error']).default('max'),
    selfLoops: z.enum(['auto', 'keep', 'drop']).default('auto'),
    generator: generatorSchema.optional(),
  })
  .strict()
  .refine((d) => (d.path === undefined) !== (d.generator === undefined), {
    message: 'give exactly one of dataset.path (a file) or dataset.generator',
  });

/** `name` plus the task's own options, which the task validates (parseOptions). */
export const taskSchema = z
  .object({
    name: z.string(),
  })
  .catchall(z.unknown());

export const pipelineSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore'),
    extends: z.union([z.string(), z.array(z.string())]).optional(),
    dataset: datasetSchema,
    task: taskSchema,
    attacks: z.array(z.string()).min(1),
    budgets: z.array(z.number().int().nonnegative()).min(1),
    seeds: z.array(z.number().int()).min(1).default([1]),
    metrics: z.array(z.string()).optional(),
    backend: z.enum(['auto', 'tensorflow', 'cpu', 'wasm']).default('auto'),
    output: z.string(),
  })
  .strict();

export type PipelineConfig = z.infer<typeof pipelineSchema>;

/** Every key the schema knows at each object path (for suggestions). */
export const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys(pipelineSchema.shape),
  dataset: ['name', 'path', 'format', 'directed', 'weighted', 'duplicates', 'selfLoops', 'generator'],
  'dataset.generator': Object.keys(generatorSchema.shape),
  task: ['name', ...new Set(taskNames().flatMap((t) => getTask(t).optionKeys))],
};
