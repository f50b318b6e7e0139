/** n2n report: figures from a real (tiny) pipeline run, findings against the rows. */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { writeReport, findings } from '../../src/report/report.js';
import { aggregate } from '../../src/report/figures.js';
import { tempDir } from '../helpers/files.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('n2n report', () => {
  it('writes SVG and PNG figures, findings.csv and an HTML page from results folders', async () => {
    const out = join(dir, 'res', 'a');
    const cfg = pipelineSchema.parse(
      parse(`name: r\ndataset: { name: tiny, generator: { kind: rmat, scale: 7, edgeFactor: 6, seed: 2 } }\ntask: { name: hits }\nattacks: [n2n, degree, random]\nbudgets: [2, 6]\nseeds: [1, 2]\nbackend: cpu\noutput: ${out}\n`),
    );
    const run = await runPipeline(cfg, { baseDir: dir });
    const rep = await writeReport([join(dir, 'res')], { out: join(dir, 'report') });
    expect(rep.sources).toEqual([out]);
    for (const f of ['figures/bars-hits-distortion.svg', 'figures/bars-hits-distortion.png', 'figures/budget-tiny-hits-distortion.svg', 'report.html', 'findings.csv']) {
      expect(existsSync(join(dir, 'report', f))).toBe(true);
    }
    const svg = readFileSync(join(dir, 'report', 'figures', 'bars-hits-distortion.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/degree/);
    const png = readFileSync(join(dir, 'report', 'figures', 'bars-hits-distortion.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // findings: the best attack at the largest budget is the one with the largest mean over seeds
    const [f] = rep.findings;
    const at6 = run.rows.filter((r) => r.budget === 6);
    const mean = (a: string): number => at6.filter((r) => r.attack === a).reduce((s, r) => s + r.value, 0) / 2;
    const best = ['n2n', 'degree', 'random'].sort((a, b) => mean(b) - mean(a))[0];
    expect(f!.best).toBe(best);
    expect(f!.budget).toBe(6);
    // the verdict cell says what the rows say (not merely the column header, which is always there)
    const html = readFileSync(join(dir, 'report', 'report.html'), 'utf8');
    const n2nRank = ['n2n', 'degree', 'random'].sort((a, b) => mean(b) - mean(a)).indexOf('n2n') + 1;
    expect(html).toContain(n2nRank === 1 ? '<td>yes</td></tr>' : `<td>no (rank ${n2nRank} of 3; ${best}`);
  });

  it('aggregates mean and sample std over seeds; ranks n2n among the attacks', () => {
    const rows = [1, 2, 3].flatMap((seed) => [
      { dataset: 'd', task: 't', attack: 'n2n', budget: 5, seed, metric: 'm', value: seed, seconds: 0, variant: '' },
      { dataset: 'd', task: 't', attack: 'degree', budget: 5, seed, metric: 'm', value: 10, seconds: 0, variant: '' },
    ]);
    const pts = aggregate(rows);
    const n2n = pts.find((p) => p.attack === 'n2n')!;
    expect(n2n.mean).toBe(2);
    expect(n2n.std).toBeCloseTo(1, 12);
    expect(findings(pts)[0]).toMatchObject({ best: 'degree', n2nRank: 2, attacks: 2 });
  });
});
