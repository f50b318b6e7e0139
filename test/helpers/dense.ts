/**
 * Independent float64 references for tests: dense matrices, the classic two-sided Jacobi
 * eigenvalue method for symmetric matrices, and random sparse matrices.
 */
import { Rng } from '../../src/util/rng.js';
import { Csr, groupByRowCol } from '../../src/graph/csr.js';

/** Eigen-decomposition of a symmetric n × n row-major matrix: values descending, vectors as columns (row-major n × n). */
export function symEig(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[y * n + y]! - m[x * n + x]!);
  const values = Float64Array.from(order, (i) => m[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}

/** AᵀA for a dense row-major rows × cols matrix. */
export function gram(a: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(cols * cols);
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < cols; p++) {
      const x = a[i * cols + p]!;
      if (x === 0) continue;
      for (let q = 0; q < cols; q++) g[p * cols + q]! += x * a[i * cols + q]!;
    }
  }
  return g;
}

/** Top-k singular triplets via the eigen-decomposition of AᵀA (float64, dense). */
export function denseSvd(a: Float64Array, rows: number, cols: number, k: number): { s: number[]; u: Float64Array[]; v: Float64Array[] } {
  const { values, vectors } = symEig(gram(a, rows, cols), cols);
  const s: number[] = [];
  const u: Float64Array[] = [];
  const v: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const sigma = Math.sqrt(Math.max(values[j]!, 0));
    const vj = Float64Array.from({ length: cols }, (_, i) => vectors[i * cols + j]!);
    const uj = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let t = 0;
      for (let c = 0; c < cols; c++) t += a[i * cols + c]! * vj[c]!;
      uj[i] = t / sigma;
    }
    s.push(sigma);
    u.push(uj);
    v.push(vj);
  }
  return { s, u, v };
}

export function matmul(a: Float64Array, b: Float64Array, n: number, k: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) {
    const x = a[i * k + t]!;
    if (x !== 0) for (let j = 0; j < d; j++) out[i * d + j]! += x * b[t * d + j]!;
  }
  return out;
}

export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}

/** Random sparse rows × cols matrix with about `density` fill, distinct entries, values N(0,1) or 1. */
export function randomCsr(rng: Rng, rows: number, cols: number, density: number, binary = false): Csr {
  const r: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (rng.uniform() < density) {
    r.push(i);
    c.push(j);
  }
  const g = groupByRowCol(Int32Array.from(r), Int32Array.from(c), rows);
  const values = Float64Array.from({ length: r.length }, () => (binary ? 1 : rng.normal()));
  return new Csr(rows, cols, g.rowPtr, g.colIdx, values);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/**
 * Central difference of f at A(i,j) of a dense n × n matrix: (f(A + hE) − f(A − hE)) / 2h, with
 * E = e_i e_jᵀ, plus e_j e_iᵀ when undirected (one variable per unordered pair, Eq. 5).
 */
export function denseEdgeDifference(A: Float64Array, n: number, i: number, j: number, directed: boolean, h: number, f: (M: Float64Array) => number): number {
  const plus = Float64Array.from(A);
  const minus = Float64Array.from(A);
  plus[i * n + j]! += h;
  minus[i * n + j]! -= h;
  if (!directed && i !== j) {
    plus[j * n + i]! += h;
    minus[j * n + i]! -= h;
  }
  return (f(plus) - f(minus)) / (2 * h);
}

/** Gaussian elimination with partial pivoting (an independent float64 reference): x = A⁻¹b and log|det A|. */
export function luSolve(a: Float64Array, b: Float64Array, n: number): { x: Float64Array; logAbsDet: number } {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  let logAbsDet = 0;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[piv * n + c]!)) piv = r;
    if (piv !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[piv * n + k]] = [m[piv * n + k]!, m[c * n + k]!];
      [x[c], x[piv]] = [x[piv]!, x[c]!];
    }
    const d = m[c * n + c]!;
    logAbsDet += Math.log(Math.abs(d));
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k]! -= f * m[c * n + k]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let k = r + 1; k < n; k++) s -= m[r * n + k]! * x[k]!;
    x[r] = s / m[r * n + r]!;
  }
  return { x, logAbsDet };
}
