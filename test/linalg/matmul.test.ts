/**
 * matMulPlain: op(A)·op(B) with only untransposed products inside; its value and both
 * gradients equal tfjs's own matMul and its gradient, for every transpose combination, and a
 * constant operand gets no gradient computed.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { matMulPlain } from '../../src/linalg/matmul.js';
import { Rng } from '../../src/util/rng.js';

const rand = (rng: Rng, r: number, c: number): tf.Tensor2D => tf.tensor2d(Float32Array.from({ length: r * c }, () => rng.normal()), [r, c]);
const close = (x: tf.Tensor, y: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]! / Math.max(1e-30, tf.max(tf.abs(y)).dataSync()[0]!));

describe('matMulPlain', () => {
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      it(`value and gradients equal tf.matMul's (transposeA ${transposeA}, transposeB ${transposeB})`, () => {
        const rng = new Rng(transposeA ? (transposeB ? 1 : 2) : transposeB ? 3 : 4);
        const [m, k, n] = [7, 5, 3];
        const a = transposeA ? rand(rng, k, m) : rand(rng, m, k);
        const b = transposeB ? rand(rng, n, k) : rand(rng, k, n);
        const w = rand(rng, m, n); // a cotangent: L = Σ w ⊙ (A·B)
        const loss = (f: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D, y as tf.Tensor2D), w));
        const ours = tf.grads(loss((x, y) => matMulPlain(x, y, { transposeA, transposeB })))([a, b]);
        const ref = tf.grads(loss((x, y) => tf.matMul(x, y, transposeA, transposeB)))([a, b]);
        expect(close(matMulPlain(a, b, { transposeA, transposeB }), tf.matMul(a, b, transposeA, transposeB))).toBeLessThan(1e-6);
        expect(close(ours[0]!, ref[0]!)).toBeLessThan(1e-6);
        expect(close(ours[1]!, ref[1]!)).toBeLessThan(1e-6);
        // a constant operand: the other's gradient is unchanged
        const gB = tf.grad((y: tf.Tensor) => tf.sum(tf.mul(matMulPlain(a, y as tf.Tensor2D, { transposeA, transposeB, constA: true }), w)))(b);
        const gA = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(matMulPlain(x as tf.Tensor2D, b, { transposeA, transposeB, constB: true }), w)))(a);
        expect(close(gB, ref[1]!)).toBeLessThan(1e-6);
        expect(close(gA, ref[0]!)).toBeLessThan(1e-6);
      });
    }
  }
});
