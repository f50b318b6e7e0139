/**
 * `n2n report DIR…`: figures and a one-page HTML summary of pipeline results. Each DIR is a
 * results folder (it holds results.csv) or a folder of them (results/paper). Writes, into the
 * output folder: figures/bars-<metric>.svg|png (Figures 1–3), figures/budget-<dataset>.svg|png
 * (Figure 5, for datasets run at several budgets), findings.csv and report.html. Every file
 * is written atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';
import { findResultFolders, readResults, type ResultRow } from '../pipeline/results.js';
import { writeBytesAtomic, writeTextAtomic } from '../util/atomic-write.js';
import { ConfigError } from '../util/errors.js';
import { aggregate, barsSpec, budgetSpec, renderSvg, svgToPng, type Point } from './figures.js';
import { isKronResults, mseSpec, readKronRows, summariseKron, timeSpec, type KronSummary } from '../tasks/gcrf/kronecker/study.js';
import { isTablesResults, readTablesRows, summariseTables, TABLE_PARTS, type TablesRow } from '../tasks/clusternet/tables.js';
import { isInterventionResults, readInterventionRows, summariseIntervention, type InterventionRow } from '../tasks/lcc/study.js';
import { isDetectionResults, readDetectionRows, summariseDetection, type DetectionRow } from '../tasks/detect/study.js';

export interface Finding {
  dataset: string;
  metric: string;
  budget: number;
  best: string;
  bestMean: number;
  n2n: number | null;
  /** n2n's rank among the attacks (1 = distorts most) */
  n2nRank: number | null;
  attacks: number;
}

export interface ReportOutcome {
  outDir: string;
  files: string[];
  findings: Finding[];
  sources: string[];
}

/** Results folders under the given paths: the path itself when it holds results.csv, else its subfolders that do. */
export const findResultDirs = (paths: readonly string[]): string[] => findResultFolders(paths, () => true, 'folders (run a pipeline first)');

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._=+-]+/g, '_');
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function findings(points: Point[]): Finding[] {
  const out: Finding[] = [];
  const keys = [...new Set(points.map((p) => JSON.stringify([p.dataset, p.metric])))];
  for (const k of keys) {
    const [dataset, metric] = JSON.parse(k) as [string, string];
    const mine = points.filter((p) => p.dataset === dataset && p.metric === metric);
    const budget = Math.max(...mine.map((p) => p.budget));
    const at = mine.filter((p) => p.budget === budget).sort((a, b) => b.mean - a.mean);
    const n2nAt = at.findIndex((p) => p.attack === 'n2n');
    out.push({
      dataset,
      metric,
      budget,
      best: at[0]!.attack,
      bestMean: at[0]!.mean,
      n2n: n2nAt >= 0 ? at[n2nAt]!.mean : null,
      n2nRank: n2nAt >= 0 ? n2nAt + 1 : null,
      attacks: at.length,
    });
  }
  return out;
}

export async function writeReport(paths: readonly string[], options: { out?: string; png?: boolean; log?: (m: string) => void } = {}): Promise<ReportOutcome> {
  const log = options.log ?? (() => {});
  const all = findResultDirs(paths);
  // GCRF Kronecker studies (tasks/gcrf/kronecker) have results of their own shape: a section each
  const studyDirs = all.filter(isKronResults);
  // ClusterNet's Tables 1 and 2 (tasks/clusternet/tables.ts): a section of tables each
  const tableDirs = all.filter((d) => !studyDirs.includes(d) && isTablesResults(d));
  // network-intervention studies (tasks/lcc/study.ts): their table and the figures they wrote
  const interventionDirs = all.filter((d) => !studyDirs.includes(d) && !tableDirs.includes(d) && isInterventionResults(d));
  const detectionDirs = all.filter((d) => !studyDirs.includes(d) && !tableDirs.includes(d) && !interventionDirs.includes(d) && isDetectionResults(d));
  const sources = all.filter((d) => !studyDirs.includes(d) && !tableDirs.includes(d) && !interventionDirs.includes(d) && !detectionDirs.includes(d));
  const outDir = resolve(options.out ?? (paths.length === 1 ? join(paths[0]!, 'report') : 'report'));
  const rows: ResultRow[] = sources.flatMap((d) => readResults(join(d, 'results.csv')));
  const studyRows = studyDirs.map((d) => ({ dir: d, rows: readKronRows(join(d, 'results.csv')) }));
  const tableRows = tableDirs.map((d) => ({ name: basename(d), rows: readTablesRows(join(d, 'results.csv')) }));
  const interventions = interventionDirs.map((d) => ({ dir: d, rows: readInterventionRows(join(d, 'results.csv')) }));
  const detections = detectionDirs.map((d) => ({ dir: d, rows: readDetectionRows(join(d, 'results.csv')) }));
  if (rows.length === 0 && studyRows.every((s) => s.rows.length === 0) && tableRows.every((t) => t.rows.length === 0) && interventions.every((t) => t.rows.length === 0) && detections.every((t) => t.rows.length === 0)) throw new ConfigError(`${paths.join(', ')}: the results hold no rows yet`);
  const points = aggregate(rows);
  const attackOrder = [...new Set(['n2n', ...rows.map((r) => r.attack)])].filter((a) => rows.some((r) => r.attack === a));
  const files: string[] = [];
  const specs: Record<string, unknown> = {};
  const figure = async (name: string, spec: Parameters<typeof renderSvg>[0]): Promise<string> => {
    specs[`figures/${safe(name)}.svg`] = spec;
    const svg = await renderSvg(spec);
    const base = join(outDir, 'figures', safe(name));
    await writeTextAtomic(`${base}.svg`, svg);
    files.push(`${base}.svg`);
    if (options.png !== false) {
      await writeBytesAtomic(`${base}.png`, svgToPng(svg));
      files.push(`${base}.png`);
    }
    log(`wrote ${base}.svg${options.png !== false ? ' and .png' : ''}`);
    return `figures/${safe(name)}.svg`;
  };
  const metrics = [...new Set(points.map((p) => p.metric))];
  const bars: { metric: string; src: string }[] = [];
  for (const metric of metrics) bars.push({ metric, src: await figure(`bars-${metric}`, barsSpec(points, metric, attackOrder)) });
  const curves: { dataset: string; src: string }[] = [];
  for (const key of [...new Set(points.map((p) => JSON.stringify([p.dataset, p.metric])))]) {
    const [dataset, metric] = JSON.parse(key) as [string, string];
    if (new Set(points.filter((p) => p.dataset === dataset && p.metric === metric).map((p) => p.budget)).size < 2) continue;
    curves.push({ dataset, src: await figure(`budget-${dataset}-${metric}`, budgetSpec(points, dataset, metric, attackOrder)) });
  }
  const studies: StudySection[] = [];
  for (const s of studyRows) {
    if (s.rows.length === 0) continue;
    const summary = summariseKron(s.rows);
    const name = basename(s.dir);
    const xTitle = readStudyXTitle(s.dir);
    const sized = new Set(summary.map((r) => r.nodes)).size > 1;
    studies.push({ name, dir: s.dir, summary, mse: await figure(`gcrf-${name}-mse`, mseSpec(summary, xTitle)), time: sized ? await figure(`gcrf-${name}-time`, timeSpec(summary)) : null });
  }
  const found = findings(points);
  await writeTextAtomic(
    join(outDir, 'findings.csv'),
    ['dataset,metric,budget,best,best_mean,n2n_mean,n2n_rank,attacks', ...found.map((f) => [f.dataset, f.metric, f.budget, f.best, f.bestMean, f.n2n ?? '', f.n2nRank ?? '', f.attacks].join(','))].join('\n') + '\n',
  );
  files.push(join(outDir, 'findings.csv'));
  await writeTextAtomic(join(outDir, 'report.html'), html(rows, points, found, bars, curves, [...sources, ...studyDirs, ...tableDirs, ...interventionDirs, ...detectionDirs], outDir, attackOrder, specs, options.png !== false, studies, tableRows, interventions, detections));
  files.push(join(outDir, 'report.html'));
  return { outDir, files, findings: found, sources };
}

interface StudySection {
  name: string;
  dir: string;
  summary: KronSummary[];
  mse: string;
  /** null when the study has one size */
  time: string | null;
}

/** ClusterNet's Tables 1 and 2 beside the appendix's, both settings: ours (mean over seeds) and the paper's value per cell, ours in bold where it matches or beats the paper; seconds per dataset. */
function tablesSection(name: string, rows: readonly TablesRow[]): string {
  const s = summariseTables(rows);
  const part = (table: string, setting: string, title: string): string => {
    const t = s.filter((r) => r.table === table && r.setting === setting);
    if (t.length === 0) return '';
    const datasets = [...new Set(t.map((r) => r.dataset))];
    const better = (ours: number, paper: number): boolean => (table === 'modularity' ? ours >= paper - 1e-12 : ours <= paper + 1e-12);
    const head = `<tr><th>method</th>${datasets.map((d) => `<th>${esc(d)}: ours</th><th>paper</th>`).join('')}</tr>`;
    const body = [...new Set(t.map((r) => r.method))]
      .map((m) => {
        const cells = datasets.map((d) => {
          const r = t.find((x) => x.method === m && x.dataset === d);
          if (!r) return '<td>–</td><td>–</td>';
          const v = table === 'modularity' ? r.value.toFixed(3) : String(+r.value.toFixed(1));
          const p = Number.isNaN(r.paper) ? '–' : String(r.paper);
          return `<td${!Number.isNaN(r.paper) && better(r.value, r.paper) ? ' class="best"' : ''}>${v}</td><td>${p}</td>`;
        });
        return `<tr><td>${esc(m)}</td>${cells.join('')}</tr>`;
      })
      .join('\n');
    const secs = datasets.map((d) => `<td>${(t.find((x) => x.method === 'clusternet' && x.dataset === d)?.seconds ?? Number.NaN).toFixed(1)} s</td><td></td>`).join('');
    return `<h3>${esc(title)}</h3>\n<table>${head}\n${body}\n<tr><td>ClusterNet seconds</td>${secs}</tr></table>`;
  };
  return `<h2>ClusterNet tables ${esc(name)}</h2>
<p>The appendix's tables (K = 10; k-center on each graph's largest component). Learning + optimization: every method sees the observed 40% of the edges and is scored on the full graph (train-*: the baseline on the observed edges; gcn-2stage-*: on the observed edges and the links a GCN predictor adds). Optimization: every method sees the full graph. Ours: the mean over seeds; in bold where it matches or beats the paper.</p>
${TABLE_PARTS.map((p) => part(p.table, p.setting, p.title)).join('\n')}`;
}

/** A network-intervention study: the largest target LCC (mean over trials) per method and budget, the lowest in bold; the study's own figures. */
function interventionSection(dir: string, rows: readonly InterventionRow[], outDir: string): string {
  const s = summariseIntervention(rows);
  const tables = [...new Set(s.map((r) => r.dataset))].map((dataset) => {
    const part = s.filter((r) => r.dataset === dataset);
    const budgets = [...new Set(part.map((r) => r.budget))].sort((a, b) => a - b);
    const methods = [...new Set(part.map((r) => r.method))];
    const body = methods
      .map((m) => {
        const cells = budgets.map((b) => {
          const r = part.find((x) => x.method === m && x.budget === b);
          const lowest = Math.min(...part.filter((x) => x.budget === b).map((x) => x.lcc));
          return r ? `<td${r.lcc <= lowest + 1e-12 ? ' class="best"' : ''}>${r.lcc.toFixed(4)}</td>` : '<td>–</td>';
        });
        return `<tr><td>${esc(m)}</td>${cells.join('')}</tr>`;
      })
      .join('\n');
    return `<h3>${esc(dataset)}</h3>\n<table><tr><th>method</th>${budgets.map((b) => `<th>k = ${b}</th>`).join('')}</tr>\n${body}</table>`;
  });
  const violations = rows.reduce((a, r) => a + r.violations, 0);
  const figs = ['lcc-vs-k', 'time-vs-k', 'closeness-vs-k', 'lcc-changes']
    .filter((f) => existsSync(join(dir, `${f}.svg`)))
    .map((f) => `<figure><img src="${esc(relative(outDir, join(dir, `${f}.svg`)))}" alt="${f}"></figure>`);
  return `<h2>Network intervention ${esc(basename(dir))}</h2>
<p>The largest target LCC after the intervention (mean over trials; the lowest at each budget in bold). ${rows.length} runs, ${violations === 0 ? 'every plan passed the independent constraint check' : `<b>${violations} constraint violations</b>`}.</p>
${tables.join('\n')}
${figs.join('\n')}`;
}

/** A subgraph-detection study: precision, recall, F1, IoU and seconds (means over trials) per method, the best F1 in bold; the study's own figures. */
function detectionSection(dir: string, rows: readonly DetectionRow[], outDir: string): string {
  const s = summariseDetection(rows);
  const tables = [...new Set(s.map((r) => r.dataset))].map((dataset) => {
    const part = s.filter((r) => r.dataset === dataset);
    const bestF1 = Math.max(...part.map((r) => r.f1));
    const body = part
      .map((r) => `<tr><td>${esc(r.method)}</td><td>${r.precision.toFixed(3)}</td><td>${r.recall.toFixed(3)}</td><td${r.f1 >= bestF1 - 1e-12 ? ' class="best"' : ''}>${r.f1.toFixed(3)}</td><td>${r.iou.toFixed(3)}</td><td>${r.seconds.toFixed(2)}</td><td>${r.runs}${r.unconverged ? ` (${r.unconverged} not converged)` : ''}</td></tr>`)
      .join('\n');
    return `<h3>${esc(dataset)}</h3>\n<table><tr><th>method</th><th>precision</th><th>recall</th><th>F1</th><th>IoU</th><th>seconds</th><th>runs</th></tr>\n${body}</table>`;
  });
  const figs = ['f1', 'f1-by-block', 'time']
    .filter((f) => existsSync(join(dir, `${f}.svg`)))
    .map((f) => `<figure><img src="${esc(relative(outDir, join(dir, `${f}.svg`)))}" alt="${f}"></figure>`);
  return `<h2>Subgraph detection ${esc(basename(dir))}</h2>
<p>Detected nodes (x &gt; 0) against the planted ones, means over trials (the best F1 in bold).</p>
${tables.join('\n')}
${figs.join('\n')}`;
}

/** A GCRF Kronecker study: trimmed-mean test MSE by point and model, and its two figures. */
function studySection(s: StudySection, chart: (src: string, alt: string) => string): string {
  const models = [...new Set(s.summary.map((r) => r.model))];
  const points = [...new Set(s.summary.map((r) => r.point))];
  const cell = (p: string, m: string): string => {
    const r = s.summary.find((x) => x.point === p && x.model === m);
    const best = Math.min(...s.summary.filter((x) => x.point === p).map((x) => x.trimmedMse));
    return r ? `<td${r.trimmedMse === best ? ' class="best"' : ''}>${r.trimmedMse.toFixed(4)}</td>` : '<td>–</td>';
  };
  const head = `<tr><th>point</th>${models.map((m) => `<th>${esc(m)}</th>`).join('')}</tr>`;
  const body = points.map((p) => `<tr><td>${esc(p)}</td>${models.map((m) => cell(p, m)).join('')}</tr>`).join('\n');
  return `<h2>GCRF study ${esc(s.name)}</h2>
<p>Test MSE of each model (trimmed mean over repetitions: the values between the 5th and 95th percentiles), predicting a fresh test graph with its exact Laplacian; the lowest is in bold. rayleigh-lap and rayleigh-norm are not in the seed paper.</p>
<table>${head}\n${body}</table>
${chart(s.mse, `${s.name}: test MSE by model`)}
${s.time ? chart(s.time, `${s.name}: training time against size`) : ''}`;
}

/** The study's own x-axis title, from the settings it was run with (default: density). */
function readStudyXTitle(dir: string): string {
  try {
    const s = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { xTitle?: string };
    return s.xTitle ?? 'density';
  } catch {
    return 'density';
  }
}

function manifestLine(dir: string): string {
  const p = join(dir, 'manifest.json');
  if (!existsSync(p)) {
    if (isTablesResults(dir)) return 'a clusternet-tables study (results.csv, settings.json)';
    if (isKronResults(dir)) return 'a gcrf-kronecker study (results.csv, summary.csv)';
    if (isInterventionResults(dir)) return 'a network-intervention study (results.csv, plans.jsonl, figures)';
    if (isDetectionResults(dir)) return 'a subgraph-detection study (results.csv, blocks.csv, figures)';
    return '';
  }
  try {
    const m = JSON.parse(readFileSync(p, 'utf8')) as { status?: string; backend?: { name?: string }; node?: string; timings?: { total_s?: number }; datasets?: Record<string, string> };
    const ds = Object.entries(m.datasets ?? {}).map(([k, v]) => `${k}: ${v}`).join('; ');
    return `${m.status ?? '?'}, backend ${m.backend?.name ?? '?'}, node ${m.node ?? '?'}${m.timings?.total_s !== undefined ? `, ${m.timings.total_s.toFixed(1)} s` : ''}${ds ? ` — ${ds}` : ''}`;
  } catch {
    return 'manifest unreadable';
  }
}

/** The browser builds of vega, vega-lite and vega-embed, inlined so report.html works offline and alone. */
function chartLibraries(): string {
  const require = createRequire(import.meta.url);
  const file = (pkg: string, path: string): string => {
    // (their package.json files are not exported: look in the node_modules folders Node would search)
    const found = (require.resolve.paths(pkg) ?? []).map((dir) => join(dir, pkg, path)).find((f) => existsSync(f));
    if (!found) throw new ConfigError(`report: ${pkg}/${path} is not installed (npm ci installs it)`);
    return readFileSync(found, 'utf8').replace(/<\/script/gi, '<\\/script');
  };
  return [file('vega', 'build/vega.min.js'), file('vega-lite', 'build/vega-lite.min.js'), file('vega-embed', 'build/vega-embed.min.js')].map((js) => `<script>${js}</script>`).join('\n');
}

function html(
  rows: ResultRow[],
  points: Point[],
  found: Finding[],
  bars: { metric: string; src: string }[],
  curves: { dataset: string; src: string }[],
  sources: string[],
  outDir: string,
  attackOrder: string[],
  specs: Record<string, unknown>,
  png: boolean,
  studies: StudySection[] = [],
  clusternetTables: { name: string; rows: TablesRow[] }[] = [],
  interventions: { dir: string; rows: InterventionRow[] }[] = [],
  detections: { dir: string; rows: DetectionRow[] }[] = [],
): string {
  const ids = new Map(Object.keys(specs).map((src, i) => [src, `chart-${i}`]));
  // each figure drawn live (tooltips), with its static SVG/PNG for papers beside it; the SVG itself when scripts are off
  const chart = (src: string, alt: string): string =>
    `<figure><div class="chart" id="${ids.get(src)}" role="img" aria-label="${esc(alt)}"></div><noscript><img src="${src}" alt="${esc(alt)}"></noscript>` +
    `<figcaption>static: <a href="${src}">SVG</a>${png ? ` · <a href="${src.replace(/\.svg$/, '.png')}">PNG</a>` : ''}</figcaption></figure>`;
  const specJson = JSON.stringify(Object.fromEntries(Object.entries(specs).map(([src, spec]) => [ids.get(src), spec]))).replace(/</g, '\\u003c');
  const held = found.filter((f) => f.n2nRank === 1).length;
  const withN2n = found.filter((f) => f.n2nRank !== null).length;
  const table = (metric: string): string => {
    const fs = found.filter((f) => f.metric === metric);
    const head = `<tr><th>dataset</th><th>k</th>${attackOrder.map((a) => `<th>${esc(a)}</th>`).join('')}<th>n2n distorts most</th></tr>`;
    const body = fs
      .map((f) => {
        const cells = attackOrder.map((a) => {
          const p = points.find((q) => q.dataset === f.dataset && q.metric === metric && q.budget === f.budget && q.attack === a);
          if (!p) return '<td>–</td>';
          const text = `${p.mean.toPrecision(3)}${p.runs > 1 ? ` ± ${p.std.toPrecision(2)}` : ''}`;
          return `<td${a === f.best ? ' class="best"' : ''}>${text}</td>`;
        });
        const verdict = f.n2nRank === null ? '–' : f.n2nRank === 1 ? 'yes' : `no (rank ${f.n2nRank} of ${f.attacks}; ${esc(f.best)} ${f.bestMean.toPrecision(3)})`;
        return `<tr><td>${esc(f.dataset)}</td><td>${f.budget}</td>${cells.join('')}<td>${verdict}</td></tr>`;
      })
      .join('\n');
    return `<table>${head}\n${body}</table>`;
  };
  const metrics = [...new Set(points.map((p) => p.metric))];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>n2n report</title>
<style>body{font-family:sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}.best{font-weight:bold;background:#eef6ee}figure{margin:1em 0}.chart{overflow-x:auto;min-height:100px}figcaption{font-size:12px;color:#666}img{max-width:100%}code{background:#f4f4f4;padding:0 3px}</style>
${chartLibraries()}</head>
<body>
<h1>n2n: ${rows.length ? 'distortion by attack' : studies.length ? 'GCRF studies' : clusternetTables.length ? 'ClusterNet tables' : interventions.length ? 'network intervention' : 'subgraph detection'}</h1>
${rows.length ? `<p>${rows.length} result rows from ${sources.length - studies.length} result folder(s). Each cell is the mean over seeds (± sample std) at the largest budget the dataset was run with; the best attack is in bold.
The paper's claim is that n2n distorts most: it does here on <b>${held} of ${withN2n}</b> dataset/metric pairs.</p>` : ''}
${metrics.map((m) => `<h2>${esc(m)}</h2>\n${table(m)}\n${bars.filter((b) => b.metric === m).map((b) => chart(b.src, `${m} by attack`)).join('\n')}`).join('\n')}
${curves.length ? `<h2>Distortion versus budget (Figure 5)</h2>\n${curves.map((c) => chart(c.src, `${c.dataset} versus budget`)).join('\n')}` : ''}
${studies.map((s) => studySection(s, chart)).join('\n')}
${clusternetTables.map((t) => tablesSection(t.name, t.rows)).join('\n')}
${interventions.map((t) => interventionSection(t.dir, t.rows, outDir)).join('\n')}
${detections.map((t) => detectionSection(t.dir, t.rows, outDir)).join('\n')}
<h2>Sources</h2>
<ul>${sources.map((s) => `<li><code>${esc(relative(outDir, s) || '.')}</code>: ${esc(manifestLine(s))}</li>`).join('\n')}</ul>
<p>Written by <code>n2n report</code> on ${new Date().toISOString()}.${Object.keys(specs).length ? ' Hover a bar or point for its numbers.' : ''}</p>
<script>
const specs = ${specJson};
for (const [id, spec] of Object.entries(specs)) {
  vegaEmbed('#' + id, spec, { actions: false, renderer: 'svg' }).catch((e) => {
    document.getElementById(id).textContent = 'this chart could not be drawn (' + e.message + '); the static SVG is linked below it';
  });
}
</script>
</body></html>
`;
}
