import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { Csr, groupByRowCol } from '../../src/graph/csr.js';
import { ThreadPool, sharedFloat64, vectorChunks } from '../../src/parallel/pool.js';
import { shareCsr, sharedCsrOperator, sharedMatvec, transposeShared } from '../../src/parallel/shared-csr.js';
import { sharedSpace } from '../../src/solvers/shared-space.js';
import { hostSpace, csrOperator } from '../../src/solvers/host-space.js';
import { lanczosSvd } from '../../src/solvers/lanczos-svd.js';

const one = new ThreadPool(1);
const three = new ThreadPool(3);
afterAll(() => {
  one.close();
  three.close();
});

function randomShared(rng: Rng, n: number): Float64Array {
  const x = sharedFloat64(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal();
  return x;
}

/** max_i |a_i − b_i| / (1 + |b_i|) */
function worstRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < b.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  return w;
}

/** rows × cols with m random entries (duplicates kept: they add), binary or Gaussian values. */
function randomSparse(rng: Rng, rows: number, cols: number, m: number, binary: boolean): Csr {
  const r = Int32Array.from({ length: m }, () => rng.int(rows));
  const c = Int32Array.from({ length: m }, () => rng.int(cols));
  const g = groupByRowCol(r, c, rows);
  return new Csr(rows, cols, g.rowPtr, g.colIdx, Float64Array.from({ length: m }, () => (binary ? 1 : rng.normal())));
}

describe('thread pool', () => {
  it('starts its workers', () => {
    expect(three.size).toBe(3);
    expect(one.size).toBe(1);
  });

  it('vector kernels agree bit for bit across thread counts and with plain float64 loops', () => {
    const rng = new Rng(3);
    const n = 200_003;
    const x = randomShared(rng, n);
    const basis = Array.from({ length: 6 }, () => randomShared(rng, n));
    const b = vectorChunks(n);
    const chunks = b.length - 1;
    expect(chunks).toBeGreaterThan(3);
    const dots = (pool: ThreadPool): Float64Array => {
      const out = sharedFloat64(chunks * 6);
      pool.run('dots', [x, out, 6, ...basis], b);
      return Float64Array.from({ length: 6 }, (_, j) => {
        let s = 0;
        for (let c = 0; c < chunks; c++) s += out[c * 6 + j]!;
        return s;
      });
    };
    const d1 = dots(one);
    const d3 = dots(three);
    expect(Array.from(d3)).toEqual(Array.from(d1));
    for (let j = 0; j < 6; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += basis[j]![i]! * x[i]!;
      expect(Math.abs(d1[j]! - s)).toBeLessThan(1e-9 * Math.sqrt(n));
    }
    // y = x − Σ c_j b_j and ‖y‖², out of place
    const coef = sharedFloat64(6);
    coef.set([0.5, -1, 2, 0.25, 3, -0.75]);
    const sub = (pool: ThreadPool): [Float64Array, number] => {
      const y = sharedFloat64(n);
      const out = sharedFloat64(chunks);
      pool.run('subtract', [x, y, coef, out, 6, ...basis], b);
      return [y, out.reduce((a, v) => a + v, 0)];
    };
    const [y1, n1] = sub(one);
    const [y3, n3] = sub(three);
    expect(y3).toEqual(y1);
    expect(n3).toBe(n1);
    let nn = 0;
    const ref = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let v = x[i]!;
      for (let j = 0; j < 6; j++) v -= coef[j]! * basis[j]![i]!;
      ref[i] = v;
      nn += v * v;
    }
    expect(worstRel(y1, ref)).toBeLessThan(1e-12);
    expect(Math.abs(n1 - nn) / nn).toBeLessThan(1e-12);
    // combine: two outputs from five basis vectors (one tail beyond the blocks of four)
    const packed = sharedFloat64(10);
    packed.set([1, 2, 3, 4, 5, -1, 0, 0.5, 0, 2]);
    const comb = (pool: ThreadPool): Float64Array[] => {
      const outs = [sharedFloat64(n), sharedFloat64(n)];
      pool.run('combine', [packed, 5, 2, ...outs, ...basis.slice(0, 5)], b);
      return outs;
    };
    const c1 = comb(one);
    expect(comb(three)).toEqual(c1);
    for (let i = 0; i < n; i += 997) {
      for (let j = 0; j < 2; j++) {
        let v = 0;
        for (let l = 0; l < 5; l++) v += packed[j * 5 + l]! * basis[l]![i]!;
        expect(c1[j]![i]).toBeCloseTo(v, 12);
      }
    }
  });

  it('a kernel that throws in a worker throws on the caller, with its own error', () => {
    const n = 100_000;
    const x = sharedFloat64(n);
    const b = vectorChunks(n);
    const out = sharedFloat64(b.length);
    // a missing basis vector: reading b[i] of undefined is a TypeError
    expect(() => three.run('dots', [x, out, 1, undefined], b)).toThrow(TypeError);
    // the pool still works afterwards
    const y = sharedFloat64(n);
    three.run('scale', [x.fill(2), 3, y], b);
    expect(y.every((v) => v === 6)).toBe(true);
  });
});

describe('shared CSR products', () => {
  for (const binary of [true, false]) {
    it(`${binary ? 'pattern (all ones)' : 'weighted'}: A·x and Aᵀ·y equal the serial CSR products, whatever the threads`, () => {
      const rng = new Rng(binary ? 11 : 12);
      const a = randomSparse(rng, 90_000, 70_000, 500_000, binary);
      const sa = shareCsr(a);
      expect(sa.values === null).toBe(binary);
      const t = transposeShared(sa, one);
      expect(t.nRows).toBe(70_000);
      // built in three parts, the transpose is the same arrays
      const t3 = transposeShared(sa, three);
      expect(Buffer.from(t3.rowPtr.buffer).equals(Buffer.from(t.rowPtr.buffer))).toBe(true);
      expect(Buffer.from(t3.colIdx.buffer).equals(Buffer.from(t.colIdx.buffer))).toBe(true);
      if (!binary) expect(Buffer.from(t3.values!.buffer).equals(Buffer.from(t.values!.buffer))).toBe(true);
      // and equals A's entries grouped by (column, row) (an independent sort)
      const byCol = groupByRowCol(a.colIdx, a.rowIndex(), a.nCols);
      expect(Array.from(t3.rowPtr)).toEqual(Array.from(byCol.rowPtr));
      expect(Array.from(t3.colIdx)).toEqual(Array.from(byCol.colIdx));
      if (!binary) expect(Array.from(t3.values!)).toEqual(Array.from(byCol.ids, (e) => a.values[e]!));
      let sorted = true;
      for (let j = 0; j < t.nRows; j++) {
        for (let e = t.rowPtr[j]! + 1; e < t.rowPtr[j + 1]!; e++) if (t.colIdx[e - 1]! > t.colIdx[e]!) sorted = false;
      }
      expect(sorted).toBe(true);
      const x = randomShared(rng, 70_000);
      const y = randomShared(rng, 90_000);
      const ax1 = sharedMatvec(sa, x, sharedFloat64(90_000), one);
      const ax3 = sharedMatvec(sa, x, sharedFloat64(90_000), three);
      expect(ax3).toEqual(ax1);
      const ref = a.matvec(x);
      expect(worstRel(ax1, ref)).toBeLessThan(1e-12);
      const op = sharedCsrOperator(a, three);
      const aty = op.rmatvec(y);
      const refT = a.rmatvec(y);
      expect(worstRel(aty, refT)).toBeLessThan(1e-12);
      expect(sharedMatvec(t, y, sharedFloat64(70_000), one)).toEqual(aty);
    });
  }
});

describe('shared vector space', () => {
  it('orthogonalises against a basis to working precision, with coefficients that rebuild x', () => {
    const rng = new Rng(21);
    const n = 120_000;
    const space = sharedSpace(three);
    const basis: Float64Array[] = [];
    for (let j = 0; j < 7; j++) {
      const { x } = space.orthogonalize(randomShared(rng, n), basis);
      basis.push(space.scale(x, 1 / space.norm(x)));
    }
    // x mostly inside span(basis): the case that needs the second pass
    const x = space.combine(basis, Float64Array.from({ length: 7 }, () => rng.normal()), 7, 1)[0]!;
    const noise = randomShared(rng, n);
    for (let i = 0; i < n; i++) x[i]! += 1e-6 * noise[i]!;
    const { x: y, coeffs } = space.orthogonalize(x, basis);
    for (const b of basis) {
      let d = 0;
      for (let i = 0; i < n; i++) d += b[i]! * y[i]!;
      expect(Math.abs(d)).toBeLessThan(1e-13 * space.norm(x));
    }
    const rebuilt = Float64Array.from(y);
    for (let j = 0; j < 7; j++) for (let i = 0; i < n; i++) rebuilt[i]! += coeffs[j]! * basis[j]![i]!;
    expect(worstRel(rebuilt, x)).toBeLessThan(1e-12);
    // recycling: a disposed vector comes back from alloc
    space.dispose(y);
    expect(space.alloc(n)).toBe(y);
  });

  it('Lanczos SVD on the pool matches the serial float64 solve and does not depend on the thread count', () => {
    const rng = new Rng(5);
    const a = randomSparse(rng, 60_000, 45_000, 300_000, false);
    const serial = lanczosSvd(csrOperator(a), hostSpace, { k: 3, seed: 4 });
    const fit = (pool: ThreadPool) => lanczosSvd(sharedCsrOperator(a, pool), sharedSpace(pool), { k: 3, seed: 4, tol: 1e-10, basisSize: 12 });
    const r1 = fit(one);
    const r3 = fit(three);
    expect(r3.converged).toBe(true);
    expect(Array.from(r3.sigma)).toEqual(Array.from(r1.sigma));
    expect(r3.u[0]).toEqual(r1.u[0]);
    for (let i = 0; i < 3; i++) expect(Math.abs(r3.sigma[i]! - serial.sigma[i]!) / serial.sigma[0]!).toBeLessThan(1e-10);
    // same vectors up to sign (both are sign-fixed to Σu ≥ 0)
    let d = 0;
    for (let i = 0; i < a.nCols; i++) d += r3.v[0]![i]! * serial.v[0]![i]!;
    expect(Math.abs(d)).toBeCloseTo(1, 9);
  });
});
