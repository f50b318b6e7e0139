/** Lookup of the Table-3 datasets by name, and the file of one under a data folder. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from '../util/registry.js';
import { ConfigError } from '../util/errors.js';
import { TABLE3, type DatasetEntry } from './table3.js';

const DATASETS = new Registry<DatasetEntry>('dataset', TABLE3);

export const getDatasetEntry = (name: string): DatasetEntry => DATASETS.get(name);

/** The first of the entry's accepted files present under `dir`; an error naming them all when none is. */
export function locateDataset(entry: DatasetEntry, dir: string): string {
  const hit = entry.files.map((f) => join(dir, f)).find((p) => existsSync(p));
  if (!hit) {
    throw new ConfigError(
      `dataset '${entry.name}' is not in ${dir} (looked for ${entry.files.join(', ')}); fetch it with 'n2n datasets get ${entry.name} --dir ${dir}' (source: ${entry.url})`,
    );
  }
  return hit;
}
