/**
 * The pipeline file: a validated YAML document. Unknown keys are errors with a suggestion
 * and the line they are on; `extends:` merges fragments from configs/ (later files win).
 */
import { BACKEND_CHOICES } from '../backend/load-backend.js';
import { z } from 'zod';
import { getTask, taskNames } from '../tasks/registry.js';
import { FORMAT_NAMES, HEADER_MODES } from '../graph/formats/format.js';
import { RATING_FORMATS } from '../ratings/load-ratings.js';
import { GENERATOR_KEYS, generatorSchema } from '../graph/generators/generated.js';

export const datasetSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore').optional(),
    path: z.string().optional(),
    /** the node table of an attributed graph (gcrf), resolved like path */
    nodes: z.string().optional(),
    /** a Table-3 dataset by name (n2n datasets), found under the data folder */
    registry: z.string().optional(),
    format: z.enum([...new Set(['auto', ...FORMAT_NAMES, ...RATING_FORMATS])] as [string, ...string[]]).default('auto'),
    directed: z.boolean().optional(),
    weighted: z.boolean().default(false),
    binary: z.boolean().optional(),
    duplicates: z.enum(['max', 'sum', 'first', 'error']).default('max'),
    selfLoops: z.enum(['auto', 'keep', 'drop']).default('auto'),
    /** CSV/TSV edge lists: the first data line is a column header (auto: recognised) */
    header: z.enum(HEADER_MODES).default('auto'),
    /** graphs: keep only the largest connected component */
    largestComponent: z.boolean().optional(),
    generator: generatorSchema.optional(),
  })
  .strict()
  .refine((d) => [d.path, d.generator, d.registry].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of dataset.path (a file), dataset.registry (a dataset of n2n datasets) or dataset.generator',
  });

/** A list whose values must differ (a repeated budget or seed would be computed twice). */
function distinct<T extends z.ZodArray<z.ZodNumber>>(schema: T, what: string) {
  return schema.superRefine((values, ctx) => {
    const seen = new Set<number>();
    for (const v of values as number[]) {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `${what} ${v} is listed more than once` });
      seen.add(v);
    }
  });
}

/** `name` plus the task's own options, which the task validates (parseOptions). */
export const taskSchema = z
  .object({
    name: z.string(),
  })
  .catchall(z.unknown());

/** `n2n` or `{ name: contain, rank: 20 }`; the scorer validates its options. */
const attackSchema = z.union([z.string(), z.object({ name: z.string(), greedy: z.boolean().optional(), label: z.string().optional() }).catchall(z.unknown())]);

export const pipelineSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore'),
    extends: z.union([z.string(), z.array(z.string())]).optional(),
    dataset: datasetSchema,
    task: taskSchema,
    attacks: z.array(attackSchema).min(1),
    budgets: distinct(z.array(z.number().int().nonnegative()).min(1), 'budget'),
    seeds: distinct(z.array(z.number().int()).min(1), 'seed').default([1]),
    metrics: z.array(z.string()).optional(),
    backend: z.enum(BACKEND_CHOICES).default('auto'),
    output: z.string(),
    /** dotted path → list of values; every combination is a variant of the pipeline */
    sweep: z.record(z.string(), z.array(z.unknown()).min(1)).optional(),
  })
  .strict();

export type PipelineConfig = z.infer<typeof pipelineSchema>;
export type DatasetConfig = PipelineConfig['dataset'];

/** Every key the schema knows at each object path (for suggestions). */
export const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys(pipelineSchema.shape),
  dataset: ['name', 'path', 'nodes', 'registry', 'format', 'directed', 'weighted', 'binary', 'duplicates', 'selfLoops', 'header', 'largestComponent', 'generator'],
  'dataset.generator': GENERATOR_KEYS,
  task: ['name', ...new Set(taskNames().flatMap((t) => getTask(t).optionKeys))],
};
