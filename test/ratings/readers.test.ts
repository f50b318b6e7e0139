import { describe, expect, it } from 'vitest';
import { loadRatings } from '../../src/ratings/load-ratings.js';
import { removeRatings } from '../../src/ratings/ratings.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { InputError } from '../../src/util/errors.js';

describe('rating readers', () => {
  const dir = tempDir();

  it('reads MovieLens ratings.csv with its header, keeping user and item labels apart', async () => {
    const p = writeTemp(dir, 'ratings.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n2,1,3.0,1\n10,3,0.5,2\n');
    const { ratings, format } = await loadRatings(p);
    expect(format).toBe('movielens');
    expect(ratings.userLabels).toEqual(['1', '2', '10']);
    expect(ratings.itemLabels).toEqual(['1', '3']);
    expect(Array.from(ratings.value)).toEqual([4, 4.5, 3, 0.5]);
    expect(Array.from(ratings.byItem.ptr)).toEqual([0, 2, 4]);
    expect(Array.from(ratings.byItem.other)).toEqual([0, 1, 0, 2]);
  });

  it('Matrix Market ratings honour the format: size line declares users, items and entries; a truncated file is refused', async () => {
    const p = writeTemp(dir, 'r.mtx', '%%MatrixMarket matrix coordinate real general\n% c\n3 4 3\n1 2 5\n3 1 2.5\n1 4 1\n');
    const { ratings, format } = await loadRatings(p);
    expect(format).toBe('mtx');
    expect(Array.from(ratings.value)).toEqual([5, 2.5, 1]); // the size line is not a rating
    expect(ratings.nUsers).toBe(3); // user 2 has no rating, and exists
    expect(ratings.nItems).toBe(4);
    expect(ratings.userLabels).toEqual(['1', '3', '2']);
    const cut = writeTemp(dir, 'cut.mtx', '%%MatrixMarket matrix coordinate real general\n3 4 3\n1 2 5\n3 1 2.5\n');
    await expect(loadRatings(cut)).rejects.toThrow(/cut\.mtx:4: the size line announced 3 entries, the file has 2/);
    // read as triples by force, a Matrix Market file is refused instead of misread
    const asTriples = writeTemp(dir, 'm.txt', '%%MatrixMarket matrix coordinate real general\n3 3 1\n1 2 5\n');
    await expect(loadRatings(asTriples, { format: 'triples' })).rejects.toThrow(/m\.txt:1: this is a Matrix Market file/);
    expect((await loadRatings(asTriples)).format).toBe('mtx');
    // a symmetric matrix is not users × items; a pattern file has no values unless --binary
    const sym = writeTemp(dir, 'sym.mtx', '%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n2 1 4\n');
    await expect(loadRatings(sym)).rejects.toThrow(/sym\.mtx:1: a rating matrix is users × items/);
    const pat = writeTemp(dir, 'pat.mtx', '%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 1\n');
    await expect(loadRatings(pat)).rejects.toThrow(/pat\.mtx:1: a 'pattern' Matrix Market file has no rating values/);
    const bin = await loadRatings(pat, { binary: true });
    expect(Array.from(bin.ratings.value)).toEqual([1, 1]);
    expect(bin.ratings.nItems).toBe(3);
    // the completion fit on the declared matrix: the user without ratings gets a zero factor row
    const { completionTask } = await import('../../src/tasks/completion/index.js');
    const fit = completionTask.fit(ratings, { seed: 1, options: { rank: 2, iters: 3 } }) as unknown as { U: Float64Array };
    expect(Array.from(fit.U.subarray(4, 6))).toEqual([0, 0]);
  });

  it('a UTF-8 byte-order mark is not part of the first label', async () => {
    const p = writeTemp(dir, 'bom.csv', '\ufeffuserId,movieId,rating\n1,2,3\n');
    const { ratings, format } = await loadRatings(p);
    expect(format).toBe('movielens');
    expect(ratings.userLabels).toEqual(['1']);
    const t = writeTemp(dir, 'bom.txt', '\ufeff1 2 3\n');
    expect((await loadRatings(t)).ratings.userLabels).toEqual(['1']);
  });

  it('reads HetRec .dat (tab separated, header) and --binary turns values into 1', async () => {
    const p = writeTemp(dir, 'user_artists.dat', 'userID\tartistID\tweight\n2\t51\t13883\n2\t52\t11690\n3\t51\t228\n');
    const plain = await loadRatings(p);
    expect(plain.format).toBe('hetrec');
    expect(Array.from(plain.ratings.value)).toEqual([13883, 11690, 228]);
    const bin = await loadRatings(p, { binary: true });
    expect(Array.from(bin.ratings.value)).toEqual([1, 1, 1]);
    expect(bin.ratings.stats.binary).toBe(true);
  });

  it('reads plain triples (spaces or commas, comments) and merges repeated pairs by policy', async () => {
    const p = writeTemp(dir, 'r.txt', '# comment\na x 1\na y 2\nb x 3\na x 5\n');
    const max = await loadRatings(p);
    expect(max.format).toBe('triples');
    expect(max.ratings.user.length).toBe(3);
    expect(max.ratings.value[0]).toBe(5);
    expect(max.ratings.stats.duplicatesMerged).toBe(1);
    expect((await loadRatings(p, { duplicates: 'sum' })).ratings.value[0]).toBe(6);
    expect((await loadRatings(p, { duplicates: 'first' })).ratings.value[0]).toBe(1);
    await expect(loadRatings(p, { duplicates: 'error' })).rejects.toThrow(/line 5.*first at line 2/);
    const c = writeTemp(dir, 'r.csv', 'a,x,1\nb,y,2\n');
    expect(Array.from((await loadRatings(c)).ratings.value)).toEqual([1, 2]);
  });

  it('names the file and line of a bad row', async () => {
    const bad = writeTemp(dir, 'bad.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,four,2\n');
    const err = await loadRatings(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(String((err as Error).message)).toMatch(/bad\.csv:3.*numeric rating.*'four'/);
    const short = writeTemp(dir, 'short.txt', 'a x 1\nb y\n');
    await expect(loadRatings(short)).rejects.toThrow(/short\.txt:2.*expected 'user item value', got 2 fields/);
    expect((await loadRatings(short, { binary: true })).ratings.user.length).toBe(2);
    const header = writeTemp(dir, 'h.csv', 'user,movie,rating\n1,1,1\n');
    await expect(loadRatings(header, { format: 'movielens' })).rejects.toThrow(/h\.csv:1.*MovieLens header/);
    const empty = writeTemp(dir, 'empty.dat', 'userID\tartistID\tweight\n');
    await expect(loadRatings(empty)).rejects.toThrow(/no ratings found/);
  });

  it('removeRatings keeps labels and sizes and drops exactly the given ratings', async () => {
    const p = writeTemp(dir, 'rm.txt', 'a x 1\na y 2\nb x 3\nc z 4\n');
    const { ratings } = await loadRatings(p);
    const r2 = removeRatings(ratings, [1, 3]);
    expect(r2.nUsers).toBe(3);
    expect(r2.nItems).toBe(3);
    expect(Array.from(r2.value)).toEqual([1, 3]);
    expect(() => removeRatings(ratings, [9])).toThrow(/no rating 9/);
  });
});
