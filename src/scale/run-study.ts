/**
 * Run a scalability study: every point of every series in a process of its own (when the
 * compiled point script exists; in-process otherwise, e.g. under the test runner, where peak
 * memory is then the whole process's), `points.csv` rewritten after each point so a stopped
 * run resumes where it was, then the log-log slopes (`slopes.csv`) and Figure 4.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBytesAtomic, writeTextAtomic } from '../util/atomic-write.js';
import { renderSvg, scalingSpec, svgToPng } from '../report/figures.js';
import { logLogSlope } from './slope.js';
import { measurePoint, type PointResult, type PointSpec } from './point.js';
import type { SeriesConfig, StudyConfig } from './study.js';
import { InputError } from '../util/errors.js';
import { parseCsvLine, toCsv } from '../util/csv.js';

export interface StudyRow extends PointResult {
  series: string;
  /** the point's generator parameters, as given */
  point: string;
  total_s: number;
}

export interface SlopeRow {
  series: string;
  quantity: 'build_s' | 'solve_s' | 'derive_s' | 'total_s' | 'peak_rss_mb';
  slope: number;
  r2: number;
  points: number;
  /** the slope over the largest decade alone (items ≥ about a tenth of the largest): the overall fit
   * includes small sizes where fixed costs dominate, and this is where growth shows */
  topDecadeSlope: number;
  /** smallest and largest size (items) in the fit */
  from: number;
  to: number;
}

export interface StudyOutcome {
  rows: StudyRow[];
  slopes: SlopeRow[];
  outputDir: string;
  figure: string;
}

const ROW_COLUMNS: (keyof StudyRow)[] = ['series', 'point', 'nodes', 'items', 'build_s', 'solve_s', 'derive_s', 'total_s', 'peak_rss_mb', 'products', 'converged', 'precision'];
const POINT_SCRIPT = fileURLToPath(new URL('./point.js', import.meta.url));

const seriesLabel = (s: SeriesConfig): string => s.label ?? s.task.name;
/** The rows of an earlier, stopped run (for resuming); nothing when there is none. */
function readRows(path: string): StudyRow[] {
  if (!existsSync(path)) return [];
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const missing = ROW_COLUMNS.filter((c) => !cols.includes(c));
  if (missing.length) throw new InputError(path, 1, `not a scalability points.csv (missing columns ${missing.join(', ')}); move it away to start afresh`);
  const rows: StudyRow[] = [];
  lines.forEach((line, k) => {
    if (!line.trim()) return;
    const cells = parseCsvLine(line);
    const r: Record<string, unknown> = {};
    cols.forEach((c, i) => {
      const v = cells[i] ?? '';
      if (c === 'series' || c === 'point' || c === 'precision') r[c] = v;
      else if (c === 'converged') r[c] = v === 'true';
      else {
        const x = v === '' ? NaN : Number(v);
        if (!Number.isFinite(x)) throw new InputError(path, k + 2, `column ${c}: expected a number, got '${v}'`);
        r[c] = x;
      }
    });
    rows.push(r as unknown as StudyRow);
  });
  return rows;
}

function runChild(spec: PointSpec): Promise<PointResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [POINT_SCRIPT, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`scalability point ${JSON.stringify(spec.generator)} (${spec.task.name}) failed with status ${code}: ${err.trim()}`));
      else done(JSON.parse(out.trim().split('\n').pop()!) as PointResult);
    });
  });
}

export interface StudyOptions {
  log?: (message: string) => void;
  baseDir?: string;
  /** run points in this process even when the point script exists */
  inProcess?: boolean;
}

export async function runStudy(config: StudyConfig, options: StudyOptions = {}): Promise<StudyOutcome> {
  const log = options.log ?? (() => {});
  const outputDir = resolve(options.baseDir ?? process.cwd(), config.output);
  const pointsPath = join(outputDir, 'points.csv');
  const isolated = !options.inProcess && existsSync(POINT_SCRIPT);
  if (!isolated) log('scalability: points run in this process (peak memory is the whole process’s)');
  const rows = readRows(pointsPath);
  const done = new Set(rows.map((r) => `${r.series}|${r.point}`));
  if (rows.length) log(`scalability: ${rows.length} points already in ${pointsPath}, kept`);
  for (const s of config.series) {
    for (const pt of s.points) {
      const key = `${seriesLabel(s)}|${JSON.stringify(pt)}`;
      if (done.has(key)) continue;
      const spec: PointSpec = { task: s.task, generator: { ...s.generator, ...pt }, directed: s.directed, seed: config.seed, backend: config.backend };
      const measure = (): Promise<PointResult> => (isolated ? runChild(spec) : measurePoint(spec));
      let best = await measure();
      for (let rep = 1; rep < config.repeats; rep++) {
        const r = await measure();
        best = {
          ...best,
          build_s: Math.min(best.build_s, r.build_s),
          solve_s: Math.min(best.solve_s, r.solve_s),
          derive_s: Math.min(best.derive_s, r.derive_s),
          peak_rss_mb: Math.max(best.peak_rss_mb, r.peak_rss_mb),
        };
      }
      const row: StudyRow = { series: seriesLabel(s), point: JSON.stringify(pt), ...best, total_s: +(best.build_s + best.solve_s + best.derive_s).toFixed(3) };
      rows.push(row);
      await writeTextAtomic(pointsPath, toCsv(rows, ROW_COLUMNS));
      log(
        `${row.series} ${row.point}: ${row.nodes} nodes, ${row.items} items; build ${row.build_s} s, solve ${row.solve_s} s (${row.products} products${row.converged ? '' : ', NOT converged'}), derive ${row.derive_s} s; peak ${row.peak_rss_mb} MB`,
      );
    }
  }
  const slopes = fitSlopes(rows);
  await writeTextAtomic(join(outputDir, 'slopes.csv'), toCsv(slopes, ['series', 'quantity', 'slope', 'r2', 'points', 'topDecadeSlope', 'from', 'to']));
  const svg = await renderSvg(scalingSpec(rows, slopes));
  const figure = join(outputDir, 'figure-4.svg');
  await writeTextAtomic(figure, svg);
  await writeBytesAtomic(join(outputDir, 'figure-4.png'), svgToPng(svg));
  return { rows, slopes, outputDir, figure };
}

/** Slope of each phase's time (and of peak memory) against the size B has, per series. */
export function fitSlopes(rows: readonly StudyRow[]): SlopeRow[] {
  const out: SlopeRow[] = [];
  const series = [...new Set(rows.map((r) => r.series))];
  for (const s of series) {
    const rs = rows.filter((r) => r.series === s);
    const x = rs.map((r) => r.items);
    const top = rs.filter((r) => r.items >= (0.95 * Math.max(...x)) / 10); // a decade, give or take rounding
    for (const q of ['build_s', 'solve_s', 'derive_s', 'total_s', 'peak_rss_mb'] as const) {
      const f = logLogSlope(x, rs.map((r) => r[q]));
      const t = logLogSlope(top.map((r) => r.items), top.map((r) => r[q]));
      out.push({ series: s, quantity: q, slope: +f.slope.toFixed(3), r2: +f.r2.toFixed(3), points: f.points, topDecadeSlope: +t.slope.toFixed(3), from: Math.min(...x), to: Math.max(...x) });
    }
  }
  return out;
}

/** The table `n2n run` prints for a study. */
export function formatStudy(outcome: StudyOutcome): string {
  const lines = ['series        items      nodes   build s   solve s  derive s   total s  peak MB  products'];
  for (const r of outcome.rows) {
    lines.push(
      `${r.series.padEnd(10)}${String(r.items).padStart(11)}${String(r.nodes).padStart(11)}${r.build_s.toFixed(2).padStart(10)}${r.solve_s.toFixed(2).padStart(10)}${r.derive_s.toFixed(2).padStart(10)}${r.total_s.toFixed(2).padStart(10)}${String(r.peak_rss_mb).padStart(9)}${String(r.products).padStart(10)}${r.converged ? '' : '  NOT converged'}`,
    );
  }
  lines.push('', 'log-log slope of time against size (linear ≈ 1):');
  for (const s of [...new Set(outcome.slopes.map((x) => x.series))]) {
    const get = (q: SlopeRow['quantity']): string => {
      const f = outcome.slopes.find((x) => x.series === s && x.quantity === q)!;
      return `${q.replace('_s', '').replace('peak_rss_mb', 'memory')} ${f.slope.toFixed(2)} (top decade ${f.topDecadeSlope.toFixed(2)})`;
    };
    const first = outcome.slopes.find((x) => x.series === s)!;
    lines.push(`  ${s.padEnd(10)} ${['total_s', 'solve_s', 'derive_s', 'build_s', 'peak_rss_mb'].map((q) => get(q as SlopeRow['quantity'])).join(', ')}  (${first.from} to ${first.to} items)`);
  }
  return lines.join('\n');
}
