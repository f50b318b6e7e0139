import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { ThreadPool } from '../../src/parallel/pool.js';
import { BlockSpace } from '../../src/solvers/lobpcg.js';

const one = new ThreadPool(1);
const three = new ThreadPool(3);
afterAll(() => {
  one.close();
  three.close();
});

function block(rng: Rng, space: BlockSpace, b: number): Float64Array {
  const x = space.alloc(b);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

describe('generated block kernels (row-major n × b)', () => {
  // 70,000 rows: several chunks, so the pool's workers take part
  const n = 70_000;
  it('Gram matrices, combinations and column norms equal plain loops, on 1 and 3 threads bit for bit', () => {
    const rng = new Rng(4);
    const s1 = new BlockSpace(n, one);
    const s3 = new BlockSpace(n, three);
    // widths on both sides of the unrolled / row-at-a-time switch (144 sums)
    for (const [ba, bb] of [
      [3, 5],
      [8, 8],
      [13, 13],
    ] as const) {
      const A = block(rng, s1, ba);
      const B = block(rng, s1, bb);
      for (const sym of ba === bb ? [false, true] : [false]) {
        const Y = sym ? A : B;
        const g1 = s1.gram(A, ba, Y, bb, sym);
        const g3 = s3.gram(A, ba, Y, bb, sym);
        expect(Array.from(g3)).toEqual(Array.from(g1));
        for (let p = 0; p < ba; p++) {
          for (let q = 0; q < bb; q++) {
            let s = 0;
            for (let i = 0; i < n; i++) s += A[i * ba + p]! * Y[i * bb + q]!;
            expect(g1[p * bb + q]!).toBeCloseTo(s, 8);
          }
        }
      }
      // Y = A·C + B·diag(d) (needs bb = by)
      const C = Float64Array.from({ length: ba * bb }, () => rng.normal());
      const d = Float64Array.from({ length: bb }, () => rng.normal());
      const y1 = s1.combine(bb, [
        [A, ba, C],
        [B, -bb, d],
      ]);
      const y3 = s3.combine(bb, [
        [A, ba, C],
        [B, -bb, d],
      ]);
      expect(Array.from(y3)).toEqual(Array.from(y1));
      for (const i of [0, 1, n >> 1, n - 1]) {
        for (let q = 0; q < bb; q++) {
          let s = B[i * bb + q]! * d[q]!;
          for (let p = 0; p < ba; p++) s += A[i * ba + p]! * C[p * bb + q]!;
          expect(y1[i * bb + q]!).toBeCloseTo(s, 12);
        }
      }
      const norms = s1.columnNorms(B, bb);
      expect(Array.from(s3.columnNorms(B, bb))).toEqual(Array.from(norms));
      for (let q = 0; q < bb; q++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += B[i * bb + q]! ** 2;
        expect(norms[q]!).toBeCloseTo(Math.sqrt(s), 9);
      }
    }
  });

  it('recycles released blocks and keeps the ones asked for', () => {
    const s = new BlockSpace(1000, one);
    const keep = s.alloc(4);
    const gone = s.alloc(4);
    keep.fill(7);
    s.keepOnly([keep]);
    const again = s.alloc(4);
    expect(again).toBe(gone);
    expect(again).not.toBe(keep);
    expect(keep.every((x) => x === 7)).toBe(true);
  });
});
