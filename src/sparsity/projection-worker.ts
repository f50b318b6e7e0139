/**
 * A worker thread of the projection pool: it holds every block's graph (sent once) and answers
 * each request with the head or tail projection of the blocks it is given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { headProjection } from './head.js';
import { tailProjection } from './tail.js';
import type { BlockGraph, ProjectionReply, ProjectionRequest } from './projection-pool.js';

const blocks = (workerData as { blocks: BlockGraph[] }).blocks;

parentPort!.on('message', (msg: ProjectionRequest) => {
  try {
    const out: ProjectionReply = msg.jobs.map(({ block, x }) => {
      const b = blocks[block]!;
      const project = msg.kind === 'head' ? headProjection : tailProjection;
      const p = project({ graph: b.graph, s: msg.s, weights: b.weights }, x);
      return { block, support: p.support, calls: p.pcsfCalls };
    });
    parentPort!.postMessage({ ok: true, out });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
