/**
 * The task interface: fit the mining algorithm, evaluate its objective f, and give the
 * closed-form derivative network B. Tasks are registered in `registry.ts`.
 */
import type { Graph } from '../graph/graph.js';
import type { Ratings } from '../ratings/ratings.js';

export interface TaskContext {
  seed: number;
  /** task options (the pipeline's `task:` block less `name`, or CLI flags); see parseOptions */
  options?: Record<string, unknown>;
  /** progress and warnings go here (stderr in the CLI) */
  log?: (message: string) => void;
}

export interface SolverReport {
  solver: string;
  precision: 'float32' | 'float64';
  iterations: number;
  converged: boolean;
  /** worst residual, relative to the scale the solver states */
  residual: number;
  [key: string]: unknown;
}

/**
 * Whether B exists at the computed answer. Three outcomes, never confused: well-posed (the
 * gap that B needs is resolved), ill-posed (the gap is shown to be zero at an accuracy finer
 * than the threshold: B does not exist) and unresolved (the solver did not converge far
 * enough to tell; a more precise or longer solve can).
 */
export interface WellPosedness {
  illPosed: boolean;
  /** the solver did not resolve the gap that decides it (not the same as ill-posed) */
  unresolved?: boolean;
  /** human-readable statement of the gap that decides it */
  detail: string;
}

export interface TaskFit {
  /** f at the solution */
  objective: number;
  solver: SolverReport;
  wellPosed: WellPosedness;
}

/** What a task reads: a graph (HITS, spectral) or a bipartite rating matrix (completion). */
export type TaskInput = Graph | Ratings;

export interface Task<F extends TaskFit = TaskFit, D extends TaskInput = Graph> {
  readonly name: string;
  readonly description: string;
  /** 'graph' tasks read edge lists, 'ratings' tasks read rating files */
  readonly input: D extends Ratings ? 'ratings' : 'graph';
  /** graph view the task works on (ratings: the bipartite matrix, 'either') */
  readonly directed: boolean | 'either';
  /** option names the task accepts (for suggestions) */
  readonly optionKeys: readonly string[];
  /** validate options and fill defaults; ConfigError on unknown keys or bad values */
  parseOptions(raw: Record<string, unknown>): unknown;
  fit(data: D, ctx: TaskContext): F;
  /** B, one value per edge of graph.edges (Eq. 5 applied), or per rating in rating order */
  derive(data: D, fit: F): Float64Array;
  /**
   * The same closed form at any node pairs, edges or not (the N2N paper's remark on
   * non-existing edges): absent where the task's derivative is defined only on observed
   * elements (completion's Lemma 6).
   */
  deriveAt?(data: D, fit: F, pairs: { src: Int32Array; dst: Int32Array }): Float64Array;
  /** release the fit's tensors */
  dispose(fit: F): void;
}

export type GraphTask = Task<TaskFit, Graph>;
export type RatingsTask = Task<TaskFit, Ratings>;
/** A registered task of either input kind; narrow on `input`. */
export type AnyTask = GraphTask | RatingsTask;
