/**
 * Seeded low-rank-plus-noise ratings: A(i,j) = P(i,:)·Q(j,:) + noise·N(0,1) on a random
 * pattern of about `ratings` cells, P and Q standard normal (n1 × rank, n2 × rank). Every
 * user and every item is rated at least once. Labels u0.., i0..; the same options give the
 * same matrix.
 */
import { Rng } from '../util/rng.js';
import { buildRatings, type Ratings } from './ratings.js';
import { ConfigError } from '../util/errors.js';

export interface LowRankRatingsOptions {
  users: number;
  items: number;
  /** observed cells wanted (at least users + items) */
  ratings: number;
  rank: number;
  noise?: number;
  seed: number;
}

export function lowRankRatings(o: LowRankRatingsOptions): Ratings {
  const { users: n1, items: n2, rank } = o;
  const noise = o.noise ?? 0.1;
  for (const [k, v] of Object.entries({ users: n1, items: n2, ratings: o.ratings, rank })) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`ratings generator: ${k} must be a positive integer, got ${v}`);
  }
  const total = n1 * n2;
  const want = Math.min(total, Math.max(o.ratings, n1 + n2));
  const rng = new Rng(o.seed);
  const P = new Float64Array(n1 * rank);
  const Q = new Float64Array(n2 * rank);
  for (let x = 0; x < P.length; x++) P[x] = rng.normal();
  for (let x = 0; x < Q.length; x++) Q[x] = rng.normal();
  const user = new Int32Array(want);
  const item = new Int32Array(want);
  const value = new Float64Array(want);
  const seen = new CellSet(want);
  let m = 0;
  const add = (i: number, j: number): void => {
    if (m >= want || !seen.add(i * n2 + j)) return;
    let v = 0;
    for (let k = 0; k < rank; k++) v += P[i * rank + k]! * Q[j * rank + k]!;
    user[m] = i;
    item[m] = j;
    value[m++] = v + noise * rng.normal();
  };
  for (let i = 0; i < n1; i++) add(i, rng.int(n2));
  for (let j = 0; j < n2; j++) add(rng.int(n1), j);
  while (m < want) add(rng.int(n1), rng.int(n2));
  return buildRatings(
    Array.from({ length: n1 }, (_, i) => `u${i}`),
    Array.from({ length: n2 }, (_, j) => `i${j}`),
    { user: user.subarray(0, m), item: item.subarray(0, m), value: value.subarray(0, m) },
    { source: `generated low-rank ratings ${n1}×${n2}, rank ${rank}, seed ${o.seed}` },
  );
}

/**
 * A set of cell keys i·n2 + j (below 2^53) in one Float64Array with open addressing: a JS
 * Set holds at most 2^24 entries, too few for ml-20m's 20M ratings.
 */
class CellSet {
  private readonly keys: Float64Array;
  private readonly mask: number;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 1.5) cap *= 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** false when the key was there already */
  add(key: number): boolean {
    const lo = key % 4294967296;
    const hi = (key - lo) / 4294967296;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.keys[s]!;
      if (k === key) return false;
      if (k === -1) {
        this.keys[s] = key;
        return true;
      }
    }
  }
}
