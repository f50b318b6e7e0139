/** Nothing lost, nothing left behind: locks, signals, stale temporary files, failed starts, progress on odd terminals. */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { pipelineSchema, type PipelineConfig } from '../../src/pipeline/schema.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { acquireOutputLock, LOCK_FILE } from '../../src/pipeline/output-lock.js';
import { readResults } from '../../src/pipeline/results.js';
import { reporter } from '../../src/cli/progress.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { outStarsText } from '../helpers/graphs.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bin = join(process.cwd(), 'bin/n2n.js');

const yaml = (name: string, out: string, seeds = '[1, 2]', scale = 7): string => `
name: ${name}
dataset: { name: g, generator: { kind: rmat, scale: ${scale}, edgeFactor: 6, seed: 2 } }
task: { name: hits }
attacks: [n2n, degree, random]
budgets: [2, 5]
seeds: ${seeds}
backend: cpu
output: ${out}
`;
const config = (text: string): PipelineConfig => pipelineSchema.parse(parse(text));

/** A pid that is certainly not running: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('one writer per output folder', () => {
  it('a second run into a locked folder is refused naming the holder; a dead holder\'s lock is taken over', async () => {
    const out = join(dir, 'locked');
    const release = acquireOutputLock(out, 'someone-else');
    await expect(runPipeline(config(yaml('p', out)))).rejects.toThrow(new RegExp(`being written by another n2n run \\(pid ${process.pid} on ${hostname()}, pipeline 'someone-else'`));
    release();
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    writeFileSync(join(out, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), started: 'then', pipeline: 'p' }));
    const logs: string[] = [];
    const r = await runPipeline(config(yaml('p', out)), { log: (m) => logs.push(m) });
    expect(r.rows.length).toBe(2 * 3 * 2);
    expect(logs.join('\n')).toMatch(/taking over the lock of run \d+ .* no longer running/);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  });

  it('two processes into one folder at once: one refuses or resumes, no row is lost', async () => {
    const out = join(dir, 'race');
    const file = writeTemp(dir, 'race.yaml', yaml('race', out, '[1, 2, 3]'));
    const run = (): Promise<{ code: number; err: string }> =>
      new Promise((done) => {
        const child = spawn(process.execPath, [bin, 'run', file, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (code) => done({ code: code ?? -1, err }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    const codes = [a.code, b.code].sort();
    expect(codes[0]).toBe(0);
    if (codes[1] !== 0) expect(a.err + b.err).toMatch(/being written by another n2n run \(pid \d+ on /);
    const rows = readResults(join(out, 'results.csv'));
    expect(rows.length).toBe(3 * 3 * 2);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).status).toBe('complete');
  });

  it("another pipeline's folder is refused unless --force, naming whose it is", async () => {
    const out = join(dir, 'owned');
    await runPipeline(config(yaml('first', out, '[1]')));
    await expect(runPipeline(config(yaml('second', out, '[1]')))).rejects.toThrow(/holds the results of pipeline 'first' \(manifest.json\), not of 'second'.*--force/);
    expect(readResults(join(out, 'results.csv')).length).toBe(6); // untouched
    const forced = await runPipeline(config(yaml('second', out, '[1]')), { force: true });
    expect(forced.rows.length).toBe(6);
  });
});

describe('nothing left behind', () => {
  it('a run that fails before it starts leaves no folder; a killed run\'s temporary files are removed by the next run', async () => {
    const out = join(dir, 'never');
    const bad = yaml('bad', out).replace('{ name: g, generator: { kind: rmat, scale: 7, edgeFactor: 6, seed: 2 } }', `{ path: ${join(dir, 'no-such-file.txt')} }`);
    await expect(runPipeline(config(bad))).rejects.toThrow(/no such file/);
    expect(existsSync(out)).toBe(false);

    const out2 = join(dir, 'leftovers');
    mkdirSync(join(out2, 'removed'), { recursive: true });
    const host = hostname().replace(/[^A-Za-z0-9.]/g, '_');
    const stale = [join(out2, `.results.csv.tmp-${host}-${deadPid()}-abc`), join(out2, 'removed', `.n2n-k2-s1.tsv.tmp-${host}-${deadPid()}-xyz`)];
    const live = join(out2, `.keep.tmp-${host}-${process.pid}-abc`); // ours: a live process's file stays
    for (const f of [...stale, live]) writeFileSync(f, 'partial');
    const logs: string[] = [];
    await runPipeline(config(yaml('left', out2, '[1]')), { log: (m) => logs.push(m) });
    for (const f of stale) expect(existsSync(f)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(logs.join('\n')).toMatch(/removed 1 temporary file that an interrupted run left/);
  });

  it('SIGTERM mid-run: exit 143, says interrupted, manifest interrupted, no temporary file or lock left; a rerun completes', async () => {
    const out = join(dir, 'term');
    const file = writeTemp(dir, 'term.yaml', yaml('term', out, '[1, 2, 3, 4, 5, 6, 7, 8]', 12));
    const child = spawn(process.execPath, [bin, 'run', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // wait for the first rows, then stop it
    for (let t = 0; t < 600 && !existsSync(join(out, 'results.csv')); t++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(out, 'results.csv'))).toBe(true);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(143);
    expect(err).toMatch(/interrupted \(SIGTERM\)/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('interrupted');
    const everything = (d: string): string[] => readdirSync(d, { recursive: true }).map(String);
    expect(everything(out).filter((f) => f.includes('.tmp-') || f.endsWith(LOCK_FILE))).toEqual([]);
    const before = readResults(join(out, 'results.csv')).length;
    const again = spawnSync(process.execPath, [bin, 'run', file, '--quiet'], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(readResults(join(out, 'results.csv')).length).toBe(8 * 3 * 2);
    expect(before).toBeGreaterThan(0);
  });
});

describe('progress', () => {
  it('a terminal with 0 columns (or TERM=dumb) gets plain lines, never a spinner', () => {
    const lines: string[] = [];
    const io = { out: () => {}, err: (t: string) => lines.push(t), terminal: true };
    const r = reporter(io, { quiet: false, stream: { isTTY: true, columns: 0 } });
    r.progress({ done: 1, total: 4, label: 'x' });
    r.stop();
    expect(lines).toEqual(['[1/4] x']);
  });
});

describe('runs that cannot be made are recorded, not reported as numbers, and the sweep goes on', () => {
  it('ill-posed data: the derivative attack is skipped and said, other attacks run; a refit on too small a graph fails alone', async () => {
    // a larger out-star plus two identical ones at σ2 = σ3: HITS' B does not exist
    const input = writeTemp(dir, 'stars.txt', outStarsText([9, 4, 4]));
    const out = join(dir, 'ill');
    const logs: string[] = [];
    const r = await runPipeline(
      config(`
name: ill
dataset: { path: ${input} }
task: { name: hits }
attacks: [n2n, degree]
budgets: [1, 2]
seeds: [1]
backend: cpu
output: ${out}
`),
      { log: (m) => logs.push(m) },
    );
    expect(r.skippedRuns.map((s) => `${s.attack} ${s.budget}`)).toEqual(['n2n 1', 'n2n 2']);
    expect(r.skippedRuns[0]!.why).toMatch(/B is not defined: σ2 = .* and σ3 = .* coincide/);
    expect(r.rows.map((x) => `${x.attack} ${x.budget}`)).toEqual(['degree 1', 'degree 2']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('complete');
    expect(manifest.skippedRuns).toHaveLength(2);
    expect(logs.join('\n')).toMatch(/n2n seed=1: skipped \(2 runs\)/);
  });

  it('a refit that leaves too small a graph fails that run alone (recorded with why), the others stand', async () => {
    const input = writeTemp(dir, 'path.txt', '# Undirected graph\n0 1\n1 2\n2 3\n3 4\n4 5\n');
    const out = join(dir, 'small');
    const r = await runPipeline(
      config(`
name: small
dataset: { path: ${input} }
task: { name: spectral, clusters: 3 }
attacks: [degree]
budgets: [0, 5]
seeds: [1]
backend: cpu
output: ${out}
`),
    );
    expect(r.rows.map((x) => `${x.attack} ${x.budget}`)).toEqual(['degree 0']);
    expect(r.failedRuns.map((s) => `${s.attack} ${s.budget}`)).toEqual(['degree 5']);
    expect(r.failedRuns[0]!.why).toMatch(/refit after removing 5 edges failed: spectral: 3 clusters need at least 4 nodes/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('complete');
    expect(manifest.failedRuns).toHaveLength(1);
  });
});
