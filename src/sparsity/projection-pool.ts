/**
 * Head and tail projections of many blocks at once, on worker threads (GBGP's per-block steps,
 * Algorithm 1). Every worker holds all block graphs (sent once when the pool opens); a request
 * splits the blocks into shares of about equal edges, fixed by the blocks alone, and the main
 * thread computes its own share while the workers compute theirs. A block's projection does
 * not depend on which thread computes it, so the result is the same for any thread count.
 *
 * With one thread, or where the compiled worker file is not there (running from TypeScript
 * sources, as the tests do), everything runs on the main thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { headProjection } from './head.js';
import { tailProjection } from './tail.js';
import type { PcsfGraph } from './pcsf.js';

export interface BlockGraph {
  graph: PcsfGraph;
  weights: Float64Array;
}

export interface ProjectionRequest {
  kind: 'head' | 'tail';
  s: number;
  jobs: { block: number; x: Float64Array }[];
}

export type ProjectionReply = { block: number; support: Int32Array; calls: number }[];

export class ProjectionPool {
  private constructor(
    private readonly blocks: BlockGraph[],
    private readonly workers: Worker[],
    /** shares[t]: the blocks thread t computes (t = 0: the main thread) */
    private readonly shares: number[][],
  ) {}

  /** A pool for these blocks on `threads` threads in all (the main thread included). */
  static open(blocks: BlockGraph[], threads: number): ProjectionPool {
    const workerFile = fileURLToPath(new URL('./projection-worker.js', import.meta.url));
    const count = Math.max(1, Math.min(threads, blocks.length));
    const usable = count > 1 && existsSync(workerFile);
    const shares = split(blocks, usable ? count : 1);
    const workers = usable ? shares.slice(1).map(() => new Worker(workerFile, { workerData: { blocks } })) : [];
    for (const w of workers) w.unref();
    return new ProjectionPool(blocks, workers, shares);
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /** The projection of each block's vector (xs[k] for block k); supports in block-local indices. */
  async run(kind: 'head' | 'tail', s: number, xs: Float64Array[]): Promise<ProjectionReply> {
    const replies = this.workers.map(
      (w, i) =>
        new Promise<ProjectionReply>((resolve, reject) => {
          const onMessage = (m: { ok: boolean; out?: ProjectionReply; error?: string }): void => {
            w.off('error', onError);
            if (m.ok) resolve(m.out!);
            else reject(new Error(`projection worker: ${m.error}`));
          };
          const onError = (e: Error): void => {
            w.off('message', onMessage);
            reject(e);
          };
          w.once('message', onMessage);
          w.once('error', onError);
          w.postMessage({ kind, s, jobs: this.shares[i + 1]!.map((block) => ({ block, x: xs[block]! })) } satisfies ProjectionRequest);
        }),
    );
    const mine = projectJobs(this.blocks, { kind, s, jobs: this.shares[0]!.map((block) => ({ block, x: xs[block]! })) });
    const all = [mine, ...(await Promise.all(replies))].flat();
    return all.sort((a, b) => a.block - b.block);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The projections a request asks for (on whichever thread holds the blocks). */
export function projectJobs(blocks: readonly BlockGraph[], request: ProjectionRequest): ProjectionReply {
  const project = request.kind === 'head' ? headProjection : tailProjection;
  return request.jobs.map(({ block, x }) => {
    const b = blocks[block]!;
    const p = project({ graph: b.graph, s: request.s, weights: b.weights }, x);
    return { block, support: p.support, calls: p.pcsfCalls };
  });
}

/** Blocks into `parts` contiguous shares of about equal edges + nodes. */
function split(blocks: BlockGraph[], parts: number): number[][] {
  const weight = blocks.map((b) => b.graph.src.length + b.graph.n);
  const total = weight.reduce((a, b) => a + b, 0);
  const shares: number[][] = Array.from({ length: parts }, () => []);
  let acc = 0;
  blocks.forEach((_, k) => {
    const part = Math.min(parts - 1, Math.floor((acc / Math.max(1, total)) * parts));
    shares[part]!.push(k);
    acc += weight[k]!;
  });
  return shares;
}
