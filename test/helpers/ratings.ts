import { Rng } from '../../src/util/rng.js';
import { buildRatings, type Ratings } from '../../src/ratings/ratings.js';

/** Low-rank-plus-noise ratings: A = P·Qᵀ + noise on a random pattern (every user and item rated at least once). */
export function lowRankRatings(rng: Rng, n1: number, n2: number, rank: number, density: number, noise = 0.1): Ratings {
  const P = Array.from({ length: n1 * rank }, () => rng.normal());
  const Q = Array.from({ length: n2 * rank }, () => rng.normal());
  const user: number[] = [];
  const item: number[] = [];
  const value: number[] = [];
  const seen = new Set<number>();
  const add = (i: number, j: number): void => {
    if (seen.has(i * n2 + j)) return;
    seen.add(i * n2 + j);
    let v = 0;
    for (let k = 0; k < rank; k++) v += P[i * rank + k]! * Q[j * rank + k]!;
    user.push(i);
    item.push(j);
    value.push(v + noise * rng.normal());
  };
  for (let i = 0; i < n1; i++) add(i, rng.int(n2));
  for (let j = 0; j < n2; j++) add(rng.int(n1), j);
  for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) if (rng.uniform() < density) add(i, j);
  return buildRatings(
    Array.from({ length: n1 }, (_, i) => `u${i}`),
    Array.from({ length: n2 }, (_, j) => `i${j}`),
    { user: Int32Array.from(user), item: Int32Array.from(item), value: Float64Array.from(value) },
  );
}

/** Solve a small dense system by Gaussian elimination with partial pivoting (float64). */
export function denseSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const M = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

/** Dense reference ALS half-sweep: row i = (λI + Σ w_k w_kᵀ)⁻¹ Σ a_k w_k over the row's ratings. */
export function denseHalfSweep(rows: number, rowOf: Int32Array, partnerOf: Int32Array, values: Float64Array, W: Float64Array, r: number, lambda: number): Float64Array {
  const out = new Float64Array(rows * r);
  for (let i = 0; i < rows; i++) {
    const C = Array.from({ length: r }, (_, x) => Array.from({ length: r }, (_, y) => (x === y ? lambda : 0)));
    const b = new Array<number>(r).fill(0);
    for (let e = 0; e < rowOf.length; e++) {
      if (rowOf[e] !== i) continue;
      const k = partnerOf[e]!;
      for (let x = 0; x < r; x++) {
        b[x]! += values[e]! * W[k * r + x]!;
        for (let y = 0; y < r; y++) C[x]![y]! += W[k * r + x]! * W[k * r + y]!;
      }
    }
    out.set(denseSolve(C, b), i * r);
  }
  return out;
}

/** RMSE of UVᵀ − ŨṼᵀ over the cells R does not observe, cell by cell (the brute-force reference). */
export function complementRmseBrute(R: Ratings, a: { U: Float64Array; V: Float64Array }, b: { U: Float64Array; V: Float64Array }, r: number): number {
  const seen = new Set(Array.from(R.user, (u, e) => u * R.nItems + R.item[e]!));
  let s = 0;
  let cells = 0;
  for (let i = 0; i < R.nUsers; i++) {
    for (let j = 0; j < R.nItems; j++) {
      if (seen.has(i * R.nItems + j)) continue;
      let x = 0;
      for (let t = 0; t < r; t++) x += a.U[i * r + t]! * a.V[j * r + t]! - b.U[i * r + t]! * b.V[j * r + t]!;
      s += x * x;
      cells++;
    }
  }
  return Math.sqrt(s / cells);
}
