/** Sweeps, shards, merge, resume and the completion pipeline, run in-process on generated data. */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pipelineSchema, type PipelineConfig } from '../../src/pipeline/schema.js';
import { expandSweep, parseShard, runUnits } from '../../src/pipeline/sweep.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { mergeShards } from '../../src/pipeline/merge.js';
import { readResults, rowKey } from '../../src/pipeline/results.js';
import { loadPipeline } from '../../src/pipeline/load-config.js';
import { tempDir, writeTemp } from '../helpers/files.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (yaml: string): PipelineConfig => pipelineSchema.parse(parse(yaml));

const hitsSweep = (out: string): string => `
name: sweep-t
dataset: { name: g, generator: { kind: rmat, scale: 7, edgeFactor: 6, seed: 2 } }
task: { name: hits }
attacks: [n2n, degree, random]
budgets: [3, 8]
seeds: [1, 2, 3]
backend: cpu
output: ${out}
sweep:
  dataset.generator.seed: [2, 5]
  budgets: [[3, 8], [4]]
`;

describe('sweeps and shards', () => {
  it('expands every combination, names variants from short aliases, validates each', () => {
    const v = expandSweep(config(hitsSweep('x')));
    expect(v.map((x) => x.name)).toEqual(['seed=2_budgets=3+8', 'seed=2_budgets=4', 'seed=5_budgets=3+8', 'seed=5_budgets=4']);
    expect(v[2]!.config.dataset.generator).toMatchObject({ seed: 5 });
    expect(v[1]!.config.budgets).toEqual([4]);
    // the results-deciding hash ignores budgets but not the dataset
    expect(v[0]!.hash).toBe(v[1]!.hash);
    expect(v[0]!.hash).not.toBe(v[2]!.hash);
    expect(() => expandSweep(config(hitsSweep('x').replace('dataset.generator.seed', 'dataset.generatr.seed')))).toThrow(/unknown path 'dataset.generatr.seed' \(did you mean 'generator'\?\)/);
    expect(() => expandSweep(config(hitsSweep('x').replace('[[3, 8], [4]]', '[[3, 8], [-1]]')))).toThrow(/sweep variant .*budgets/);
  });

  it('a sweep varies attack options through the list (attacks.1.rank), a name-only attack included', async () => {
    const text = `
name: ablation
dataset: { name: g, generator: { kind: rmat, scale: 7, edgeFactor: 6, seed: 2 } }
task: { name: hits }
attacks: [degree, contain]
budgets: [3]
seeds: [1]
backend: cpu
output: ${join(dir, 'ablation')}
sweep:
  attacks.1.rank: [5, 10]
`;
    const v = expandSweep(config(text));
    expect(v.map((x) => x.name)).toEqual(['rank=5', 'rank=10']);
    expect(v[1]!.config.attacks[1]).toEqual({ name: 'contain', rank: 10 });
    expect(v[0]!.config.attacks[0]).toBe('degree');
    expect(() => expandSweep(config(text.replace('attacks.1.rank', 'attacks.2.rank')))).toThrow(/'attacks' has 2 entries \(0..1\), not '2'/);
    const r = await runPipeline(config(text));
    expect(new Set(r.rows.map((x) => `${x.variant} ${x.attack}`))).toEqual(new Set(['rank=5 degree', 'rank=5 contain-r5', 'rank=10 degree', 'rank=10 contain-r10']));
  });

  it('a file with several mistakes reports them all, each with its line; repeated budgets or seeds are refused', () => {
    const file = writeTemp(
      dir,
      'many.yaml',
      `name: many
dataset: { name: g, generator: { kind: rmat, scale: 7, edgeFactor: 6, seed: 2 } }
task: { name: hits, precison: float64 }
attacks: [degree]
budgets: [3, 3]
seeds: [1, 2, 1]
backnd: cpu
output: x
`,
    );
    let message = '';
    try {
      loadPipeline(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^\d+ problems:/);
    expect(message).toMatch(/many\.yaml:7: unknown key 'backnd' \(did you mean 'backend'\?\)/);
    expect(message).toMatch(/many\.yaml:5: budgets: budget 3 is listed more than once/);
    expect(message).toMatch(/many\.yaml:6: seeds: seed 1 is listed more than once/);
  });

  it('N shards partition the (variant, seed) units exactly', () => {
    const variants = expandSweep(config(hitsSweep('x')));
    const all = runUnits(variants).map((u) => `${u.variant.name}/${u.seed}`);
    expect(all.length).toBe(12);
    for (let N = 1; N <= 7; N++) {
      const parts = Array.from({ length: N }, (_, i) => runUnits(variants, { index: i, count: N }).map((u) => `${u.variant.name}/${u.seed}`));
      const flat = parts.flat();
      expect(new Set(flat).size).toBe(flat.length);
      expect([...flat].sort()).toEqual([...all].sort());
      for (const p of parts) expect(p.length).toBeLessThanOrEqual(Math.ceil(all.length / N));
    }
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow(/0 ≤ i < N/);
    expect(() => parseShard('x')).toThrow(/expected i\/N/);
  });

  it('sharded runs merged give the rows of one unsharded run', async () => {
    const whole = await runPipeline(config(hitsSweep(join(dir, 'whole'))), { baseDir: dir });
    expect(whole.rows.length).toBe(3 * 3 * (2 + 1) * 2);
    const cfg = config(hitsSweep(join(dir, 'sharded')));
    for (const index of [0, 1, 2]) await runPipeline(cfg, { baseDir: dir, shard: { index, count: 3 } });
    expect(readdirSync(join(dir, 'sharded')).sort()).toEqual(['shard-0-of-3', 'shard-1-of-3', 'shard-2-of-3']);
    const merged = await mergeShards([join(dir, 'sharded')]);
    expect(merged.missing).toEqual([]);
    const key = (r: (typeof whole.rows)[number]): string => `${rowKey(r)}=${r.value}`;
    expect(merged.rows.map(key).sort()).toEqual(whole.rows.map(key).sort());
    expect(readResults(join(dir, 'sharded', 'results.csv')).length).toBe(whole.rows.length);
    expect(existsSync(join(dir, 'sharded', 'removed', 'seed=5_budgets=4', 'degree-k4-s3.tsv'))).toBe(true);
    // a missing shard is reported
    const partial = await mergeShards([join(dir, 'sharded', 'shard-0-of-3'), join(dir, 'sharded', 'shard-2-of-3')], join(dir, 'partial'));
    expect(partial.missing).toEqual([1]);
    expect(JSON.parse(readFileSync(join(dir, 'partial', 'manifest.json'), 'utf8')).status).toBe('partial');
    // merging is idempotent: again into the folder that holds the shards (and already the merge), and with --out that folder
    const before = readFileSync(join(dir, 'sharded', 'results.csv'), 'utf8');
    const again = await mergeShards([join(dir, 'sharded')]);
    expect(again.shards.length).toBe(3);
    expect(readFileSync(join(dir, 'sharded', 'results.csv'), 'utf8')).toBe(before);
    await mergeShards([join(dir, 'sharded')], join(dir, 'sharded'));
    expect(readFileSync(join(dir, 'sharded', 'results.csv'), 'utf8')).toBe(before);
    await expect(mergeShards([join(dir, 'sharded')], join(dir, 'sharded', 'shard-1-of-3'))).rejects.toThrow(/is one of the shards being merged/);
    // a partial merge completed when the missing shard arrives
    const partialDir = join(dir, 'partial-then-whole');
    mkdirSync(partialDir);
    for (const i of [0, 2]) cpSync(join(dir, 'sharded', `shard-${i}-of-3`), join(partialDir, `shard-${i}-of-3`), { recursive: true });
    expect((await mergeShards([partialDir])).missing).toEqual([1]);
    cpSync(join(dir, 'sharded', 'shard-1-of-3'), join(partialDir, 'shard-1-of-3'), { recursive: true });
    const completed = await mergeShards([partialDir]);
    expect(completed.missing).toEqual([]);
    expect(readFileSync(join(partialDir, 'results.csv'), 'utf8')).toBe(before);
  });

  it('a shard that failed or was interrupted makes the merge partial, naming it', async () => {
    const cfg = config(hitsSweep(join(dir, 'halfdone')));
    for (const index of [0, 1]) await runPipeline(cfg, { baseDir: dir, shard: { index, count: 2 } });
    const m1 = join(dir, 'halfdone', 'shard-1-of-2', 'manifest.json');
    writeFileSync(m1, JSON.stringify({ ...JSON.parse(readFileSync(m1, 'utf8')), status: 'interrupted' }));
    const merged = await mergeShards([join(dir, 'halfdone')]);
    expect(merged.incomplete).toEqual(['shard-1-of-2 (interrupted)']);
    expect(JSON.parse(readFileSync(join(dir, 'halfdone', 'manifest.json'), 'utf8')).status).toBe('partial');
  });

  it('shards run with different attack lists (or any other setting) are refused', async () => {
    const a = config(hitsSweep(join(dir, 'mixed')));
    const b = config(hitsSweep(join(dir, 'mixed')).replace('attacks: [n2n, degree, random]', 'attacks: [n2n, degree]'));
    await runPipeline(a, { baseDir: dir, shard: { index: 0, count: 2 } });
    await runPipeline(b, { baseDir: dir, shard: { index: 1, count: 2 } });
    await expect(mergeShards([join(dir, 'mixed')])).rejects.toThrow(/shard-1-of-2 ran with different attacks than .*shard-0-of-2/);
  });
});

describe('resume and interruption', () => {
  const yaml = (out: string, extra = ''): string => `
name: resume-t
dataset: { generator: { kind: rmat, scale: 7, edgeFactor: 6, seed: 3 } }
task: { name: hits${extra} }
attacks: [degree, random]
budgets: [2, 6]
seeds: [1, 2]
backend: cpu
output: ${out}
`;

  it('an interrupted run keeps what it wrote; the re-run does only the rest', async () => {
    const out = join(dir, 'interrupt');
    let calls = 0;
    await expect(
      runPipeline(config(yaml(out)), {
        baseDir: dir,
        progress: () => {
          if (++calls === 3) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(readResults(join(out, 'results.csv')).length).toBe(3);
    const again = await runPipeline(config(yaml(out)), { baseDir: dir });
    expect(again.skipped).toBe(3);
    expect(again.ran).toBe(5);
    expect(again.rows.length).toBe(8);
    const third = await runPipeline(config(yaml(out)), { baseDir: dir });
    expect(third.ran).toBe(0);
    // a changed task setting recomputes
    const changed = await runPipeline(config(yaml(out, ', tol: 1e-6')), { baseDir: dir });
    expect(changed.ran).toBe(8);
  });
});

describe('completion and spectral pipelines', () => {
  it('completion: generated ratings, every attack, complement RMSE, removed ratings with user/item labels', async () => {
    const out = join(dir, 'completion');
    const res = await runPipeline(
      config(`
name: comp-t
dataset: { generator: { kind: ratings, users: 60, items: 40, ratings: 700, rank: 3, seed: 4 } }
task: { name: completion, rank: 3, iters: 5 }
attacks: [n2n, degree, eigencentrality, hits, { name: contain, rank: 10 }, aurora, random]
budgets: [5]
seeds: [1]
backend: cpu
output: ${out}
`),
      { baseDir: dir },
    );
    expect(res.rows.map((r) => r.attack)).toEqual(['n2n', 'degree', 'eigencentrality', 'hits', 'contain-r10', 'aurora', 'random']);
    for (const r of res.rows) {
      expect(r.metric).toBe('completion-rmse');
      expect(r.value).toBeGreaterThan(0);
    }
    const removed = readFileSync(join(out, 'removed', 'n2n-k5-s1.tsv'), 'utf8').trimEnd().split('\n');
    expect(removed[0]).toBe('user\titem\tscore');
    expect(removed.length).toBe(6);
    expect(removed[1]).toMatch(/^u\d+\ti\d+\t/);
  });

  it('rating settings on a graph task (and the reverse) are refused with a plain message', async () => {
    const bad = config(`
name: bad
dataset: { generator: { kind: ratings, users: 5, items: 5, ratings: 10 } }
task: { name: hits }
attacks: [degree]
budgets: [1]
output: ${join(dir, 'bad')}
`);
    await expect(runPipeline(bad, { baseDir: dir })).rejects.toThrow(/task 'hits' reads a graph/);
  });

  it('${N2N_DATA} in a path needs --data-dir or N2N_DATA', async () => {
    const file = writeTemp(
      dir,
      'data.yaml',
      `name: d\ndataset: { path: "\${N2N_DATA}/g.tsv" }\ntask: { name: hits }\nattacks: [degree]\nbudgets: [1]\noutput: ${join(dir, 'd')}\n`,
    );
    writeTemp(dir, 'g.tsv', '1 2\n2 3\n3 1\n1 3\n');
    const cfg = loadPipeline(file);
    const saved = process.env.N2N_DATA;
    delete process.env.N2N_DATA;
    try {
      await expect(runPipeline(cfg, { baseDir: dir })).rejects.toThrow(/pass --data-dir DIR or set N2N_DATA/);
      const ok = await runPipeline(cfg, { baseDir: dir, dataDir: dir });
      expect(ok.rows.length).toBe(1);
    } finally {
      if (saved !== undefined) process.env.N2N_DATA = saved;
    }
  });

  it('attack options are checked when the file is read, with the line', () => {
    const file = writeTemp(dir, 'atk.yaml', `name: a\ndataset: { path: g.tsv }\ntask: { name: hits }\nattacks:\n  - degree\n  - { name: contain, rnk: 3 }\nbudgets: [1]\noutput: o\n`);
    expect(() => loadPipeline(file)).toThrow(/atk\.yaml:6: attacks\.1: attack 'contain' has no option 'rnk' \(did you mean 'rank'\?\)/);
  });
});

describe('shipped pipelines', () => {
  it("the issue's minimal form (pipelines/gnutella-hits.yaml) runs every attack from a data/ folder", async () => {
    const base = join(dir, 'minimal');
    const lines = ['# Directed graph: generated stand-in'];
    let x = 17;
    for (let e = 0; e < 600; e++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const s = x % 150;
      x = (x * 1103515245 + 12345) % 2147483648;
      const t = (s + 1 + (x % 149)) % 150;
      lines.push(`${s}\t${t}`);
    }
    mkdirSync(join(base, 'data'), { recursive: true });
    writeFileSync(join(base, 'data', 'p2p-Gnutella09.txt'), lines.join('\n') + '\n');
    const cfg = loadPipeline(join(process.cwd(), 'pipelines', 'gnutella-hits.yaml'));
    const res = await runPipeline(cfg, { baseDir: base });
    expect(new Set(res.rows.map((r) => r.attack))).toEqual(new Set(['n2n', 'degree', 'eigencentrality', 'hits', 'contain', 'aurora', 'random']));
    expect(res.rows.length).toBe(7 * 2 * 3);
    expect(existsSync(join(base, 'results', 'gnutella-hits', 'summary.csv'))).toBe(true);
  });

  it('pipelines/paper holds one valid pipeline per Table-3 dataset', async () => {
    const { TABLE3 } = await import('../../src/datasets/table3.js');
    const files = readdirSync(join(process.cwd(), 'pipelines', 'paper')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBe(TABLE3.length);
    for (const d of TABLE3) {
      const cfg = loadPipeline(join(process.cwd(), 'pipelines', 'paper', `${d.name}.yaml`));
      expect(cfg.dataset.registry).toBe(d.name);
      expect(cfg.task.name).toBe(d.task);
      expect(Math.max(...cfg.budgets)).toBe(d.task === 'completion' ? 10 : 50);
    }
  });
});

describe('objective-drop', () => {
  it('a row equals (f − f̃)/|f| recomputed by hand: the removed edges taken out of the graph, HITS refitted, f from σ', async () => {
    const { generateGraph } = await import('../../src/graph/generators/generated.js');
    const { removeEdges } = await import('../../src/graph/graph.js');
    const { fitHits, hitsObjective } = await import('../../src/tasks/hits/index.js');
    const out = join(dir, 'objdrop');
    const r = await runPipeline(
      config(`
name: objdrop
dataset: { name: g, generator: { kind: rmat, scale: 8, edgeFactor: 6, seed: 4 } }
task: { name: hits, precision: float64 }
attacks: [n2n, degree]
budgets: [6]
seeds: [1]
metrics: [objective-drop]
backend: cpu
output: ${out}
`),
    );
    const g = generateGraph({ kind: 'rmat', scale: 8, edgeFactor: 6, seed: 4 });
    const key = (a: string, b: string): string => `${a}\t${b}`;
    const index = new Map(Array.from(g.edges.src, (s, e) => [key(g.labels[s]!, g.labels[g.edges.dst[e]!]!), e]));
    const f0 = hitsObjective(fitHits(g.csr, { seed: 1, precision: 'float64' }).sigma);
    for (const attack of ['n2n', 'degree']) {
      const lines = readFileSync(join(out, 'removed', `${attack}-k6-s1.tsv`), 'utf8').trimEnd().split('\n').slice(1);
      const removed = lines.map((l) => index.get(l.split('\t').slice(0, 2).join('\t'))!);
      expect(removed.every((e) => e !== undefined)).toBe(true);
      const f1 = hitsObjective(fitHits(removeEdges(g, removed).csr, { seed: 1, precision: 'float64' }).sigma);
      const row = r.rows.find((x) => x.attack === attack)!;
      expect(row.metric).toBe('objective-drop');
      expect(row.value).toBeCloseTo((f0 - f1) / Math.abs(f0), 10);
    }
    // the derivative attack drops f more than degree does: it ranks by ∂f/∂A
    const v = (a: string): number => r.rows.find((x) => x.attack === a)!.value;
    expect(v('n2n')).toBeGreaterThan(v('degree'));
  });
});
