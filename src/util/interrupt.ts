/**
 * What a process must undo when it is stopped: temporary files it is writing, locks it holds,
 * a manifest to mark `interrupted`. Cleanups register here; on SIGINT or SIGTERM the CLI runs
 * them (synchronously: the process is about to exit), says "interrupted" and exits 130 / 143.
 */
const cleanups = new Set<() => void>();

/** Register a synchronous cleanup; returns the function that unregisters it. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Run every registered cleanup (last registered first), each at most once. */
export function runInterruptCleanups(): void {
  for (const c of [...cleanups].reverse()) {
    cleanups.delete(c);
    try {
      c();
    } catch {
      /* best effort: the process is exiting */
    }
  }
}

let installed = false;

/** Install the SIGINT / SIGTERM handlers (the CLI does, once). */
export function installInterruptHandlers(say: (message: string) => void): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      runInterruptCleanups();
      say(`n2n: interrupted (${signal}); temporary files removed, nothing half-written left`);
      process.exit(code);
    });
  }
}
