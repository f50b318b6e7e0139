// Compare two pipeline results.csv files row by row, every column but the timings (seconds):
// the same rows (by dataset, task, attack, budget, seed, metric, variant), each once, with the
// same values. Prints what differs and exits 1; silent with exit 0 when they agree.
import { readFileSync } from 'node:fs';

const [a, b] = process.argv.slice(2);
const read = (path) => {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head.split(',');
  const keep = cols.map((c, i) => [c, i]).filter(([c]) => !/seconds|_s$/.test(c));
  const rows = new Map();
  const dup = [];
  for (const line of lines) {
    const cells = line.split(',');
    const row = keep.map(([c, i]) => `${c}=${cells[i]}`).join(',');
    const key = keep.filter(([c]) => c !== 'value').map(([c, i]) => `${c}=${cells[i]}`).join(',');
    if (rows.has(key)) dup.push(key);
    rows.set(key, row);
  }
  return { rows, dup, cols: keep.map(([c]) => c).join(',') };
};
const x = read(a);
const y = read(b);
const problems = [];
if (x.cols !== y.cols) problems.push(`columns differ: ${x.cols} | ${y.cols}`);
for (const d of x.dup) problems.push(`${a}: row twice: ${d}`);
for (const d of y.dup) problems.push(`${b}: row twice: ${d}`);
for (const [k, v] of x.rows) if (!y.rows.has(k)) problems.push(`only in ${a}: ${k}`);
  else if (y.rows.get(k) !== v) problems.push(`differs: ${v} | ${y.rows.get(k)}`);
for (const k of y.rows.keys()) if (!x.rows.has(k)) problems.push(`only in ${b}: ${k}`);
if (problems.length) {
  console.error(`${problems.length} differences between ${a} (${x.rows.size} rows) and ${b} (${y.rows.size} rows):\n  ${problems.slice(0, 10).join('\n  ')}`);
  process.exit(1);
}
console.error(`${a} and ${b} agree: ${x.rows.size} rows`);
