// `n2n derive --task hits --timings` in this process; prints the timings and peak RSS.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../dist/cli/main.js';

let last = '';
const io = { out: (t) => (last = t), err: (t) => process.stderr.write('  ' + t + (t.endsWith('\n') ? '' : '\n')) };
const t = performance.now();
const code = await main(['derive', '--task', 'hits', '--backend', 'cpu', '--input', process.argv[2], '--out', join(tmpdir(), 'n2n-bench', 'B.tsv'), '--timings'], io);
if (code !== 0) process.exit(code);
const timings = JSON.parse(last);
console.log(JSON.stringify({ seconds: ((performance.now() - t) / 1000).toFixed(2), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), ...timings }));
