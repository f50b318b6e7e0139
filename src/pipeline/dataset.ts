/**
 * Load a pipeline's dataset for its task: a file through the graph or rating readers, or a
 * seeded generator. A path may start with `${N2N_DATA}/`: the data folder given by
 * `--data-dir`, else the N2N_DATA environment variable. Other relative paths are relative to
 * the current directory.
 */
import { resolve } from 'node:path';
import { loadGraph, type LoadGraphOptions } from '../graph/load-graph.js';
import { GENERATOR_KINDS, generateGraph, generateRatings, generatorName } from '../graph/generators/generated.js';
import { bindGraph, bindRatings, type BoundTask } from '../tasks/bound-task.js';
import type { AnyTask } from '../tasks/task.js';
import { ConfigError } from '../util/errors.js';
import type { DatasetConfig } from './schema.js';
import { loadRatings, RATING_FORMATS, type RatingFormat } from '../ratings/load-ratings.js';
import { getDatasetEntry, locateDataset } from '../datasets/registry.js';

const DATA_VAR = /^\$\{?N2N_DATA\}?(?=\/|$)/;

/** The file a dataset path names, with ${N2N_DATA} expanded. */
export function datasetPath(path: string, baseDir: string, dataDir?: string): string {
  if (DATA_VAR.test(path)) {
    const dir = dataDir ?? process.env.N2N_DATA;
    if (!dir) throw new ConfigError(`dataset.path '${path}' uses \${N2N_DATA}: pass --data-dir DIR or set N2N_DATA to the folder that holds the datasets`);
    return resolve(baseDir, path.replace(DATA_VAR, dir));
  }
  return resolve(baseDir, path);
}

/** The dataset's name for results: `name`, else the registry name, the generator's parameters or the file name. */
export function datasetName(ds: DatasetConfig): string {
  if (ds.name) return ds.name;
  if (ds.registry) return ds.registry;
  if (ds.generator) return generatorName(ds.generator);
  return ds.path!.split('/').pop()!.replace(/\.(txt|tsv|csv|mtx|edges|dat)$/i, '');
}

/** A registry dataset as a plain file dataset: its file under the data folder, its direction and binarisation. */
function fromRegistry(ds: DatasetConfig, dataDir?: string): DatasetConfig {
  const entry = getDatasetEntry(ds.registry!);
  const dir = dataDir ?? process.env.N2N_DATA;
  if (!dir) throw new ConfigError(`dataset.registry '${entry.name}' is looked up in the data folder: pass --data-dir DIR or set N2N_DATA (fetch it with 'n2n datasets get ${entry.name} --dir DIR')`);
  const { registry: _r, ...rest } = ds;
  return {
    ...rest,
    path: locateDataset(entry, resolve(dir)),
    directed: entry.kind === 'bipartite' ? undefined : (ds.directed ?? entry.kind === 'directed'),
    binary: ds.binary ?? entry.binary,
  };
}

export async function loadDataset(dsIn: DatasetConfig, task: AnyTask, options: { baseDir: string; dataDir?: string }): Promise<BoundTask> {
  const ds = dsIn.registry ? fromRegistry(dsIn, options.dataDir) : dsIn;
  // (mtx is both: a graph or a rating matrix, as the task reads it)
  const isRatingFormat = (RATING_FORMATS as readonly string[]).includes(ds.format) && ds.format !== 'mtx';
  if (task.input === 'ratings') {
    if (ds.generator && ds.generator.kind !== 'ratings') throw new ConfigError(`dataset.generator: task '${task.name}' reads ratings; use { kind: ratings, users, items, ratings }`);
    if (ds.directed !== undefined || ds.weighted || ds.selfLoops !== 'auto') throw new ConfigError(`dataset: directed, weighted and selfLoops describe graphs; task '${task.name}' reads a rating matrix`);
    if (ds.format !== 'auto' && ds.format !== 'mtx' && !isRatingFormat) throw new ConfigError(`dataset.format '${ds.format}' is a graph format; task '${task.name}' reads ${RATING_FORMATS.join(', ')}`);
    if (ds.generator?.kind === 'ratings') return bindRatings(task, generateRatings(ds.generator));
    const { ratings } = await loadRatings(datasetPath(ds.path!, options.baseDir, options.dataDir), {
      format: ds.format as RatingFormat | 'auto',
      binary: ds.binary ?? false,
      duplicates: ds.duplicates,
    });
    return bindRatings(task, ratings);
  }
  if (ds.generator?.kind === 'ratings') throw new ConfigError(`dataset.generator: task '${task.name}' reads a graph; use a graph generator (${GENERATOR_KINDS.filter((k) => k !== 'ratings').join(', ')})`);
  if (ds.binary) throw new ConfigError(`dataset.binary: only for ratings (task completion); a graph is 0/1 unless weighted`);
  if (isRatingFormat) throw new ConfigError(`dataset.format '${ds.format}' is a rating format; task '${task.name}' reads a graph`);
  const directedDefault = task.directed === false ? false : undefined;
  if (ds.generator) return bindGraph(task, generateGraph(ds.generator, ds.directed ?? directedDefault));
  const { graph } = await loadGraph(datasetPath(ds.path!, options.baseDir, options.dataDir), {
    format: ds.format as LoadGraphOptions['format'],
    directed: ds.directed ?? directedDefault ?? 'auto',
    weighted: ds.weighted,
    duplicates: ds.duplicates,
    selfLoops: ds.selfLoops,
    header: ds.header,
  });
  return bindGraph(task, graph);
}
