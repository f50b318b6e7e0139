/**
 * k-means (Lloyd's iterations) with k-means++ seeding (Arthur & Vassilvitskii 2007) and
 * several seeded restarts; the run with the smallest inertia wins. Points are the rows of a
 * row-major n × d Float64Array. Labels are renumbered in order of first appearance so the
 * same partition always prints the same way.
 */
import { Rng } from '../util/rng.js';

export interface KMeansOptions {
  k: number;
  seed: number;
  /** independent k-means++ starts (default 10) */
  restarts?: number;
  /** Lloyd iterations per start (default 300) */
  maxIterations?: number;
}

export interface KMeansResult {
  labels: Int32Array;
  /** row-major k × d */
  centers: Float64Array;
  /** Σ squared distances to the assigned centres */
  inertia: number;
  /** Lloyd iterations of the winning start */
  iterations: number;
  /** every start stopped because no label changed */
  converged: boolean;
  restarts: number;
}

export function kmeans(points: Float64Array, n: number, d: number, options: KMeansOptions): KMeansResult {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`kmeans: k must be a positive integer, got ${k}`);
  if (k > n) throw new RangeError(`kmeans: ${k} clusters asked of ${n} points`);
  if (points.length !== n * d) throw new RangeError(`kmeans: ${points.length} values for ${n} × ${d} points`);
  const restarts = options.restarts ?? 10;
  const maxIterations = options.maxIterations ?? 300;
  const rng = new Rng(options.seed);
  let best: KMeansResult | null = null;
  let allConverged = true;
  for (let run = 0; run < restarts; run++) {
    const res = lloyd(points, n, d, k, seedPlusPlus(points, n, d, k, rng.fork()), maxIterations);
    allConverged &&= res.converged;
    if (!best || res.inertia < best.inertia) best = res;
  }
  const result = best!;
  return { ...canonical(result, k, d), converged: allConverged, restarts };
}

function dist2(points: Float64Array, i: number, centers: Float64Array, c: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = points[i * d + t]! - centers[c * d + t]!;
    s += diff * diff;
  }
  return s;
}

function seedPlusPlus(points: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const first = rng.int(n);
  centers.set(points.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = dist2(points, i, centers, 0, d);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += closest[i]!;
    let pick = n - 1;
    if (total > 0) {
      let target = rng.uniform() * total;
      for (let i = 0; i < n; i++) {
        target -= closest[i]!;
        if (target < 0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = rng.int(n); // every point already sits on a centre
    }
    centers.set(points.subarray(pick * d, pick * d + d), c * d);
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i]!, dist2(points, i, centers, c, d));
  }
  return centers;
}

function lloyd(points: Float64Array, n: number, d: number, k: number, centers: Float64Array, maxIterations: number): KMeansResult {
  const labels = new Int32Array(n).fill(-1);
  const counts = new Float64Array(k);
  let inertia = 0;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let bc = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const dd = dist2(points, i, centers, c, d);
        if (dd < bd) {
          bd = dd;
          bc = c;
        }
      }
      if (labels[i] !== bc) {
        labels[i] = bc;
        changed++;
      }
      inertia += bd;
    }
    if (changed === 0) {
      converged = true;
      break;
    }
    centers.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]!++;
      for (let t = 0; t < d; t++) centers[c * d + t]! += points[i * d + t]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c]! > 0) {
        for (let t = 0; t < d; t++) centers[c * d + t]! /= counts[c]!;
        continue;
      }
      // an empty cluster takes the point farthest from its centre
      let far = 0;
      let fd = -1;
      for (let i = 0; i < n; i++) {
        const dd = dist2(points, i, centers, labels[i]!, d);
        if (dd > fd) {
          fd = dd;
          far = i;
        }
      }
      centers.set(points.subarray(far * d, far * d + d), c * d);
      labels[far] = c;
    }
  }
  return { labels, centers, inertia, iterations, converged, restarts: 1 };
}

/** Renumber clusters by first appearance in point order. */
function canonical(res: KMeansResult, k: number, d: number): KMeansResult {
  const map = new Int32Array(k).fill(-1);
  let next = 0;
  for (let i = 0; i < res.labels.length; i++) if (map[res.labels[i]!]! < 0) map[res.labels[i]!] = next++;
  for (let c = 0; c < k; c++) if (map[c]! < 0) map[c] = next++;
  const labels = res.labels.map((l) => map[l]!);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) centers.set(res.centers.subarray(c * d, c * d + d), map[c]! * d);
  return { ...res, labels, centers };
}
