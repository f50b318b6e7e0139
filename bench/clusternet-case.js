// One ClusterNet training run (community detection, K = 10): prints a JSON line with the
// training time, the hard modularity of the kept iterate, the final pass and peak RSS.
// Usage: node bench/clusternet-case.js EDGES [--features FILE] [--gradient exact|one-step]
//        [--iterations N] [--backend cpu|wasm] [--kmeans-steps S] [--adjoint-steps T]
import { initBackend } from '../dist/backend/load-backend.js';
import { loadGraph } from '../dist/graph/load-graph.js';
import { clusternetTask } from '../dist/tasks/clusternet/index.js';

const argv = process.argv.slice(2);
const flag = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
await initBackend(flag('--backend', 'wasm'));
const { graph } = await loadGraph(argv[0], { directed: false });
const options = {
  clusters: 10,
  iterations: Number(flag('--iterations', 300)),
  gradient: flag('--gradient', 'exact'),
  ...(flag('--features') ? { features: flag('--features') } : {}),
  ...(flag('--kmeans-steps') ? { kmeansSteps: Number(flag('--kmeans-steps')) } : {}),
  ...(flag('--adjoint-steps') ? { adjointSteps: Number(flag('--adjoint-steps')) } : {}),
};
const t = performance.now();
const fit = await clusternetTask.fitAsync(graph, { seed: 1, options });
const seconds = (performance.now() - t) / 1000;
console.log(
  JSON.stringify({
    n: graph.n,
    m: graph.edges.src.length,
    seconds: +seconds.toFixed(2),
    training_s: +fit.training.seconds.toFixed(2),
    per_iteration_ms: +((fit.training.seconds * 1000) / options.iterations).toFixed(1),
    hard_modularity: +fit.hardModularity.toFixed(4),
    soft_modularity: +fit.objective.toFixed(4),
    best_iteration: fit.training.bestIteration,
    mean_kmeans_updates: +fit.training.meanKMeansUpdates.toFixed(2),
    mean_adjoint_steps: +fit.training.meanAdjointSteps.toFixed(2),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
