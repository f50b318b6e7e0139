/** The rating-matrix data kind: users × items (MovieLens, HetRec, triples, Matrix Market) or the low-rank generator. */
import { describeRatings, removeRatings, type Ratings } from '../ratings/ratings.js';
import { loadRatings, RATING_FORMATS, type RatingFormat } from '../ratings/load-ratings.js';
import { generateRatings } from '../graph/generators/generated.js';
import { ratingsView } from '../graph/edge-view.js';
import { checkRemovals } from '../graph/edit.js';
import { writeRatingTable } from '../ratings/write-ratings.js';
import { ConfigError } from '../util/errors.js';
import type { DataKind } from './kind.js';

const FORMATS: readonly string[] = RATING_FORMATS;

export const ratingsKind: DataKind<Ratings> = {
  name: 'ratings',
  noun: 'a rating matrix',
  elements: 'ratings',
  nodePairs: false,
  is: (data): data is Ratings => typeof data === 'object' && data !== null && 'nUsers' in data && 'nItems' in data && 'value' in data,
  async load(source, ctx) {
    const { field, task } = ctx;
    if (source.generator && source.generator.kind !== 'ratings') throw new ConfigError(`${field('generator')}: task '${task}' reads ratings; use { kind: ratings, users, items, ratings }`);
    if (source.nodes !== undefined) throw new ConfigError(`${field('nodes')}: task '${task}' reads a rating matrix, which has no node table`);
    if (source.directed !== undefined) throw new ConfigError(`${field('directed')}: task '${task}' reads a rating matrix (users × items), which has no direction`);
    if (source.largestComponent) throw new ConfigError(`${field('largestComponent')}: task '${task}' reads a rating matrix, not a graph`);
    if (source.weighted) throw new ConfigError(`${field('weighted')}: task '${task}' always uses the rating values; ${field('binary')} turns them into 1`);
    if (source.selfLoops !== 'auto') throw new ConfigError(`${field('selfLoops')}: task '${task}' reads a rating matrix, which has no self-loops`);
    if (source.format !== 'auto' && !FORMATS.includes(source.format)) throw new ConfigError(`${field('format')} '${source.format}' is a graph format; task '${task}' reads ${RATING_FORMATS.join(', ')}`);
    if (source.generator?.kind === 'ratings') return generateRatings(source.generator);
    const { ratings } = await loadRatings(source.path!, { format: source.format as RatingFormat | 'auto', binary: source.binary ?? false, duplicates: source.duplicates });
    return ratings;
  },
  describe: describeRatings,
  count: (r) => r.user.length,
  size: (r) => ({ users: r.nUsers, items: r.nItems, m: r.user.length }),
  nodes: (r) => r.nUsers + r.nItems,
  view: ratingsView,
  graph: () => null,
  apply(r, edit, budget) {
    const problems = checkRemovals(edit.remove, r.user.length, 'rating');
    if (edit.add.src.length) problems.push('a rating matrix takes removals only (an added rating would need a value)');
    if (edit.remove.length > budget) problems.push(`${edit.remove.length} changes exceed the budget ${budget}`);
    if (problems.length) throw new ConfigError(`edit: ${problems.slice(0, 5).join('; ')}`);
    return removeRatings(r, Array.from(edit.remove));
  },
  writeTable: (path, r, columns, ids) => writeRatingTable(path, r, columns, ids ? { edgeIds: ids } : {}),
};
