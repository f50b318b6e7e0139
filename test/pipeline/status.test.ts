/**
 * n2n status: a sharded output read from its files: complete shards, a shard whose run died
 * (its lock held by a pid that is gone, its manifest still saying running), a shard not
 * started, an interrupted one; the runs done against those expected; exit 1 until every shard
 * is complete, then 0.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { LOCK_FILE } from '../../src/pipeline/output-lock.js';
import { outputStatus } from '../../src/pipeline/status.js';
import { tempDir } from '../helpers/files.js';
import { runCli } from '../helpers/cli.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('n2n status', () => {
  it('names complete, stopped, interrupted and missing shards with their runs, and exits 0 only when all are complete', async () => {
    const out = join(dir, 'sweep');
    const config = pipelineSchema.parse(
      parse(`
name: st
dataset: { name: g, generator: { kind: rmat, scale: 7, edgeFactor: 6, seed: 2 } }
task: { name: hits }
attacks: [n2n, degree, random]
budgets: [2, 5]
seeds: [1, 2, 3, 4]
backend: cpu
output: ${out}
`),
    );
    const shard = (index: number) => runPipeline(config, { shard: { index, count: 4 } });
    await shard(0);
    await shard(1);
    await shard(2);
    // shard 1: its run died (a lock held by a pid that is gone; the manifest still says running)
    const s1 = join(out, 'shard-1-of-4');
    const m1 = JSON.parse(readFileSync(join(s1, 'manifest.json'), 'utf8'));
    writeFileSync(join(s1, 'manifest.json'), JSON.stringify({ ...m1, status: 'running' }));
    writeFileSync(join(s1, LOCK_FILE), JSON.stringify({ pid: spawnSync(process.execPath, ['-e', '0']).pid, host: hostname(), started: 'then', pipeline: 'st' }));
    // shard 2: interrupted
    const s2 = join(out, 'shard-2-of-4');
    writeFileSync(join(s2, 'manifest.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(s2, 'manifest.json'), 'utf8')), status: 'interrupted', reason: 'stopped by a signal' }));
    const st = outputStatus(out);
    expect(st.count).toBe(4);
    expect(st.shards.map((s) => s.state)).toEqual(['complete', 'stopped', 'interrupted', 'not started']);
    expect(st.shards[0]!.runsDone).toBe(6);
    expect(st.shards[0]!.runsExpected).toBe(1 * 3 * 2);
    expect(st.done).toBe(false);
    const r = await runCli(['status', out]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1 complete, 1 interrupted \(2\), 1 stopped \(1\), 1 not started \(3\)/);
    expect(r.out).toMatch(/to finish: run shards 1, 2, 3/);
    // finish them (the dead lock is taken over), then all complete
    rmSync(join(s1, LOCK_FILE));
    await shard(1);
    await shard(2);
    await shard(3);
    const done = await runCli(['status', out]);
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/4 shards: 4 complete/);
    expect(done.out).toMatch(/every shard is complete: n2n merge/);
    const bad = await runCli(['status', join(dir, 'nothing')]);
    expect(bad.code).not.toBe(0);
  });
});
