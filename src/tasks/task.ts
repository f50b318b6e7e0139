/**
 * What every task's fit carries: the objective f, the solver's convergence facts and whether
 * B exists there. A task's kit (kit.ts) adds its own fields; tasks are registered in `registry.ts`.
 */

export interface TaskContext {
  seed: number;
  /** task options (the pipeline's `task:` block less `name`, or CLI flags); see parseOptions */
  options?: Record<string, unknown>;
  /** progress and warnings go here (stderr in the CLI) */
  log?: (message: string) => void;
  /**
   * A fit of the same task on data with the same nodes (the clean fit, when refitting after an
   * attack's edit): an iterative solver may start from it. Tasks use it only where the answer
   * stays the same to the accuracy they state (spectral, HITS: the same acceptance tests), or
   * where an option asks for it (completion's warmStart); one that does not match is ignored.
   */
  warmStart?: TaskFit;
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
