// One subgraph-detection run (GBGP and its baselines). Prints a JSON line: generation and
// detection seconds, iterations, stop reason, PCSF calls, F1 and IoU against the planted nodes,
// peak RSS.
// Usage: node bench/detect-case.js (grid:SIDE | ba:BLOCKS:BLOCKSIZE) [--method gbgp] [--s 10] [--threads T]
//        [--lambda 0.03] [--seed 1]
import { baNetworkOfNetworks, evolvingGrid } from '../dist/tasks/detect/generators.js';
import { detect } from '../dist/tasks/detect/methods.js';
import { scoreDetection } from '../dist/tasks/detect/metrics.js';

const argv = process.argv.slice(2);
const flag = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const spec = argv[0];
const seed = Number(flag('--seed', 1));
let t = performance.now();
let planted;
let objective;
if (spec.startsWith('grid:')) {
  planted = evolvingGrid({ side: Number(spec.split(':')[1]), seed });
  objective = 'ems';
} else {
  const [, blocks, size] = spec.split(':').map(Number);
  planted = baNetworkOfNetworks({ blocks, blockSize: size, coupling: (blocks * size) / 10, plantedBlocks: Math.max(1, Math.round(blocks / 10)), plantedSize: 30, seed });
  objective = 'sum-ems';
}
const generateS = (performance.now() - t) / 1000;
const { network, truth } = planted;
const r = await detect(network, { method: flag('--method', 'gbgp'), objective, s: Number(flag('--s', spec.startsWith('grid:') ? 10 : 20)), lambda: Number(flag('--lambda', 0.03)), ...(argv.includes('--threads') ? { threads: Number(flag('--threads', 1)) } : {}) });
const sc = scoreDetection(r.x, truth);
console.log(JSON.stringify({ nodes: network.graph.n, edges: network.graph.edges.src.length, blocks: network.blocks.length, generate_s: +generateS.toFixed(2), detect_s: +r.seconds.toFixed(2), iterations: r.iterations, stop: r.stopReason, pcsf_calls: r.pcsfCalls, f1: +sc.f1.toFixed(4), iou: +sc.iou.toFixed(4), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
