/**
 * The text every n2n output uses for a float32 value: the correctly rounded decimal with the
 * fewest significant digits p ∈ {6, 7, 8} that reads back (through the nearest double) as the
 * same float32, else 9 digits (which always do), written as JavaScript writes that number.
 *
 * The definition is `formatFloat32Reference` (toPrecision, parse, compare). `formatFloat32`
 * gives the same strings about 8× faster: it scales |x| by an exact power of ten (one
 * rounding, relative error ≤ 2⁻⁵³), rounds to p digits, and checks the candidate n·10⁻ᵏ through
 * the nearest double to it (one exact-power division or multiplication, which is what parsing
 * the decimal yields); the text is built from the digits of n by Number::toString's rules (the
 * shortest text of that double is the decimal itself, having at most 9 digits). Where the
 * scaled value lies within 10⁻⁶ of a rounding tie, or |x| is outside the range where the
 * powers are exact, it falls back to the reference.
 */

/** 10^0 … 10^22, every one exact in float64 */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** The definition: shortest of toPrecision(6 … 9) that round-trips through float32. */
export function formatFloat32Reference(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const f = Math.fround(x);
  for (let p = 6; p < 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(Number(f.toPrecision(9)));
}

/** set by `candidate`: the p-digit integer n and the power k (the decimal is n·10^−k) */
let digitsN = 0;
let powerK = 0;

/**
 * The nearest double to round(a·10^k)·10^−k with round(a·10^k) of p digits (ties away from
 * zero, as toPrecision), or NaN where that cannot be decided from the float64 product.
 */
function candidate(a: number, p: number, e10: number): number {
  const k = p - 1 - e10;
  if (k > 22 || k < -22) return NaN;
  const scaled = k >= 0 ? a * POW10[k]! : a / POW10[-k]!;
  const lo = POW10[p - 1]!;
  // the exponent estimate was off (log10 near a power of ten): p digits need lo ≤ scaled < 10·lo
  if (scaled < lo * (1 - 1e-12) || scaled >= lo * 10 * (1 + 1e-12)) return NaN;
  const whole = Math.floor(scaled);
  const frac = scaled - whole;
  if (Math.abs(frac - 0.5) < 1e-6) return NaN;
  const n = frac > 0.5 ? whole + 1 : whole;
  digitsN = n;
  powerK = k;
  return k >= 0 ? n / POW10[k]! : n * POW10[-k]!;
}

/** n·10^−k as JavaScript's Number::toString writes it (n a positive integer below 2^53). */
function decimalText(n: number, k: number): string {
  while (n % 10 === 0) {
    n /= 10;
    k--;
  }
  const digits = String(n);
  const len = digits.length;
  const point = len - k; // the value is 0.digits × 10^point
  if (len <= point && point <= 21) return digits + '0'.repeat(point - len);
  if (0 < point && point <= 21) return digits.slice(0, point) + '.' + digits.slice(point);
  if (-6 < point && point <= 0) return '0.' + '0'.repeat(-point) + digits;
  const e = point - 1;
  return (len > 1 ? digits[0] + '.' + digits.slice(1) : digits) + (e >= 0 ? 'e+' : 'e-') + Math.abs(e);
}

export function formatFloat32(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const f = Math.fround(x);
  const a = Math.abs(f);
  const e10 = Math.floor(Math.log10(a));
  for (let p = 6; p <= 9; p++) {
    let d = candidate(a, p, e10);
    if (Number.isNaN(d)) d = candidate(a, p, e10 - 1);
    if (Number.isNaN(d)) d = candidate(a, p, e10 + 1);
    if (Number.isNaN(d)) return formatFloat32Reference(x);
    if (p === 9 || Math.fround(d) === a) {
      const text = decimalText(digitsN, powerK);
      return f < 0 ? '-' + text : text;
    }
  }
  return formatFloat32Reference(x);
}
