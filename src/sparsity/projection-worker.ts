/**
 * A worker thread of the projection pool: it holds every block's graph (sent once) and answers
 * each request with the head or tail projection of the blocks it is given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { projectJobs, type BlockGraph, type ProjectionRequest } from './projection-pool.js';

const blocks = (workerData as { blocks: BlockGraph[] }).blocks;

parentPort!.on('message', (msg: ProjectionRequest) => {
  try {
    parentPort!.postMessage({ ok: true, out: projectJobs(blocks, msg) });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
