/**
 * Lemma 6: the influence of every observed rating on f = ‖UVᵀ‖²_F,
 *
 *   I(i,j) = 2·U(i,:)(VᵀV)C_i⁻¹V(j,:)ᵀ + 2·V(j,:)(UᵀU)D_j⁻¹U(i,:)ᵀ,
 *
 * with C_i = λu·I + Σ_{k∈Ωi} V(k,:)ᵀV(k,:) and D_j = λv·I + Σ_{k∈Ωj} U(k,:)ᵀU(k,:) built from
 * the factors given (U*, V*). Per user a_i = C_i⁻¹(VᵀV)U(i,:)ᵀ and per item
 * b_j = D_j⁻¹(UᵀU)V(j,:)ᵀ (Cholesky, float64), then I(i,j) = 2·a_i·V(j,:) + 2·b_j·U(i,:):
 * O(r³(n1 + n2) + r·m) after the O(r²·m) Gram pass. Float64 throughout.
 */
import type { Ratings } from '../../ratings/ratings.js';
import { alsRows } from '../../solvers/als-rows.js';
import { sharedFloat64 } from '../../parallel/pool.js';

/** WᵀW for a row-major n × r matrix (r × r, row-major). */
export function gram(W: Float64Array, r: number): Float64Array {
  const G = new Float64Array(r * r);
  const n = W.length / r;
  for (let i = 0; i < n; i++) {
    const o = i * r;
    for (let x = 0; x < r; x++) {
      const wx = W[o + x]!;
      if (wx === 0) continue;
      for (let y = 0; y <= x; y++) G[x * r + y]! += wx * W[o + y]!;
    }
  }
  for (let x = 0; x < r; x++) for (let y = 0; y < x; y++) G[y * r + x] = G[x * r + y]!;
  return G;
}

/** Row-wise products W·G (n × r times a symmetric r × r). */
function timesGram(W: Float64Array, G: Float64Array, r: number): Float64Array {
  const out = new Float64Array(W.length);
  for (let o = 0; o < W.length; o += r) {
    for (let x = 0; x < r; x++) {
      let s = 0;
      for (let y = 0; y < r; y++) s += G[x * r + y]! * W[o + y]!;
      out[o + x] = s;
    }
  }
  return out;
}

/** ∇f of f = ‖UVᵀ‖²: ∇_U f = 2·U(VᵀV), ∇_V f = 2·V(UᵀU). */
export function objectiveGradient(U: Float64Array, V: Float64Array, r: number): { gU: Float64Array; gV: Float64Array } {
  const gU = timesGram(U, gram(V, r), r);
  const gV = timesGram(V, gram(U, r), r);
  for (let k = 0; k < gU.length; k++) gU[k]! *= 2;
  for (let k = 0; k < gV.length; k++) gV[k]! *= 2;
  return { gU, gV };
}

/**
 * Rows out(i,:) = S_i⁻¹ · G · W(i,:)ᵀ, S_i the Gram matrices of one side over the partner
 * factor (on the thread pool when the factors are shared, as ALS leaves them).
 */
function sideVectors(index: Ratings['byUser'], nRows: number, W: Float64Array, partner: Float64Array, G: Float64Array, r: number, lambda: number): Float64Array {
  const out = sharedFloat64(nRows * r);
  const g = sharedFloat64(G.length);
  g.set(G);
  alsRows('influence', index, nRows, partner, r, lambda, out, g, W);
  return out;
}

export interface Lemma6Parts {
  /** a_i = C_i⁻¹(VᵀV)U(i,:)ᵀ, n1 × r */
  a: Float64Array;
  /** b_j = D_j⁻¹(UᵀU)V(j,:)ᵀ, n2 × r */
  b: Float64Array;
}

export function lemma6Parts(ratings: Ratings, U: Float64Array, V: Float64Array, r: number, lambdaU: number, lambdaV: number): Lemma6Parts {
  const a = sideVectors(ratings.byUser, ratings.nUsers, U, V, gram(V, r), r, lambdaU);
  const b = sideVectors(ratings.byItem, ratings.nItems, V, U, gram(U, r), r, lambdaV);
  return { a, b };
}

/** I(e) for every rating e, in rating order. */
export function lemma6Influence(ratings: Ratings, U: Float64Array, V: Float64Array, r: number, lambdaU: number, lambdaV: number): Float64Array {
  const { a, b } = lemma6Parts(ratings, U, V, r, lambdaU, lambdaV);
  const m = ratings.user.length;
  const out = new Float64Array(m);
  const { user, item } = ratings;
  for (let e = 0; e < m; e++) {
    const u = user[e]! * r;
    const v = item[e]! * r;
    let s = 0;
    for (let x = 0; x < r; x++) s += a[u + x]! * V[v + x]! + b[v + x]! * U[u + x]!;
    out[e] = 2 * s;
  }
  return out;
}
