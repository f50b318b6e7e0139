/** Write per-rating values and factor matrices as TSV with the input's labels, atomically. */
import { join } from 'node:path';
import { writeLinesAtomic, writePairTable, type EdgeColumn } from '../graph/write-edges.js';
import type { Ratings } from './ratings.js';

/** Header `user<TAB>item<TAB>...`, then one line per rating in rating order (or the ratings `edgeIds`, in that order). */
export async function writeRatingTable(path: string, ratings: Ratings, columns: EdgeColumn[], options: { edgeIds?: ArrayLike<number> } = {}): Promise<void> {
  const users = { labels: ratings.userLabels, index: ratings.user };
  const items = { labels: ratings.itemLabels, index: ratings.item };
  await writePairTable(path, ['user', 'item'], users, items, columns, options.edgeIds);
}

/** One line per row: the label, then the r numbers of that row (float64, shortest round-trip form). */
export async function writeFactor(path: string, labels: readonly string[], W: Float64Array, r: number): Promise<void> {
  await writeLinesAtomic(path, null, labels.length, (i) => {
    let line = labels[i]!;
    for (let x = 0; x < r; x++) line += '\t' + String(W[i * r + x]!);
    return line;
  });
}

/** DIR/U.tsv and DIR/V.tsv. */
export async function writeFactors(dir: string, ratings: Ratings, U: Float64Array, V: Float64Array, r: number): Promise<string[]> {
  const paths = [join(dir, 'U.tsv'), join(dir, 'V.tsv')];
  await writeFactor(paths[0]!, ratings.userLabels, U, r);
  await writeFactor(paths[1]!, ratings.itemLabels, V, r);
  return paths;
}
