#!/usr/bin/env node
/**
 * One GCRF derive on generated data (weighted ER graph, y and one predictor per node):
 * generate, fit μ and z (CG in float64 on the thread pool), form B; prints one JSON line.
 * Usage: node bench/gcrf-case.js N DEGREE [BETA]
 */
import { initBackend } from '../dist/backend/load-backend.js';
import { generateAttributed } from '../dist/graph/generators/generated.js';
import { gcrfTask } from '../dist/tasks/gcrf/index.js';

const [n, degree, beta = 1] = process.argv.slice(2).map(Number);
await initBackend('cpu');
let t = performance.now();
const data = generateAttributed({ kind: 'gcrf', n, degree, alphaStar: 1, betaStar: 5, noise: 0.33, seed: 1 });
const generate_s = (performance.now() - t) / 1000;
t = performance.now();
const fit = gcrfTask.fit(data, { seed: 1, options: { alpha: 0.2, beta, solver: 'cg' } });
const solve_s = (performance.now() - t) / 1000;
t = performance.now();
const B = gcrfTask.derive(data, fit);
const derive_s = (performance.now() - t) / 1000;
process.stdout.write(
  JSON.stringify({ n, m: data.graph.edges.src.length, generate_s, solve_s, derive_s, iterations: fit.solver.iterations, residual: fit.solver.residual, converged: fit.solver.converged, B: B.length, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n',
);
process.exit(0);
