#!/usr/bin/env node
/**
 * GCRF maximum-likelihood training on generated data, exact eigenbasis against stochastic
 * Lanczos quadrature + CG. Usage: node bench/gcrf-train-case.js N DEGREE exact|stochastic [PROBES]
 * Prints one JSON line: α, β, log-likelihood per node, iterations, seconds.
 */
import { initBackend } from '../dist/backend/load-backend.js';
import { generateAttributed } from '../dist/graph/generators/generated.js';
import { trainExact, trainStochastic } from '../dist/tasks/gcrf/index.js';

const [n, degree] = process.argv.slice(2, 4).map(Number);
const method = process.argv[4] ?? 'stochastic';
const probes = Number(process.argv[5] ?? 32);
await initBackend('cpu');
const data = generateAttributed({ kind: 'gcrf', n, degree, alphaStar: 1, betaStar: 5, noise: 0.33, seed: 1 });
const t = performance.now();
const r = method === 'exact' ? trainExact(data) : trainStochastic(data, { probes, steps: 64, seed: 1 });
const seconds = (performance.now() - t) / 1000;
process.stdout.write(JSON.stringify({ n, m: data.graph.edges.src.length, method, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), probes: method === 'exact' ? null : probes, alpha: r.alpha[0], beta: r.beta, ratio: r.beta / r.alpha[0], ll: r.logLikelihood, iterations: r.iterations, evaluations: r.evaluations, converged: r.converged, seconds }) + '\n');
process.exit(0);
