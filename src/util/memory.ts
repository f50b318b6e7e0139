/**
 * A full garbage collection on demand, at the end of phases that drop large typed arrays
 * (parsing a 16M-line edge list leaves ~840 MB of parse buffers behind). V8 frees array
 * buffers only when a major collection happens to run; without this the peak RSS of the same
 * `derive` on R-MAT scale 22 varied between 1.66 and 2.45 GB from run to run, with it the peak
 * follows the live data. A collection of n2n's small heap takes tens of milliseconds.
 *
 * Node exposes `gc` only under --expose-gc; the flag is set at run time and the function
 * taken from a fresh context. Where that fails the call does nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const f: unknown = runInNewContext('gc');
      gc = typeof f === 'function' ? (f as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
