/**
 * The detection study: one row per (dataset, trial, method) and one per block; the top-s rows
 * recomputed by hand from a fresh generation with the same seed; every row's measures
 * consistent with its counts; a rerun keeps the rows; the report draws the section.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectionStudySchema, runDetectionStudy } from '../../src/tasks/detect/study.js';
import { evolvingGrid } from '../../src/tasks/detect/generators.js';
import { tempDir } from '../helpers/files.js';
import { runCli } from '../helpers/cli.js';

describe('detection study', () => {
  it('rows for every method and block, top-s recomputed by hand, resumable, reported', async () => {
    const dir = tempDir();
    const config = detectionStudySchema.parse({
      study: 'detection',
      name: 't',
      datasets: [{ name: 'grid', kind: 'evolving-grid', side: 8, stamps: 3, sizes: [5, 6, 5] }],
      methods: ['gbgp', 'top'],
      sparsity: 5,
      trials: 2,
      seed: 3,
      output: join(dir, 'out'),
    });
    const res = await runDetectionStudy(config);
    expect(res.rows.length).toBe(4);
    expect(res.blocks.length).toBe(12);
    for (const r of res.rows) {
      const tp = Math.round(r.precision * r.detected);
      expect(r.recall).toBeCloseTo(tp / r.planted, 12);
      expect(r.iou).toBeCloseTo(tp / (r.detected + r.planted - tp), 12);
      expect(r.planted).toBe(16);
    }
    for (const trial of [0, 1]) {
      const { network, truth } = evolvingGrid({ side: 8, stamps: 3, sizes: [5, 6, 5], seed: 3 * 1000 + trial });
      const c = network.features[0]!;
      let tp = 0;
      let detected = 0;
      for (let t = 0; t < 3; t++) {
        const nodes = [...Array(64).keys()].map((v) => t * 64 + v).sort((a, b) => c[b]! - c[a]! || a - b).slice(0, 5);
        for (const v of nodes) (detected++, truth[v] && tp++);
      }
      const row = res.rows.find((r) => r.trial === trial && r.method === 'top')!;
      expect(row.detected).toBe(detected);
      expect(row.precision).toBeCloseTo(tp / detected, 12);
    }
    const again = await runDetectionStudy(config, { log: () => {} });
    expect(again.rows.map((r) => r.f1)).toEqual(res.rows.map((r) => r.f1));
    for (const f of ['f1', 'f1-by-block', 'time']) expect(existsSync(join(dir, 'out', `${f}.svg`))).toBe(true);
    const rep = await runCli(['report', join(dir, 'out'), '--no-png']);
    expect(rep.code).toBe(0);
    const html = readFileSync(join(dir, 'out', 'report', 'report.html'), 'utf8');
    expect(html).toMatch(/Subgraph detection/);
    expect(html).toMatch(/f1-by-block\.svg/);
  });
});
