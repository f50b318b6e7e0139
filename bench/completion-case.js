// Completion at scale: generated ratings of a given size, 10 ALS sweeps + Lemma 6 influence in
// this process (cpu backend, host engine); prints phase times and peak RSS as JSON.
// Usage: node completion-case.js USERS ITEMS RATINGS [RANK] [SWEEPS]   (ml-20m: 138493 26744 20000263)
//        node completion-case.js --file ratings.csv [RANK] [SWEEPS]
import { Rng } from '../dist/util/rng.js';
import { buildRatings } from '../dist/ratings/ratings.js';
import { loadRatings } from '../dist/ratings/load-ratings.js';
import { completionTask } from '../dist/tasks/completion/index.js';
import { initBackend } from '../dist/backend/load-backend.js';

/** Ratings with Zipf-like user activity and item popularity, values from a rank-5 model, 0.5..5 in steps of 0.5. */
export function generateRatings(n1, n2, m, seed) {
  const rng = new Rng(seed);
  const weights = (n, s) => {
    const w = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) w[i + 1] = w[i] + 1 / Math.pow(i + 1, s);
    for (let i = 0; i <= n; i++) w[i] /= w[n];
    return w;
  };
  const pick = (cdf) => {
    const u = rng.uniform();
    let lo = 0;
    let hi = cdf.length - 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid + 1] <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const cu = weights(n1, 0.6);
  const ci = weights(n2, 0.9);
  const k = 5;
  const P = Float64Array.from({ length: n1 * k }, () => rng.normal() * 0.5);
  const Q = Float64Array.from({ length: n2 * k }, () => rng.normal() * 0.5);
  // per-user counts ∝ the user weights (each ≥ 1, ≤ n2/2), summing to exactly m
  const count = new Int32Array(n1);
  let total = 0;
  for (let u = 0; u < n1; u++) {
    count[u] = Math.min(Math.floor(n2 / 2), Math.max(1, Math.round(m * (cu[u + 1] - cu[u]))));
    total += count[u];
  }
  for (let u = 0; total !== m; u = (u + 1) % n1) {
    if (total < m && count[u] < n2 / 2) (count[u]++, total++);
    else if (total > m && count[u] > 1) (count[u]--, total--);
  }
  const user = new Int32Array(m);
  const item = new Int32Array(m);
  const value = new Float64Array(m);
  const taken = new Int32Array(n2).fill(-1);
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  let spread = 40503;
  while (gcd(spread, n1) !== 1) spread++;
  let e = 0;
  for (let u = 0; u < n1; u++) {
    const id = (u * spread + 7) % n1; // spread heavy users over the ids (a bijection: gcd(spread, n1) = 1)
    for (let c = 0; c < count[u]; c++) {
      let it = pick(ci);
      while (taken[it] === u) it = rng.int(n2);
      taken[it] = u;
      let v = 3.5;
      for (let t = 0; t < k; t++) v += P[id * k + t] * Q[it * k + t];
      v += 0.5 * rng.normal();
      user[e] = id;
      item[e] = it;
      value[e++] = Math.min(5, Math.max(0.5, Math.round(v * 2) / 2));
    }
  }
  const labels = (n, p) => Array.from({ length: n }, (_, i) => p + i);
  return buildRatings(labels(n1, 'u'), labels(n2, 'i'), { user, item, value }, { duplicates: 'error', source: `generated ${n1}x${n2}x${m}` });
}

const args = process.argv.slice(2);
await initBackend('cpu');
const t0 = performance.now();
let ratings;
let rest;
if (args[0] === '--file') {
  ratings = (await loadRatings(args[1])).ratings;
  rest = args.slice(2);
} else {
  ratings = generateRatings(+args[0], +args[1], +args[2], 1);
  rest = args.slice(3);
}
const rank = +(rest[0] ?? 10);
const iters = +(rest[1] ?? 10);
const loadS = (performance.now() - t0) / 1000;
let t = performance.now();
const sweepTimes = [];
let last = t;
const fit = completionTask.fit(ratings, {
  seed: 1,
  options: { rank, iters, engine: 'host' },
  log: (msg) => {
    const now = performance.now();
    sweepTimes.push(+((now - last) / 1000).toFixed(2));
    last = now;
    process.stderr.write('  ' + msg + '\n');
  },
});
const solveS = (performance.now() - t) / 1000;
t = performance.now();
const I = completionTask.derive(ratings, fit);
const influenceS = (performance.now() - t) / 1000;
let maxI = 0;
for (let e = 0; e < I.length; e++) maxI = Math.max(maxI, Math.abs(I[e]));
console.log(
  JSON.stringify({
    users: ratings.nUsers,
    items: ratings.nItems,
    ratings: ratings.user.length,
    rank,
    sweeps: fit.als.sweeps,
    load_or_generate_s: +loadS.toFixed(2),
    als_s: +solveS.toFixed(2),
    per_sweep_s: sweepTimes,
    influence_s: +influenceS.toFixed(2),
    als_plus_influence_s: +(solveS + influenceS).toFixed(2),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    objective: fit.als.objective.at(-1),
    stationarity: fit.als.stationarity,
    max_abs_influence: maxI,
  }),
);
