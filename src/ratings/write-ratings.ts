/** Write per-rating values and factor matrices as TSV with the input's labels, atomically. */
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatFloat32, type EdgeColumn } from '../graph/write-edges.js';
import type { Ratings } from './ratings.js';

/** Header `user<TAB>item<TAB>...`, then one line per rating in rating order. */
export async function writeRatingTable(path: string, ratings: Ratings, columns: EdgeColumn[]): Promise<void> {
  const m = ratings.user.length;
  await writeFileAtomic(path, async (write) => {
    await write(['user', 'item', ...columns.map((c) => c.name)].join('\t') + '\n');
    const batch: string[] = [];
    for (let e = 0; e < m; e++) {
      let line = `${ratings.userLabels[ratings.user[e]!]}\t${ratings.itemLabels[ratings.item[e]!]}`;
      for (const c of columns) line += '\t' + (c.format ?? formatFloat32)(c.values[e]!);
      batch.push(line);
      if (batch.length === 65536) {
        await write(batch.join('\n') + '\n');
        batch.length = 0;
      }
    }
    if (batch.length) await write(batch.join('\n') + '\n');
  });
}

/** One line per row: the label, then the r numbers of that row (float64, shortest round-trip form). */
export async function writeFactor(path: string, labels: readonly string[], W: Float64Array, r: number): Promise<void> {
  await writeFileAtomic(path, async (write) => {
    const batch: string[] = [];
    for (let i = 0; i < labels.length; i++) {
      const row = [labels[i]!];
      for (let x = 0; x < r; x++) row.push(String(W[i * r + x]!));
      batch.push(row.join('\t'));
      if (batch.length === 16384) {
        await write(batch.join('\n') + '\n');
        batch.length = 0;
      }
    }
    if (batch.length) await write(batch.join('\n') + '\n');
  });
}

/** DIR/U.tsv and DIR/V.tsv. */
export async function writeFactors(dir: string, ratings: Ratings, U: Float64Array, V: Float64Array, r: number): Promise<string[]> {
  const paths = [join(dir, 'U.tsv'), join(dir, 'V.tsv')];
  await writeFactor(paths[0]!, ratings.userLabels, U, r);
  await writeFactor(paths[1]!, ratings.itemLabels, V, r);
  return paths;
}
