/**
 * One solver, two ways to run it. A device that can read back only asynchronously (tfjs-webgpu
 * in Node: `await data()`, never `dataSync()`) and the host's float64 arrays (always
 * synchronous) share every Krylov driver: a driver is a generator that yields each value it
 * must read back (a norm, a dot product, projection coefficients), and a runner feeds the value
 * back: `runSync` for host spaces (no promise, no microtask: the host keeps its speed) and
 * `runAsync` for device spaces (it awaits each read-back).
 *
 *   function* solveSteps(space) { const n = yield* read(space.norm(x)); … }
 *   const solve = (…) => runSync(solveSteps(…));         const solveAsync = (…) => runAsync(solveSteps(…));
 */

/** A value now, or one a device will deliver. */
export type Maybe<T> = T | Promise<T>;

/**
 * A driver's generator: it yields read-backs and is resumed with their values. (The sent
 * value's type is `any` here; each `read` gives its own call site the precise type.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Steps<R> = Generator<unknown, R, any>;

/** Read a value back inside a driver: `const n = yield* read(space.norm(x))`. */
export function* read<T>(value: Maybe<T>): Generator<Maybe<T>, T, T> {
  return yield value;
}

/** Run a driver whose every read-back is immediate (host spaces); a promise means a device space was given to a synchronous solve. */
export function runSync<R>(steps: Steps<R>): R {
  let r = steps.next();
  while (!r.done) {
    if (r.value instanceof Promise) throw new Error('a device read-back inside a synchronous solve: this vector space reads back asynchronously; call the solver’s async form');
    r = steps.next(r.value);
  }
  return r.value;
}

/** Run a driver on a space whose read-backs may be promises, awaiting each. */
export async function runAsync<R>(steps: Steps<R>): Promise<R> {
  let r = steps.next();
  while (!r.done) r = steps.next(await r.value);
  return r.value;
}

/** Run a driver synchronously, or awaiting its read-backs when `async` (a device that can only read back so). */
export function runEither<R>(steps: Steps<R>, async: boolean): R | Promise<R> {
  return async ? runAsync(steps) : runSync(steps);
}
