/**
 * A bipartite rating matrix A (n1 users × n2 items, m observed cells Ω), kept three ways:
 * in rating order (the order the output uses), by user (CSR) and by item (CSC).
 *
 * Policy (also in docs/cli.md):
 * - User and item labels are strings as written, numbered in order of first appearance, in
 *   two separate label spaces (user "1" and item "1" are different).
 * - A repeated (user, item) pair merges into one rating: `max` (default), `sum`, `first`,
 *   or `error`. The merged rating keeps the position of its first occurrence.
 * - `binary` turns every observed value into 1 (the paper's lastfm and delicious).
 */
import { groupByRowCol } from '../graph/csr.js';
import { sharedFloat64 } from '../parallel/pool.js';
import { mergeDuplicates } from '../graph/merge-duplicates.js';
import { InputError } from '../util/errors.js';
import type { DuplicatePolicy } from '../graph/graph.js';

export interface RatingStats {
  /** ratings as read, before merging repeated pairs */
  inputRatings: number;
  duplicatesMerged: number;
  binary: boolean;
}

/** One side's index: for row i, positions ptr[i]..ptr[i+1] hold its partners and values. */
export interface RatingIndex {
  ptr: Int32Array;
  /** the partner (item for the user index, user for the item index), ascending */
  other: Int32Array;
  value: Float64Array;
  /** the rating (position in rating order) at each position */
  rating: Int32Array;
}

export interface Ratings {
  readonly source: string;
  readonly nUsers: number;
  readonly nItems: number;
  readonly userLabels: readonly string[];
  readonly itemLabels: readonly string[];
  /** rating order: user, item and value of rating e */
  readonly user: Int32Array;
  readonly item: Int32Array;
  readonly value: Float64Array;
  readonly byUser: RatingIndex;
  readonly byItem: RatingIndex;
  readonly stats: RatingStats;
}

export interface RawRatings {
  user: Int32Array;
  item: Int32Array;
  value: Float64Array;
  /** input line of each raw rating, for error messages */
  line?: Int32Array;
}

export interface BuildRatingsOptions {
  duplicates?: DuplicatePolicy;
  binary?: boolean;
  source?: string;
}

/** One side's index, on SharedArrayBuffers so the ALS row loops can run on the thread pool. */
function index(rows: Int32Array, cols: Int32Array, values: Float64Array, nRows: number): RatingIndex {
  const g = groupByRowCol(rows, cols, nRows, true);
  const value = sharedFloat64(g.ids.length);
  for (let p = 0; p < value.length; p++) value[p] = values[g.ids[p]!]!;
  return { ptr: g.rowPtr, other: g.colIdx, value, rating: g.ids };
}

/** Build the rating matrix from raw triples over users 0..userLabels.length-1 and items 0..itemLabels.length-1. */
export function buildRatings(
  userLabels: readonly string[],
  itemLabels: readonly string[],
  raw: RawRatings,
  options: BuildRatingsOptions = {},
): Ratings {
  const n1 = userLabels.length;
  const n2 = itemLabels.length;
  const m0 = raw.user.length;
  const duplicates = options.duplicates ?? 'max';
  const binary = options.binary ?? false;
  const source = options.source ?? '(ratings)';
  for (let k = 0; k < m0; k++) {
    const u = raw.user[k]!;
    const i = raw.item[k]!;
    if (u < 0 || u >= n1 || i < 0 || i >= n2) throw new RangeError(`buildRatings: rating ${k} (${u}, ${i}) outside ${n1} × ${n2}`);
  }
  // Merge repeated (user, item) pairs; the first occurrence represents its group.
  const g = groupByRowCol(raw.user, raw.item, n1);
  const merged = mergeDuplicates(g, (id) => raw.value[id]!, duplicates, (id, rep) => {
    const at = raw.line ? ` at line ${raw.line[id]} (first at line ${raw.line[rep]})` : '';
    throw new InputError(
      source,
      raw.line ? raw.line[id]! : null,
      `user '${userLabels[raw.user[id]!]}' rated item '${itemLabels[raw.item[id]!]}' twice${at}; use --duplicates max|sum|first to merge`,
    );
  });
  const m = m0 - merged.duplicates;
  const user = new Int32Array(m);
  const item = new Int32Array(m);
  const value = new Float64Array(m);
  for (let k = 0, e = 0; k < m0; k++) {
    if (!merged.isFirst[k]) continue;
    user[e] = raw.user[k]!;
    item[e] = raw.item[k]!;
    value[e++] = binary ? 1 : merged.value[k]!;
  }
  return {
    source,
    nUsers: n1,
    nItems: n2,
    userLabels,
    itemLabels,
    user,
    item,
    value,
    byUser: index(user, item, value, n1),
    byItem: index(item, user, value, n2),
    stats: { inputRatings: m0, duplicatesMerged: merged.duplicates, binary },
  };
}

/** The same matrix with some ratings removed (an attack's perturbation); labels and sizes kept. */
export function removeRatings(r: Ratings, removed: Iterable<number>): Ratings {
  const drop = new Uint8Array(r.user.length);
  for (const e of removed) {
    if (!Number.isInteger(e) || e < 0 || e >= drop.length) throw new RangeError(`removeRatings: no rating ${e}`);
    drop[e] = 1;
  }
  const keep: number[] = [];
  for (let e = 0; e < drop.length; e++) if (!drop[e]) keep.push(e);
  const pick = <T extends Int32Array | Float64Array>(a: T, make: new (n: number) => T): T => {
    const b = new make(keep.length);
    for (let k = 0; k < keep.length; k++) b[k] = a[keep[k]!]!;
    return b;
  };
  return buildRatings(r.userLabels, r.itemLabels, { user: pick(r.user, Int32Array), item: pick(r.item, Int32Array), value: pick(r.value, Float64Array) }, {
    source: r.source,
    binary: false,
  });
}

export function describeRatings(r: Ratings): string {
  const m = r.user.length;
  const density = m / (r.nUsers * r.nItems);
  const parts = [`${r.nUsers} users × ${r.nItems} items, ${m} ratings (density ${density.toExponential(2)})`];
  if (r.stats.duplicatesMerged) parts.push(`${r.stats.duplicatesMerged} repeated ratings merged`);
  if (r.stats.binary) parts.push('binary');
  return parts.join(', ');
}
