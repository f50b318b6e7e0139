import { initBackend } from '../dist/backend/load-backend.js';
import * as tf from '@tensorflow/tfjs-core';
await initBackend(process.env.B ?? 'wasm');
const n = 2708, p = 50, k = 10;
const X = tf.randomNormal([n, p]); let mu = tf.randomNormal([k, p]);
const step = () => tf.tidy(() => { const r = tf.softmax(tf.mul(tf.matMul(X, mu, false, true), 30)); const R = tf.sum(r, 0); const C = tf.matMul(r, X, true, false); return tf.div(C, tf.expandDims(R, 1)); });
for (let i = 0; i < 20; i++) { const g = step(); g.dataSync(); g.dispose(); }
let t = performance.now();
for (let i = 0; i < 100; i++) { const g = step(); g.dataSync(); g.dispose(); }
console.log(tf.getBackend(), 'step ms', ((performance.now() - t) / 100).toFixed(2));
