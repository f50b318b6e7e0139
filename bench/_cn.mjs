import { initBackend } from '../dist/backend/load-backend.js';
import { loadGraph } from '../dist/graph/load-graph.js';
import { trainClusterNet } from '../dist/tasks/clusternet/train.js';
await initBackend(process.env.B ?? 'cpu');
const [file, gradient = 'exact', iters = '300', beta = '30'] = process.argv.slice(2);
const { graph: g } = await loadGraph(file, { directed: false });
const t = performance.now();
const { report } = trainClusterNet(g, null, 0, { clusters: 10, beta: Number(beta), hidden: 50, embed: 50, lr: 0.01, iterations: Number(iters), dropout: 0.5, weightDecay: 5e-4, gradient, checkEvery: 10, kmeansTol: Number(process.env.KT ?? 1e-6), adjointTol: Number(process.env.AT ?? 1e-6), kmeansSteps: Number(process.env.KS ?? 5), adjointSteps: Number(process.env.AS ?? 15) }, 1, console.log);
console.log(JSON.stringify({ ...report, history: undefined }), ((performance.now() - t) / 1000).toFixed(1));
