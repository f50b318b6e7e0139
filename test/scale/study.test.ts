import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStudy, isStudyDocument } from '../../src/scale/study.js';
import { runStudy, fitSlopes, type StudyRow } from '../../src/scale/run-study.js';
import { logLogSlope } from '../../src/scale/slope.js';
import { ConfigError } from '../../src/util/errors.js';
import { tempDir, writeTemp } from '../helpers/files.js';

const dir = tempDir();

const study = (output: string): string => `name: tiny-scale
study: scalability
output: ${output}
seed: 3
series:
  - task: { name: hits }
    directed: true
    generator: { kind: er, degree: 6, seed: 2 }
    points: [{ n: 200 }, { n: 800 }]
  - label: clusters
    task: { name: spectral, clusters: 2 }
    directed: false
    generator: { kind: sbm, pIn: 0.3, pOut: 0.01, seed: 2 }
    points: [{ sizes: [30, 30] }, { sizes: [60, 60] }]
`;

describe('log-log slope', () => {
  it('recovers the exponent of a power law and ignores non-positive values', () => {
    const x = [10, 100, 1000, 10000, 0];
    const f = logLogSlope(x, x.map((v) => 3 * v ** 1.5));
    expect(f.slope).toBeCloseTo(1.5, 12);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.points).toBe(4);
    const noisy = logLogSlope([1, 2, 4, 8], [1.1, 1.9, 4.2, 7.7]);
    expect(noisy.slope).toBeGreaterThan(0.9);
    expect(noisy.slope).toBeLessThan(1.1);
    expect(noisy.r2).toBeLessThan(1);
  });

  it('fits every phase of every series', () => {
    const row = (series: string, items: number, t: number): StudyRow => ({
      series,
      point: '{}',
      items,
      nodes: items,
      build_s: t,
      solve_s: 2 * t,
      derive_s: t * t,
      total_s: 3 * t + t * t,
      peak_rss_mb: 100,
      products: 10,
      converged: true,
      precision: 'float64',
    });
    const slopes = fitSlopes([row('a', 10, 1), row('a', 100, 10), row('b', 10, 1), row('b', 1000, 1)]);
    expect(slopes.find((s) => s.series === 'a' && s.quantity === 'solve_s')!.slope).toBeCloseTo(1, 12);
    expect(slopes.find((s) => s.series === 'a' && s.quantity === 'derive_s')!.slope).toBeCloseTo(2, 12);
    expect(slopes.find((s) => s.series === 'b' && s.quantity === 'solve_s')!.slope).toBeCloseTo(0, 12);
    expect(slopes.find((s) => s.series === 'a' && s.quantity === 'peak_rss_mb')!.slope).toBeCloseTo(0, 12);
    // the largest decade alone: b's points are 10 and 1000 items, so only the largest is in it
    expect(slopes.find((s) => s.series === 'a' && s.quantity === 'derive_s')!.topDecadeSlope).toBeCloseTo(2, 12);
    expect(slopes.find((s) => s.series === 'b' && s.quantity === 'solve_s')!.topDecadeSlope).toBeNaN();
  });
});

describe('scalability study', () => {
  it('loads a study, and says where a bad point or key is', () => {
    const ok = writeTemp(dir, 'ok.yaml', study(join(dir, 'out')));
    expect(isStudyDocument(ok)).toBe(true);
    const s = loadStudy(ok);
    expect(s.series.map((x) => x.points.length)).toEqual([2, 2]);
    expect(s.repeats).toBe(1);
    const badPoint = writeTemp(dir, 'bad.yaml', study(join(dir, 'out')).replace('{ n: 800 }', '{ n: -5 }'));
    expect(() => loadStudy(badPoint)).toThrow(ConfigError);
    expect(() => loadStudy(badPoint)).toThrow(/bad\.yaml:9: series\.0\.points\.1: generator/);
    const badKey = writeTemp(dir, 'key.yaml', study(join(dir, 'out')).replace('seed: 3', 'seeds: 3'));
    expect(() => loadStudy(badKey)).toThrow(/key\.yaml:4/);
    const badTask = writeTemp(dir, 'task.yaml', study(join(dir, 'out')).replace('clusters: 2 }', 'clusters: 2, bogus: 1 }'));
    expect(() => loadStudy(badTask)).toThrow(/series\.1\.task/);
  });

  it('measures every point, fits slopes, draws Figure 4, and resumes without re-running', async () => {
    const out = join(dir, 'run');
    const cfg = loadStudy(writeTemp(dir, 'run.yaml', study(out)));
    const logs: string[] = [];
    const r = await runStudy(cfg, { log: (m) => logs.push(m), inProcess: true });
    expect(r.rows.map((x) => x.series)).toEqual(['hits', 'hits', 'clusters', 'clusters']);
    for (const row of r.rows) {
      expect(row.converged).toBe(true);
      expect(row.solve_s).toBeGreaterThanOrEqual(0);
      expect(row.total_s).toBeCloseTo(row.build_s + row.solve_s + row.derive_s, 6);
      expect(row.peak_rss_mb).toBeGreaterThan(0);
    }
    // the ER graph on 800 nodes has about 4× the edges of the one on 200
    expect(r.rows[1]!.items / r.rows[0]!.items).toBeGreaterThan(3);
    expect(r.rows[1]!.items / r.rows[0]!.items).toBeLessThan(5);
    expect(r.slopes.filter((s) => s.series === 'hits').map((s) => s.quantity)).toEqual(['build_s', 'solve_s', 'derive_s', 'total_s', 'peak_rss_mb']);
    expect(readFileSync(join(out, 'points.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    expect(readFileSync(join(out, 'slopes.csv'), 'utf8')).toMatch(/^series,quantity,slope,r2,points,topDecadeSlope,from,to/);
    expect(readFileSync(r.figure, 'utf8')).toMatch(/^<svg/);
    expect(existsSync(join(out, 'figure-4.png'))).toBe(true);
    // a second run finds every point done
    const again: string[] = [];
    const r2 = await runStudy(cfg, { log: (m) => again.push(m), inProcess: true });
    expect(again.some((m) => /4 points already/.test(m))).toBe(true);
    expect(r2.rows).toEqual(r.rows);
    // a damaged points.csv is an error naming its line, not NaN carried into the slopes
    const bad = readFileSync(join(out, 'points.csv'), 'utf8').split('\n');
    bad[2] = bad[2]!.replace(/,(\d+),(\d+),/, ',x,$2,');
    writeFileSync(join(out, 'points.csv'), bad.join('\n'));
    await expect(runStudy(cfg, { inProcess: true })).rejects.toThrow(/points\.csv:3: column nodes: expected a number, got 'x'/);
  });
});
