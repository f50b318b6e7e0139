// `n2n derive --task TASK --timings` in this process; prints the timings and peak RSS.
// Usage: node derive-case.js FILE [TASK] [extra derive flags...]
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../dist/cli/main.js';

let last = '';
const io = { out: (t) => (last = t), err: (t) => process.stderr.write('  ' + t + (t.endsWith('\n') ? '' : '\n')) };
const t = performance.now();
const task = process.argv[3] ?? 'hits';
const code = await main(['derive', '--task', task, ...process.argv.slice(4), '--backend', 'cpu', '--input', process.argv[2], '--out', join(tmpdir(), 'n2n-bench', 'B.tsv'), '--timings'], io);
if (code !== 0) process.exit(code);
const timings = JSON.parse(last);
const { solver, ...rest } = timings;
const brief = solver ? { products: solver.iterations, residual: solver.residual, precision: solver.precision, ...(solver.subspaceBound !== undefined ? { subspace_bound: solver.subspaceBound } : {}) } : {};
console.log(JSON.stringify({ seconds: ((performance.now() - t) / 1000).toFixed(2), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), ...rest, ...brief }));
