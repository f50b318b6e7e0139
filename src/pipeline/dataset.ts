/** Load a pipeline's dataset: a file through the readers or a seeded generator. */
import { resolve } from 'node:path';
import { loadGraph } from '../graph/load-graph.js';
import { rmatGraph } from '../graph/generators/rmat.js';
import type { Graph } from '../graph/graph.js';
import type { PipelineConfig } from './schema.js';

/** `taskDirected`: the task's graph view; an undirected task reads undirected unless told. */
export async function loadDataset(ds: PipelineConfig['dataset'], baseDir: string, taskDirected: boolean | 'either' = 'either'): Promise<{ graph: Graph; name: string }> {
  const defaultDirected = taskDirected === false ? false : undefined;
  if (ds.generator) {
    const g = ds.generator;
    const graph = rmatGraph({ scale: g.scale, edgeFactor: g.edgeFactor, a: g.a, b: g.b, c: g.c, seed: g.seed, directed: ds.directed ?? defaultDirected ?? true });
    return { graph, name: ds.name ?? `rmat-s${g.scale}-e${g.edgeFactor}-g${g.seed}` };
  }
  const path = resolve(baseDir, ds.path!);
  const { graph } = await loadGraph(path, {
    format: ds.format,
    directed: ds.directed ?? defaultDirected ?? 'auto',
    weighted: ds.weighted,
    duplicates: ds.duplicates,
    selfLoops: ds.selfLoops,
  });
  const base = ds.path!.split('/').pop()!;
  return { graph, name: ds.name ?? base.replace(/\.(txt|tsv|csv|mtx|edges)$/i, '') };
}
