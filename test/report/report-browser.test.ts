/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * report.html in a real headless browser (Debian's chromium through playwright-core): every
 * chart draws from the inlined vega libraries (no network), with its axis titles; a screenshot
 * is taken. Skipped, saying so, where no chromium is installed (.ci/run installs it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { writeReport } from '../../src/report/report.js';
import { tempDir } from '../helpers/files.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH ?? ''].find((p) => p && existsSync(p));
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report.html in headless chromium', () => {
  it.skipIf(!CHROMIUM)(`draws every chart offline with its axis titles and tooltips (chromium: ${CHROMIUM ?? 'not installed'})`, async () => {
    const run = (yaml: string) => runPipeline(pipelineSchema.parse(parse(yaml)), { baseDir: dir });
    await run(`name: h\ndataset: { name: tiny, generator: { kind: rmat, scale: 7, edgeFactor: 6, seed: 2 } }\ntask: { name: hits }\nattacks: [n2n, degree, random]\nbudgets: [2, 6]\nseeds: [1, 2]\nbackend: cpu\noutput: ${join(dir, 'res', 'h')}\n`);
    await run(`name: c\ndataset: { name: rat, generator: { kind: ratings, users: 60, items: 40, ratings: 900, seed: 1 } }\ntask: { name: completion, rank: 3 }\nattacks: [n2n, random]\nbudgets: [2, 5]\nseeds: [1]\nbackend: cpu\noutput: ${join(dir, 'res', 'c')}\n`);
    const rep = await writeReport([join(dir, 'res')], { out: join(dir, 'report') });
    const html = readFileSync(join(rep.outDir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/); // self-contained: nothing fetched
    const figures = rep.files.filter((f) => f.endsWith('.svg')).length;

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(pathToFileURL(join(rep.outDir, 'report.html')).href);
      await page.waitForFunction((n) => document.querySelectorAll('.chart svg').length === n, figures, { timeout: 20_000 });
      const charts = await page.$$eval('.chart', (els) =>
        els.map((e) => ({ width: e.getBoundingClientRect().width, titles: [...e.querySelectorAll('.role-axis-title text')].map((t) => t.textContent ?? ''), marks: e.querySelectorAll('.mark-rect path, .mark-symbol path, .mark-line path').length })),
      );
      expect(charts).toHaveLength(figures);
      const titles = charts.flatMap((c) => c.titles);
      expect(titles).toContain('HITS distortion ‖u − ũ‖ + ‖v − ṽ‖');
      expect(titles).toContain('budget k (edges removed)');
      expect(titles).toContain('budget k (ratings removed)');
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(300);
        expect(c.marks).toBeGreaterThan(0);
      }
      // a tooltip appears over a bar
      await page.hover('.chart .mark-rect path');
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5000 });
      expect(await page.textContent('#vg-tooltip-element')).toMatch(/mean/);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
