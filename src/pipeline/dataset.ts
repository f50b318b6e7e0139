/**
 * Load a pipeline's dataset for its task: a file through the graph or rating readers, or a
 * seeded generator. A path may start with `${N2N_DATA}/`: the data folder given by
 * `--data-dir`, else the N2N_DATA environment variable. Other relative paths are relative to
 * the current directory.
 */
import { resolve } from 'node:path';
import { generatorName } from '../graph/generators/generated.js';
import type { BoundTask, Task } from '../tasks/kit.js';
import type { DataSource } from '../data/kind.js';
import { ConfigError } from '../util/errors.js';
import type { DatasetConfig } from './schema.js';
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

/** The dataset read or generated for the task, through the task's data kind (one loader, one set of refusals). */
export async function loadDataset(dsIn: DatasetConfig, task: Task, options: { baseDir: string; dataDir?: string }): Promise<BoundTask> {
  const ds = dsIn.registry ? fromRegistry(dsIn, options.dataDir) : dsIn;
  const { name: _n, registry: _r, path, nodes, ...rest } = ds;
  const resolved = (p: string | undefined) => (p !== undefined ? datasetPath(p, options.baseDir, options.dataDir) : undefined);
  const source: DataSource = { ...rest, ...(path !== undefined ? { path: resolved(path) } : {}), ...(nodes !== undefined ? { nodes: resolved(nodes) } : {}) };
  return task.load(source, (key) => `dataset.${key}`);
}
