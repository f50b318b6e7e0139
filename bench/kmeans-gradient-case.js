// How the paper's one-step k-means gradient compares with the exact (implicit function theorem)
// one: for β = 5, 30, 70, (a) on the embeddings ClusterNet trained at β = 30, soft k-means
// converged from Lloyd centres at that β; (b) on the embeddings trained at that β, at the fit's
// own fixed point. X̄ for the soft modularity's own cotangent μ̄ = ∂Q/∂μ. One JSON line.
// Usage: node bench/kmeans-gradient-case.js EDGES [--iterations N]
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../dist/backend/load-backend.js';
import { loadGraph } from '../dist/graph/load-graph.js';
import { clusternetTask, softKMeans, softKMeansBackward } from '../dist/tasks/clusternet/index.js';
import { centreSpread } from '../dist/tasks/clusternet/fit.js';
import { softModularityTensor } from '../dist/tasks/clusternet/objectives/modularity.js';
import { sparseFromCsr } from '../dist/sparse/sparse-matrix.js';
import { kmeans } from '../dist/solvers/kmeans.js';

const argv = process.argv.slice(2);
const iterations = argv.includes('--iterations') ? Number(argv[argv.indexOf('--iterations') + 1]) : 300;
await initBackend('wasm');
const { graph } = await loadGraph(argv[0], { directed: false });
const fits = {};
for (const beta of [5, 30, 70]) fits[beta] = await clusternetTask.fitAsync(graph, { seed: 1, options: { clusters: 10, iterations, clusterTemp: beta } });
const [n, p, k] = [graph.n, 50, 10];
const a = sparseFromCsr(graph.csr);
const out = { n, m: graph.edges.src.length };
for (const [setting, beta] of [['a', 5], ['a', 30], ['a', 70], ['b', 5], ['b', 70]]) {
  const fit = fits[setting === 'a' ? 30 : beta];
  const X = fit.X;
  const Xt = tf.tensor2d(Float32Array.from(X), [n, p]);
  const d = { X, n, p, k, beta };
  const fwd = setting === 'a' ? softKMeans(d, kmeans(X, n, p, { k, seed: 7, restarts: 3 }).centers, { tol: 1e-12, maxIter: 50000 }) : fit.kmeans;
  const mu = tf.tensor2d(Float32Array.from(fwd.mu), [k, p]);
  const g = tf.grad((m) => softModularityTensor(a, tf.softmax(tf.mul(tf.matMul(Xt, m, false, true), beta))))(mu);
  const muBar = Float64Array.from(g.dataSync());
  const exact = softKMeansBackward(d, fwd, muBar, 'exact');
  const one = softKMeansBackward(d, fwd, muBar, 'one-step').Xbar;
  const e = exact.Xbar;
  let dot = 0, ee = 0, oo = 0, dd = 0;
  for (let i = 0; i < e.length; i++) { dot += e[i] * one[i]; ee += e[i] ** 2; oo += one[i] ** 2; dd += (e[i] - one[i]) ** 2; }
  out[`${setting === 'a' ? 'embeddings_beta30' : 'trained'}_beta${beta}`] = {
    trained_hard_modularity: +fit.hardModularity.toFixed(4),
    kmeans_updates: fwd.iterations,
    converged: fwd.converged,
    collapsed: centreSpread(fwd.mu, k, p) < 1e-6,
    adjoint_gmres_steps: exact.solve.iterations,
    cosine: +(dot / Math.sqrt(ee * oo)).toFixed(4),
    relative_error: +Math.sqrt(dd / ee).toFixed(4),
  };
  tf.dispose([mu, g, Xt]);
}
console.log(JSON.stringify(out));
