/**
 * A pool of worker threads for the host kernels (kernels.ts), sharing memory through
 * SharedArrayBuffer and synchronised with Atomics, so a synchronous solver can hand out a
 * loop and block until every thread is done.
 *
 * Work is cut into chunks that depend only on the problem (never on the thread count); the
 * main thread runs the first share of chunks and the workers the rest. Reductions write one
 * partial per chunk, summed in chunk order, so results are bit-identical whatever the number
 * of threads (1 included). A kernel that throws in a worker is re-run on the main thread,
 * where its error surfaces with its stack.
 *
 * Threads: `N2N_THREADS` (or `setThreads`, the CLI's --threads), default the machine's
 * available parallelism. With one thread, or when workers cannot start, everything runs on
 * the main thread.
 */
import { ConfigError } from '../util/errors.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KERNELS, type Kernel, type KernelArgs, type KernelName } from './kernels.js';

/**
 * A kernel generated at run time (e.g. specialised to a rank): its source text, a function
 * expression with the same contract as the kernels in kernels.ts, is compiled here once and
 * in each worker the first time a pool runs it.
 */
export interface GeneratedKernel {
  readonly name: string;
  readonly source: string;
  readonly fn: Kernel;
}

const generated = new Map<string, GeneratedKernel>();

/** The kernel `name` compiled from `source()` (built once per name; `name` must identify the source). */
export function generatedKernel(name: string, source: () => string): GeneratedKernel {
  let k = generated.get(name);
  if (!k) {
    const text = source();
    k = { name, source: text, fn: new Function(`return (${text});`)() as Kernel };
    generated.set(name, k);
  }
  return k;
}

/** Below this many elements a loop runs on the main thread (messages would cost more). */
export const PARALLEL_MIN = 1 << 15;
/** Vector loops are cut into at most this many chunks. */
export const MAX_CHUNKS = 32;
const MIN_CHUNK = 1 << 13;

/** A Float64Array on a SharedArrayBuffer (zero-filled). */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(n, 0) * 8));
}

/** An Int32Array on a SharedArrayBuffer (zero-filled). */
export function sharedInt32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(n, 0) * 4));
}

export function isShared(a: ArrayBufferView): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

/** Chunk bounds of a vector of length n: depends on n only. */
export function vectorChunks(n: number): Int32Array {
  const c = Math.max(1, Math.min(MAX_CHUNKS, Math.floor(n / MIN_CHUNK)));
  const b = new Int32Array(c + 1);
  for (let i = 0; i <= c; i++) b[i] = Math.round((i * n) / c);
  return b;
}

/**
 * Row chunks of a CSR matrix with about equal work in each, counting a stored entry as 1 and
 * a row as `rowWeight`; at most `maxChunks` of them.
 */
export function rowChunks(rowPtr: Int32Array, nRows: number, rowWeight = 1, maxChunks = MAX_CHUNKS): Int32Array {
  const nnz = rowPtr[nRows]!;
  const work = nnz + rowWeight * nRows;
  const c = Math.max(1, Math.min(maxChunks, Math.floor(work / (MIN_CHUNK * 4))));
  const b = new Int32Array(c + 1);
  let row = 0;
  for (let i = 1; i < c; i++) {
    const target = (i * work) / c;
    while (row < nRows && rowPtr[row]! + rowWeight * row < target) row++;
    b[i] = row;
  }
  b[c] = nRows;
  return b;
}

function workerSource(): string {
  const defs = Object.entries(KERNELS)
    .map(([name, fn]) => `K[${JSON.stringify(name)}] = (${fn.toString()});`)
    .join('\n');
  return `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const K = Object.create(null);
${defs}
const flags = workerData.flags;
const me = workerData.index;
parentPort.on('message', (m) => {
  if (m.define !== undefined) {
    // a generated kernel; a failure here shows up as a failed run, which the main thread redoes
    try {
      K[m.define] = new Function('return (' + m.source + ');')();
    } catch (e) {}
    return;
  }
  let ok = true;
  try {
    const f = K[m.op];
    for (let c = m.c0; c < m.c1; c++) f(m.args, m.bounds[c], m.bounds[c + 1], c);
  } catch (e) {
    ok = false;
  }
  Atomics.store(flags, me, ok ? m.seq : -m.seq);
  Atomics.notify(flags, me);
});
`;
}

export class ThreadPool {
  private readonly workers: Worker[] = [];
  private readonly flags: Int32Array;
  private seq = 0;
  private closed = false;
  private readonly defined = new Set<string>();

  constructor(readonly threads: number) {
    this.flags = sharedInt32(Math.max(threads, 1));
    if (threads > 1) {
      const src = workerSource();
      try {
        for (let t = 1; t < threads; t++) {
          const w = new Worker(src, { eval: true, workerData: { flags: this.flags, index: t } });
          w.unref();
          w.on('error', () => {
            /* a failed worker leaves its flag unset; see wait() */
          });
          this.workers.push(w);
        }
      } catch {
        for (const w of this.workers) void w.terminate();
        this.workers.length = 0;
      }
    }
  }

  /** Threads that actually run work (the main thread included). */
  get size(): number {
    return this.workers.length + 1;
  }

  /**
   * Run `kernel` over every chunk [bounds[c], bounds[c+1]). Typed arrays in `args` must be
   * shared (SharedArrayBuffer) for the work to leave the main thread; otherwise it all runs
   * here, as does work below PARALLEL_MIN elements (`work`, default the span of `bounds`: pass
   * it when a bound counts rows that each hold many entries).
   */
  run(kernel: KernelName | GeneratedKernel, args: KernelArgs, bounds: Int32Array, work?: number): void {
    const chunks = bounds.length - 1;
    const f = typeof kernel === 'string' ? KERNELS[kernel] : kernel.fn;
    const span = work ?? bounds[chunks]! - bounds[0]!;
    const helpers = this.closed ? 0 : Math.min(this.workers.length, chunks - 1);
    if (helpers <= 0 || span < PARALLEL_MIN || !allShared(args)) {
      for (let c = 0; c < chunks; c++) f(args, bounds[c]!, bounds[c + 1]!, c);
      return;
    }
    const op = typeof kernel === 'string' ? kernel : `generated:${kernel.name}`;
    if (typeof kernel !== 'string' && !this.defined.has(op)) {
      for (const w of this.workers) w.postMessage({ define: op, source: kernel.source });
      this.defined.add(op);
    }
    const parts = helpers + 1;
    const seq = (this.seq = (this.seq % 0x3fffffff) + 1);
    const first = (t: number): number => Math.floor((t * chunks) / parts);
    for (let t = 1; t < parts; t++) {
      Atomics.store(this.flags, t, 0);
      this.workers[t - 1]!.postMessage({ op, args, bounds, c0: first(t), c1: first(t + 1), seq });
    }
    for (let c = 0; c < first(1); c++) f(args, bounds[c]!, bounds[c + 1]!, c);
    for (let t = 1; t < parts; t++) {
      for (;;) {
        const v = Atomics.load(this.flags, t);
        if (v === seq) break;
        if (v === -seq) {
          // the worker's kernel threw: run its chunks here, where the error has a stack
          for (let c = first(t); c < first(t + 1); c++) f(args, bounds[c]!, bounds[c + 1]!, c);
          break;
        }
        Atomics.wait(this.flags, t, v, 1000);
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}

function allShared(args: KernelArgs): boolean {
  for (const a of args) {
    if (ArrayBuffer.isView(a) && !isShared(a)) return false;
  }
  return true;
}

let configured: number | null = null;
let pool: ThreadPool | null = null;

/** Threads wanted: setThreads, else N2N_THREADS, else the machine's parallelism. */
export function threadCount(): number {
  if (configured !== null) return configured;
  const env = process.env['N2N_THREADS'];
  if (env !== undefined && env !== '') {
    const t = Number(env);
    if (Number.isInteger(t) && t >= 1) return t;
    throw new ConfigError(`N2N_THREADS must be a positive integer, got '${env}'`);
  }
  return Math.max(1, availableParallelism());
}

/** Use t threads from now on (closing a pool of another size). */
export function setThreads(t: number): void {
  if (!Number.isInteger(t) || t < 1) throw new RangeError(`threads must be a positive integer, got ${t}`);
  configured = t;
  if (pool && pool.threads !== t) {
    pool.close();
    pool = null;
  }
}

/** The shared pool, started on first use. */
export function getPool(): ThreadPool {
  const t = threadCount();
  if (!pool || pool.threads !== t) {
    pool?.close();
    pool = new ThreadPool(t);
  }
  return pool;
}
