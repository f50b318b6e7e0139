import { describe, expect, it } from 'vitest';
import { formatFloat32, formatFloat32Reference } from '../../src/util/format-float32.js';
import { Rng } from '../../src/util/rng.js';

describe('float32 text', () => {
  it('equals the toPrecision definition on random bit patterns, decades, powers of two and ties', () => {
    const rng = new Rng(7);
    const f32 = new Float32Array(1);
    const bits = new Uint32Array(f32.buffer);
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      bits[0] = rng.int(2 ** 32);
      values.push(f32[0]!);
      // the range outputs live in, with many values of few digits
      values.push((rng.uniform() - 0.5) * 10 ** (-12 + 16 * rng.uniform()), rng.int(2_000_000) / 10 ** rng.int(12));
    }
    for (let k = -45; k <= 38; k++) {
      for (const m of [1, 2, 2.5, 5, 1.5, 1.25, 9.999999, 9.9999999, 1.0000001, 3.3333333, 0.5]) values.push(m * 10 ** k, -m * 10 ** k);
    }
    for (let k = -149; k <= 127; k++) values.push(2 ** k, 1.5 * 2 ** k, -3 * 2 ** k);
    values.push(0, -0, Infinity, -Infinity, NaN, 3.4028234663852886e38, 1.401298464324817e-45, 16777217, 0.1, 123456.5, 1234567.5);
    let mismatches = 0;
    for (const v of values) {
      if (formatFloat32(v) !== formatFloat32Reference(v)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('reads back as the same float32, in as few digits as that allows', () => {
    expect(formatFloat32(0.1)).toBe('0.1');
    expect(formatFloat32(-2.5e-9)).toBe('-2.5e-9');
    expect(formatFloat32(Math.PI)).toBe('3.1415927');
    expect(formatFloat32(1e21)).toBe('1e+21');
    expect(formatFloat32(123456789)).toBe('123456790');
    expect(formatFloat32(0.000001)).toBe('0.000001');
    expect(formatFloat32(1 / 3)).toBe('0.33333334');
    const rng = new Rng(8);
    for (let i = 0; i < 10_000; i++) {
      const x = Math.fround((rng.uniform() - 0.5) * 10 ** (-30 + 60 * rng.uniform()));
      const s = formatFloat32(x);
      expect(Math.fround(Number(s))).toBe(x);
      const digits = s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
      if (digits.length > 6) expect(Math.fround(Number(x.toPrecision(digits.length - 1)))).not.toBe(x);
    }
  });
});
