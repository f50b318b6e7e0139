/**
 * The typed error family. A user mistake (bad file, bad option, bad config) is an
 * `N2nError` subclass: the CLI prints its message and exits non-zero without a stack
 * trace. Anything else is a bug and is printed with its stack.
 */
export class N2nError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed input data: names the file, the 1-based line and what was expected. */
export class InputError extends N2nError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(line == null ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
  }
}

/** A bad option or configuration value. */
export class ConfigError extends N2nError {}

/** A solver did not reach the accuracy it was asked for and the caller required it. */
export class ConvergenceError extends N2nError {}

/** The derivative is not defined (e.g. a repeated eigenvalue at the cut). */
export class IllPosedError extends N2nError {}

/** A requested backend could not be loaded. */
export class BackendError extends N2nError {}
