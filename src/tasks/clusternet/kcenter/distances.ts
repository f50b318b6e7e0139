/**
 * Shortest-path (hop) distances between every pair of nodes of an undirected graph, by a
 * breadth-first search from each node, as the k-center objective needs them (the ClusterNet
 * paper's facility location). Pairs in different components get the graph's diameter (the
 * largest finite distance), as the authors' code does, or a given value (the learning setting
 * gives a training graph's unreachable pairs the full graph's diameter). n × n entries of 2
 * bytes: refused above `maxNodes` with the memory it would take.
 */
import type { Csr } from '../../../graph/csr.js';
import { ConfigError } from '../../../util/errors.js';

export interface HopDistances {
  n: number;
  /** row-major n × n */
  d: Uint16Array;
  /** the largest entry of d: the largest finite distance, or the value given to unreachable pairs when that is larger */
  diameter: number;
  /** whether some pairs were unreachable */
  disconnected: boolean;
}

export function hopDistances(a: Csr, options: { maxNodes?: number; unreachable?: number } = {}): HopDistances {
  const n = a.nRows;
  const maxNodes = options.maxNodes ?? 40_000;
  if (n > maxNodes) {
    throw new ConfigError(`k-center: all-pairs distances of ${n} nodes need ${((2 * n * n) / 2 ** 30).toFixed(1)} GiB (${n} × ${n} × 2 bytes); the limit is ${maxNodes} nodes`);
  }
  const UNSEEN = 0xffff;
  const d = new Uint16Array(n * n).fill(UNSEEN);
  const queue = new Int32Array(n);
  let diameter = 0;
  let disconnected = false;
  for (let s = 0; s < n; s++) {
    const row = s * n;
    d[row + s] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++]!;
      const du = d[row + u]!;
      for (let p = a.rowPtr[u]!; p < a.rowPtr[u + 1]!; p++) {
        const v = a.colIdx[p]!;
        if (d[row + v] === UNSEEN) {
          if (du + 1 >= UNSEEN) throw new ConfigError('k-center: a shortest path longer than 65,534 hops');
          d[row + v] = du + 1;
          queue[tail++] = v;
        }
      }
    }
    if (tail < n) disconnected = true;
    diameter = Math.max(diameter, d[row + queue[tail - 1]!]!);
  }
  if (disconnected) {
    const far = options.unreachable ?? diameter;
    if (!(Number.isInteger(far) && far >= 1 && far < UNSEEN)) throw new ConfigError(`k-center: the distance of unreachable pairs must be a whole number from 1 to ${UNSEEN - 1}, got ${far}`);
    for (let t = 0; t < d.length; t++) if (d[t] === UNSEEN) d[t] = far;
    diameter = Math.max(diameter, far);
  }
  return { n, d, diameter, disconnected };
}

/** The k-center value of a set of facilities: the largest distance from a node to its nearest facility. */
export function maxMinDistance(dist: HopDistances, centers: ArrayLike<number>): number {
  const { n, d } = dist;
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let best = Infinity;
    for (let c = 0; c < centers.length; c++) best = Math.min(best, d[centers[c]! * n + j]!);
    worst = Math.max(worst, best);
  }
  return worst;
}
