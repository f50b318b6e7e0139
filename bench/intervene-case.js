// One network-intervention run (NILD-M, the paper's protocol): targets are 20% of the nodes,
// drawn (seeded) from the 40% with the highest LCC; the budget is a share of the edges. Prints a
// JSON line: build and method seconds, the largest target LCC before and after, whether the
// independent check passed, peak RSS.
// Usage: node bench/intervene-case.js (EDGES | ws:N:K:BETA) [--method oisa] [--budget-share 0.001]
//        [--epsilon 0.05] [--seed 1] [--no-check]
import { loadGraph } from '../dist/graph/load-graph.js';
import { generateGraph } from '../dist/graph/generators/generated.js';
import { ClusteringState } from '../dist/tasks/lcc/engine.js';
import { INTERVENTION_METHODS } from '../dist/tasks/lcc/intervene/methods.js';
import { assessIntervention } from '../dist/tasks/lcc/intervene/check.js';
import { Rng } from '../dist/util/rng.js';

const argv = process.argv.slice(2);
const flag = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
let t = performance.now();
const spec = argv[0];
const graph = spec.startsWith('ws:')
  ? (() => {
      const [, n, k, beta] = spec.split(':');
      return generateGraph({ kind: 'ws', n: Number(n), k: Number(k), beta: Number(beta), seed: 7 }, false);
    })()
  : (await loadGraph(spec, { directed: false })).graph;
const loadS = (performance.now() - t) / 1000;
t = performance.now();
const s = new ClusteringState(graph);
const order = Int32Array.from({ length: graph.n }, (_, v) => v).sort((a, b) => s.lcc(b) - s.lcc(a) || a - b);
const pool = Array.from(order.subarray(0, Math.floor(0.4 * graph.n)));
const rng = new Rng(Number(flag('--seed', 1)));
for (let i = pool.length - 1; i > 0; i--) {
  const j = rng.int(i + 1);
  [pool[i], pool[j]] = [pool[j], pool[i]];
}
const targets = Int32Array.from(pool.slice(0, Math.floor(0.2 * graph.n)));
const prepS = (performance.now() - t) / 1000;
const budget = Math.max(1, Math.round(Number(flag('--budget-share', 0.001)) * graph.edges.src.length));
const problem = { graph, targets, budget, epsilon: Number(flag('--epsilon', 0.05)) };
const method = flag('--method', 'oisa');
t = performance.now();
const r = INTERVENTION_METHODS[method](problem);
const methodS = (performance.now() - t) / 1000;
let check = null;
if (!argv.includes('--no-check')) {
  t = performance.now();
  const rep = assessIntervention(problem, r.added, method, methodS);
  check = { violations: rep.violations.length, max_target_lcc: rep.maxTargetLcc, seconds: +((performance.now() - t) / 1000).toFixed(2) };
}
console.log(
  JSON.stringify({
    n: graph.n,
    m: graph.edges.src.length,
    targets: targets.length,
    budget,
    method,
    edges: r.added.length,
    load_s: +loadS.toFixed(2),
    prepare_s: +prepS.toFixed(2),
    method_s: +methodS.toFixed(2),
    check,
    notes: r.notes,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
