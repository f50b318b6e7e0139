/**
 * n2n as a library: the front door. Everything here is a named export; the signatures are
 * async so that a backend which can only read back asynchronously fits without breaking callers.
 *
 *   import { loadGraph, derive } from 'n2n';
 *   const graph = await loadGraph('karate.tsv', { directed: false });
 *   const { B, fit } = await derive('hits', graph, { seed: 1 });  // B: one value per edge, input order
 */
import { currentBackend, initBackend, type BackendChoice, type BackendReport } from './backend/load-backend.js';
import { loadGraph as loadGraphFile, type LoadGraphOptions } from './graph/load-graph.js';
import { loadRatings as loadRatingsFile, type LoadRatingsOptions } from './ratings/load-ratings.js';
import type { Graph } from './graph/graph.js';
import type { Ratings } from './ratings/ratings.js';
import { allTasks, getTask } from './tasks/registry.js';
import type { BoundTask } from './tasks/kit.js';
import type { TaskFit } from './tasks/task.js';
import { ConfigError, ConvergenceError, IllPosedError } from './util/errors.js';
import { optionFacts, type OptionFacts } from './tasks/options.js';
import { dataKindNames, getDataKind } from './data/registry.js';
import type { VerifyReport } from './verify/check.js';
import { loadPipeline } from './pipeline/load-config.js';
import { runPipeline as runPipelineConfig, type PipelineOutcome, type RunOptions } from './pipeline/run-pipeline.js';
import { pipelineSchema, type PipelineConfig } from './pipeline/schema.js';
import { INTERVENTION_METHODS } from './tasks/lcc/intervene/methods.js';
import { targetsByLabel } from './tasks/lcc/targets.js';
import { assessIntervention, type InterventionReport } from './tasks/lcc/intervene/check.js';
export type { InterventionReport } from './tasks/lcc/intervene/check.js';

export type { Graph } from './graph/graph.js';
export type { Ratings } from './ratings/ratings.js';
export type { TaskFit, WellPosedness, SolverReport } from './tasks/task.js';
export type { Task, BoundTask } from './tasks/kit.js';
export type { OptionFacts } from './tasks/options.js';
export type { VerifyReport, CheckResult } from './verify/check.js';
export type { PipelineConfig } from './pipeline/schema.js';
export type { PipelineOutcome, RunOptions } from './pipeline/run-pipeline.js';
export type { LoadGraphOptions } from './graph/load-graph.js';
export type { LoadRatingsOptions } from './ratings/load-ratings.js';
export type { BackendChoice, BackendReport } from './backend/load-backend.js';
export { toGraphology, fromGraphology } from './graph/graphology.js';
export { buildGraph } from './graph/graph.js';
export { generateGraph, generateRatings } from './graph/generators/generated.js';
export { setDeviceFirst } from './backend/placement.js';
export { N2nError, InputError, ConfigError, IllPosedError, ConvergenceError } from './util/errors.js';

/** The tasks n2n derives ('hits', 'spectral', 'completion'): each with the data kind it reads and its options. */
export function tasks(): { name: string; input: string; description: string; options: OptionFacts[]; metrics: string[]; pairs: boolean }[] {
  return allTasks().map((t) => ({
    name: t.name,
    input: t.data.name,
    description: t.description,
    options: optionFacts(t.optionSchema),
    metrics: t.metrics.map((m) => m.name),
    pairs: t.pairs,
  }));
}

/** The data kinds tasks read ('graph', 'ratings'). */
export function dataKinds(): { name: string; noun: string; elements: string }[] {
  return dataKindNames().map((name) => {
    const { noun, elements } = getDataKind(name);
    return { name, noun, elements };
  });
}

/** Load the tensor backend (default: the embedded cpu backend, deterministic everywhere). */
export async function useBackend(choice: BackendChoice = 'cpu'): Promise<BackendReport> {
  return initBackend(choice);
}

async function ensureBackend(): Promise<void> {
  if (!currentBackend()) await initBackend('cpu');
}

/** A graph from an edge-list file (SNAP, KONECT, Matrix Market, TSV/CSV; gzip allowed). */
export async function loadGraph(path: string, options: LoadGraphOptions = {}): Promise<Graph> {
  return (await loadGraphFile(path, options)).graph;
}

/** A rating matrix (MovieLens, HetRec, triples, Matrix Market). */
export async function loadRatings(path: string, options: LoadRatingsOptions = {}): Promise<Ratings> {
  return (await loadRatingsFile(path, options)).ratings;
}

export interface DeriveOptions {
  seed?: number;
  /** the task's options (hits: precision; spectral: clusters, component, …; completion: rank, lambda, iters, …) */
  options?: Record<string, unknown>;
  log?: (message: string) => void;
}

export interface Derived<F extends TaskFit = TaskFit> {
  /** one value per edge (graphs, input order, Eq. 5 applied) or per rating (rating order) */
  B: Float64Array;
  /** the fit B came from: objective f, solver facts, well-posedness */
  fit: F;
}

function bind(taskName: string, data: Graph | Ratings): BoundTask {
  return getTask(taskName).bind(data);
}

/**
 * The derivative network B of a task on a graph or rating matrix. Throws IllPosedError where B
 * does not exist and ConvergenceError where the solve could not tell, unless `allowIllPosed` /
 * `allowUnconverged` (then the fit's `wellPosed` says which).
 */
export async function derive(
  taskName: string,
  data: Graph | Ratings,
  options: DeriveOptions & { allowIllPosed?: boolean; allowUnconverged?: boolean } = {},
): Promise<Derived> {
  await ensureBackend();
  const bound = bind(taskName, data);
  const task = getTask(taskName);
  const taskOptions = task.parseOptions(options.options ?? {});
  const fit = await bound.fit({ seed: options.seed ?? 1, options: taskOptions, log: options.log });
  if (fit.wellPosed.illPosed && !options.allowIllPosed) throw new IllPosedError(`${taskName}: ${fit.wellPosed.detail}`);
  if (fit.wellPosed.unresolved && !options.allowUnconverged) throw new ConvergenceError(`${taskName}: the solver did not converge: ${fit.wellPosed.detail}`);
  return { B: bound.derive(fit), fit };
}

/** Check a task's B on this data (autodiff, finite differences and the task's own references). */
export async function verify(taskName: string, data: Graph | Ratings, options: DeriveOptions & { sample?: number } = {}): Promise<VerifyReport> {
  await ensureBackend();
  const bound = bind(taskName, data);
  const task = getTask(taskName);
  const fit = await bound.fit({ seed: options.seed ?? 1, options: task.parseOptions(options.options ?? {}), log: options.log });
  try {
    return await bound.verify(fit, { seed: options.seed ?? 1, sample: options.sample ?? 8, log: options.log });
  } finally {
    bound.dispose(fit);
  }
}

/** Run a pipeline: a YAML file's path, or a config object (validated as the file would be). */
export async function runPipeline(pipeline: string | PipelineConfig, options: RunOptions = {}): Promise<PipelineOutcome> {
  let config: PipelineConfig;
  if (typeof pipeline === 'string') config = loadPipeline(pipeline);
  else {
    const parsed = pipelineSchema.safeParse(pipeline);
    if (!parsed.success) throw new ConfigError(`runPipeline: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
    config = parsed.data;
  }
  return runPipelineConfig(config, options);
}

export interface InterveneOptions {
  /** crpd (one target), oisa (a target set), bum, sim, tea, n2n, enum */
  method?: string;
  /** the target nodes, by label */
  targets: readonly string[];
  budget: number;
  /** the largest rise of any node's LCC over its input value (default 0.1) */
  epsilon?: number;
  minDegree?: number;
  minCloseness?: number;
  minBetweenness?: number;
}

/**
 * Network intervention: edges to add (labels) that lower the targets' local clustering, and
 * the independent check's report (targets before/after, violations). Throws ConfigError with
 * the broken constraints when the plan breaks one.
 */
export async function intervene(graph: Graph, options: InterveneOptions): Promise<{ added: [string, string][]; report: InterventionReport }> {
  const method = INTERVENTION_METHODS[options.method ?? (options.targets.length === 1 ? 'crpd' : 'oisa')];
  if (!method) throw new ConfigError(`intervene: method '${options.method}' is not one of ${Object.keys(INTERVENTION_METHODS).join(', ')}`);
  const problem = {
    graph,
    targets: targetsByLabel(options.targets, graph),
    budget: options.budget,
    epsilon: options.epsilon ?? 0.1,
    ...(options.minDegree !== undefined ? { minDegree: options.minDegree } : {}),
    ...(options.minCloseness !== undefined ? { minCloseness: options.minCloseness } : {}),
    ...(options.minBetweenness !== undefined ? { minBetweenness: options.minBetweenness } : {}),
  };
  const result = method(problem);
  const report = assessIntervention(problem, result.added, result.method, result.seconds);
  if (report.violations.length) throw new ConfigError(`${result.method}: the plan breaks ${report.violations.length} constraint(s): ${report.violations.join('; ')}`);
  return { added: result.added.map(([a, b]) => [graph.labels[a]!, graph.labels[b]!]), report };
}

// subgraph detection in interdependent networks (GBGP) and the connected-support projections
export { readInterdependent, type Interdependent } from './graph/interdependent.js';
export { detect, DETECT_METHODS, type DetectOptions, type Detection } from './tasks/detect/methods.js';
export { evolvingGrid, baNetworkOfNetworks, writePlanted } from './tasks/detect/generators.js';
export { scoreDetection } from './tasks/detect/metrics.js';
export { pcsf } from './sparsity/pcsf.js';
export { headProjection } from './sparsity/head.js';
export { tailProjection } from './sparsity/tail.js';
