/**
 * out[i] = f(i) for i < n, in a plain loop. `Float64Array.from(source, mapFn)` takes V8's slow
 * path: 7.4 s against about 0.1 s for a loop over 16M entries (measured on the GCRF scaling).
 */
export function tabulate(n: number, f: (i: number) => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
}
