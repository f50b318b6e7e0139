/**
 * Task kits: everything task-specific in one object, written in the task's own types, and
 * `defineTask`, which wraps a kit for the registry without casts. A kit gives its options
 * schema (zod, each key described: the one source of CLI flags, YAML keys, help and
 * suggestions), the data kind it reads, fit, derive (one value per element, Eq. 5 applied),
 * deriveAt at any node pair where the closed form is defined, its verification ladder, its
 * metrics and extra outputs. Commands, pipelines and studies read these and never a task's name.
 *
 * Type erasure: the registry holds `Task`s, whose methods take a `TaskFit`. The wrapper
 * remembers every fit its own kit made (a WeakSet) and narrows with it, so a fit handed to
 * another task's derive is an error, not a silent misread.
 */
import type { z } from 'zod';
import type { DataKind, DataSource, LoadContext } from '../data/kind.js';
import type { Graph } from '../graph/graph.js';
import type { EdgeView } from '../graph/edge-view.js';
import type { EdgeColumn } from '../graph/write-edges.js';
import type { Edit, Pairs } from '../graph/edit.js';
import type { FitMetric, Metric } from '../metrics/metric.js';
import type { VerifyReport, VerifyRun } from '../verify/check.js';
import { ConfigError } from '../util/errors.js';
import { parseTaskOptions } from './options.js';
import type { TaskContext, TaskFit } from './task.js';

/** An extra output of `n2n derive` (`--clusters-out`, `--factors-out`, …). */
export interface TaskOutput<F, D> {
  /** the flag, without dashes */
  flag: string;
  /** a file, or a folder of files */
  target: 'file' | 'folder';
  describe: string;
  /** write it; returns what was written, for the log */
  write(path: string, data: D, fit: F): Promise<string>;
}

export interface TaskKit<F extends TaskFit, D, S extends z.ZodObject> {
  name: string;
  description: string;
  data: DataKind<D>;
  /** the graph view the task works on ('either': as the input says) */
  directed: boolean | 'either';
  /** options: a strict zod object, every key `.describe()`d (the help text) */
  options: S;
  /** one-letter CLI aliases of options */
  aliases?: Partial<Record<keyof z.infer<S> & string, string>>;
  /** what the solver's `iterations` count ('products', 'sweeps') */
  steps: string;
  /** the fit; a promise where it runs on a device that reads back asynchronously (webgpu) */
  fit(data: D, options: z.infer<S>, ctx: TaskContext): F | Promise<F>;
  /** B: one value per element of the data (edges in input order, Eq. 5 applied; ratings in rating order) */
  derive(data: D, fit: F): Float64Array;
  /** the same closed form at any node pairs, edges or not (the N2N paper's remark on non-existing edges) */
  deriveAt?(data: D, fit: F, pairs: Pairs): Float64Array;
  /** why there is no deriveAt, when there is none */
  noDeriveAt?: string;
  /**
   * Columns `n2n derive` writes beside the score, one value per pair (the graph's edges, or
   * the --pairs): e.g. the exact change of f if that pair alone were toggled.
   */
  pairColumns?(data: D, fit: F, pairs: Pairs): { name: string; values: Float64Array }[];
  /** the verification ladder: autodiff, finite differences and the task's own references */
  verify(data: D, fit: F, run: VerifyRun): Omit<VerifyReport, 'task'> | Promise<Omit<VerifyReport, 'task'>>;
  /** the task's distortion metrics: the defaults of its pipelines */
  metrics: FitMetric<F>[];
  outputs?: TaskOutput<F, D>[];
  /** release what the fit holds beyond host arrays */
  dispose?(fit: F): void;
}

/** A task bound to its data: what commands, pipelines and attacks work with. */
export interface BoundTask {
  task: Task;
  description: string;
  /** elements: what B has one value per */
  items: number;
  /** size facts (n, m; users, items, m) */
  size: Record<string, number>;
  /** nodes of the graph view */
  nodes: number;
  /** the node graph (candidate pairs, --pairs), where the data has one */
  graph: Graph | null;
  /** the data as a graph, for the attacks' scorers (computed once) */
  view(): EdgeView;
  /** the fit (async: a device solve may read back asynchronously) */
  fit(ctx: TaskContext): Promise<TaskFit>;
  derive(fit: TaskFit): Float64Array;
  /** the closed form at node pairs; a ConfigError where the task has none */
  deriveAt(fit: TaskFit, pairs: Pairs): Float64Array;
  /** the task's extra columns at these pairs (none for most tasks) */
  pairColumns(fit: TaskFit, pairs: Pairs): { name: string; values: Float64Array }[];
  verify(fit: TaskFit, run: VerifyRun): Promise<VerifyReport>;
  /** an extra output by its flag */
  writeOutput(flag: string, path: string, fit: TaskFit): Promise<string>;
  dispose(fit: TaskFit): void;
  /** the same task on the data after an explicit, checked edit within `budget` */
  apply(edit: Edit, budget?: number): BoundTask;
  /** per-element values with the input's labels, atomically; `ids` picks and orders the lines */
  writeTable(path: string, columns: EdgeColumn[], ids?: ArrayLike<number>): Promise<void>;
}

/** A registered task, its types erased. */
export interface Task {
  readonly name: string;
  readonly description: string;
  /** the data kind it reads: name, noun ('a graph') and elements ('edges') */
  readonly data: { readonly name: string; readonly noun: string; readonly elements: string; readonly nodePairs: boolean };
  readonly directed: boolean | 'either';
  readonly steps: string;
  readonly optionSchema: z.ZodObject;
  readonly optionKeys: readonly string[];
  readonly aliases: Readonly<Record<string, string>>;
  /** whether deriveAt exists; when not, why (noDeriveAt) */
  readonly pairs: boolean;
  readonly noDeriveAt?: string;
  readonly metrics: readonly Metric[];
  readonly outputs: readonly { flag: string; target: 'file' | 'folder'; describe: string }[];
  /** validate options and fill defaults; ConfigError on unknown keys or bad values */
  parseOptions(raw: Record<string, unknown>): Record<string, unknown>;
  /** bind data of the task's kind (a ConfigError for another kind) */
  bind(data: unknown): BoundTask;
  /** read or generate the data and bind it */
  load(source: DataSource, field: LoadContext['field']): Promise<BoundTask>;
}

/** A task with its own types kept, for callers that know which task they hold (tests, benches). */
export interface DefinedTask<F extends TaskFit, D> extends Task {
  /** the fit, synchronously: where it ran on an asynchronous device, an error that says to use fitAsync */
  fit(data: D, ctx: TaskContext): F;
  fitAsync(data: D, ctx: TaskContext): Promise<F>;
  derive(data: D, fit: F): Float64Array;
  deriveAt?(data: D, fit: F, pairs: Pairs): Float64Array;
  dispose(fit: F): void;
}

export function defineTask<F extends TaskFit, D, S extends z.ZodObject>(kit: TaskKit<F, D, S>): DefinedTask<F, D> {
  const mine = new WeakSet<TaskFit>();
  const own = (fit: TaskFit): fit is F => mine.has(fit);
  const expect = (fit: TaskFit): F => {
    if (!own(fit)) throw new Error(`${kit.name}: this fit was not made by task '${kit.name}'`);
    return fit;
  };
  const parse = (raw: Record<string, unknown>): z.infer<S> => parseTaskOptions(kit.name, kit.options, raw);
  const fitAsync = async (data: D, ctx: TaskContext): Promise<F> => {
    const f = await kit.fit(data, parse(ctx.options ?? {}), ctx);
    mine.add(f);
    return f;
  };
  const fit = (data: D, ctx: TaskContext): F => {
    const f = kit.fit(data, parse(ctx.options ?? {}), ctx);
    if (f instanceof Promise) {
      f.catch(() => undefined); // reported through the error below, never as an unhandled rejection
      throw new Error(`${kit.name}: this fit runs on a device that reads back asynchronously (webgpu); call fitAsync (the commands and pipelines do)`);
    }
    mine.add(f);
    return f;
  };
  const dispose = (f: F): void => kit.dispose?.(f);
  const outputs = kit.outputs ?? [];
  const at = kit.deriveAt?.bind(kit);

  const bindData = (data: D): BoundTask => {
    let view: EdgeView | undefined;
    return {
      task,
      description: kit.data.describe(data),
      items: kit.data.count(data),
      size: kit.data.size(data),
      nodes: kit.data.nodes(data),
      graph: kit.data.graph(data),
      view: () => (view ??= kit.data.view(data)),
      fit: (ctx) => fitAsync(data, ctx),
      derive: (f) => kit.derive(data, expect(f)),
      deriveAt(f, pairs) {
        if (!at) throw new ConfigError(`task '${kit.name}' has no closed form at arbitrary pairs${kit.noDeriveAt ? ` (${kit.noDeriveAt})` : ''}`);
        return at(data, expect(f), pairs);
      },
      pairColumns: (f, pairs) => kit.pairColumns?.(data, expect(f), pairs) ?? [],
      verify: async (f, run) => ({ ...(await kit.verify(data, expect(f), run)), task: kit.name }),
      writeOutput(flag, path, f) {
        const out = outputs.find((o) => o.flag === flag);
        if (!out) throw new ConfigError(`--${flag}: task '${kit.name}' has no such output${outputs.length ? `; it writes ${outputs.map((o) => `--${o.flag}`).join(', ')}` : ''}`);
        return out.write(path, data, expect(f));
      },
      dispose: (f) => dispose(expect(f)),
      apply: (edit, budget = Infinity) => bindData(kit.data.apply(data, edit, budget)),
      writeTable: (path, columns, ids) => kit.data.writeTable(path, data, columns, ids),
    };
  };

  const task: DefinedTask<F, D> = {
    name: kit.name,
    description: kit.description,
    data: { name: kit.data.name, noun: kit.data.noun, elements: kit.data.elements, nodePairs: kit.data.nodePairs },
    directed: kit.directed,
    steps: kit.steps,
    optionSchema: kit.options,
    optionKeys: Object.keys(kit.options.shape),
    aliases: Object.fromEntries(Object.entries(kit.aliases ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')),
    pairs: at !== undefined,
    ...(kit.noDeriveAt ? { noDeriveAt: kit.noDeriveAt } : {}),
    metrics: kit.metrics.map((m) => ({
      name: m.name,
      task: kit.name,
      description: m.description,
      title: m.title,
      elements: kit.data.elements,
      compute: (clean: TaskFit, perturbed: TaskFit) => m.compute(expect(clean), expect(perturbed)),
      ...(m.appliesTo ? { appliesTo: m.appliesTo } : {}),
    })),
    outputs: outputs.map(({ flag, target, describe }) => ({ flag, target, describe })),
    parseOptions: parse,
    bind(data) {
      if (!kit.data.is(data)) throw new ConfigError(`task '${kit.name}' reads ${kit.data.noun}`);
      return bindData(data);
    },
    load: async (source, field) => bindData(await kit.data.load(source, { task: kit.name, directed: kit.directed, field })),
    fit,
    fitAsync,
    derive: (data, f) => kit.derive(data, f),
    ...(at ? { deriveAt: at } : {}),
    dispose,
  };
  return task;
}
