/**
 * O(N) unsorted segment sum: out[s, :] = Σ_{i : ids[i] = s} x[i, :].
 * Ids outside [0, numSegments) are dropped, as TensorFlow does.
 * (tfjs-backend-cpu 4.22 builds one mask per segment: O(numSegments × N).)
 */
export function unsortedSegmentSumImpl(
  x: Float32Array | Int32Array,
  ids: Int32Array,
  numSegments: number,
  inner: number,
  dtype: 'float32' | 'int32',
): Float32Array | Int32Array {
  const n = ids.length;
  if (dtype === 'int32') {
    const out = new Int32Array(numSegments * inner);
    for (let i = 0; i < n; i++) {
      const s = ids[i]!;
      if (s < 0 || s >= numSegments) continue;
      const o = s * inner;
      const xi = i * inner;
      for (let k = 0; k < inner; k++) out[o + k] = (out[o + k]! + x[xi + k]!) | 0;
    }
    return out;
  }
  const acc = new Float64Array(numSegments * inner);
  if (inner === 1) {
    for (let i = 0; i < n; i++) {
      const s = ids[i]!;
      if (s >= 0 && s < numSegments) acc[s]! += x[i]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const s = ids[i]!;
      if (s < 0 || s >= numSegments) continue;
      const o = s * inner;
      const xi = i * inner;
      for (let k = 0; k < inner; k++) acc[o + k]! += x[xi + k]!;
    }
  }
  return Float32Array.from(acc);
}
