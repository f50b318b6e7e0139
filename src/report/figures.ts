/**
 * The paper's figures as vega-lite specifications, rendered to SVG by vega (headless, no
 * canvas) and to PNG by resvg: per-task bars of distortion by attack for each dataset at its
 * largest budget (Figures 1–3), and distortion versus budget per dataset (Figure 5).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { groupStats, type ResultRow } from '../pipeline/results.js';

export interface Point {
  dataset: string;
  attack: string;
  budget: number;
  metric: string;
  mean: number;
  std: number;
  runs: number;
}

/** Mean and sample standard deviation over seeds per (dataset[ variant], attack, budget, metric). */
export function aggregate(rows: readonly ResultRow[]): Point[] {
  return groupStats(rows, (r) => JSON.stringify([r.variant ? `${r.dataset} ${r.variant}` : r.dataset, r.attack, r.budget, r.metric])).map((g) => {
    const [dataset, attack, budget, metric] = JSON.parse(g.key) as [string, string, number, string];
    return { dataset, attack, budget, metric, mean: g.mean, std: g.std, runs: g.rows.length };
  });
}

const METRIC_TITLE: Record<string, string> = {
  'hits-distortion': 'HITS distortion ‖u − ũ‖ + ‖v − ṽ‖',
  'clustering-distortion': 'clustering distortion 1 − NMI',
  'completion-rmse': 'completion RMSE (unobserved cells)',
};
const title = (metric: string): string => METRIC_TITLE[metric] ?? metric;

/** Figures 1–3: one panel per dataset, a bar per attack at the dataset's largest budget, ± std over seeds. */
export function barsSpec(points: Point[], metric: string, attackOrder: string[]): vl.TopLevelSpec {
  const largest = new Map<string, number>();
  for (const p of points) if (p.metric === metric) largest.set(p.dataset, Math.max(largest.get(p.dataset) ?? 0, p.budget));
  const values = points
    .filter((p) => p.metric === metric && p.budget === largest.get(p.dataset))
    .map((p) => ({ ...p, panel: `${p.dataset} (k = ${p.budget})`, lo: Math.max(0, p.mean - p.std), hi: p.mean + p.std }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, header: { labelFontSize: 12 } } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 170,
      height: 200,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'attack', type: 'nominal', sort: attackOrder, title: null, axis: { labelAngle: -45 } },
            y: { field: 'mean', type: 'quantitative', title: title(metric) },
            color: { field: 'attack', type: 'nominal', sort: attackOrder, legend: null, scale: { scheme: 'tableau10' } },
            tooltip: [{ field: 'attack' }, { field: 'mean', format: '.4g' }, { field: 'std', format: '.2g' }, { field: 'runs' }],
          },
        },
        { mark: { type: 'rule', color: 'black' }, encoding: { x: { field: 'attack', type: 'nominal', sort: attackOrder }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      ],
    },
  } as unknown as vl.TopLevelSpec;
}

/** Figure 5: mean distortion versus budget k, a line per attack. */
export function budgetSpec(points: Point[], dataset: string, metric: string, attackOrder: string[]): vl.TopLevelSpec {
  const values = points.filter((p) => p.dataset === dataset && p.metric === metric);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${dataset}: distortion versus budget`,
    width: 420,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'budget', type: 'quantitative', title: 'budget k (edges removed)' },
      y: { field: 'mean', type: 'quantitative', title: title(metric) },
      color: { field: 'attack', type: 'nominal', sort: attackOrder, scale: { scheme: 'tableau10' } },
      tooltip: [{ field: 'attack' }, { field: 'budget' }, { field: 'mean', format: '.4g' }],
    },
  } as unknown as vl.TopLevelSpec;
}

export async function renderSvg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG at twice the SVG's size, text in the system's sans-serif font. */
export function svgToPng(svg: string): Uint8Array {
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}

/** Figure 4: seconds per phase against the size B has (log-log), one panel per series, with the fitted slopes (all points, and the largest decade alone). */
export function scalingSpec(
  rows: readonly { series: string; items: number; build_s: number; solve_s: number; derive_s: number; total_s: number }[],
  slopes: readonly { series: string; quantity: string; slope: number; topDecadeSlope: number }[],
): vl.TopLevelSpec {
  const slopeOf = (s: string, q: string): string => (slopes.find((x) => x.series === s && x.quantity === q)?.slope ?? NaN).toFixed(2);
  const topOf = (s: string, q: string): string => (slopes.find((x) => x.series === s && x.quantity === q)?.topDecadeSlope ?? NaN).toFixed(2);
  const values = rows.flatMap((r) =>
    (['build_s', 'solve_s', 'derive_s', 'total_s'] as const)
      .filter((q) => r[q] > 0)
      .map((q) => ({
        panel: `${r.series}: total slope ${slopeOf(r.series, 'total_s')}, largest decade ${topOf(r.series, 'total_s')}`,
        phase: `${q.replace('_s', '')} (${slopeOf(r.series, q)}; largest decade ${topOf(r.series, q)})`,
        phaseKey: q,
        items: r.items,
        seconds: r[q],
      })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, header: { labelFontSize: 12 } } },
    resolve: { scale: { color: 'independent' } },
    spec: {
      width: 230,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'items', type: 'quantitative', scale: { type: 'log' }, title: 'size (edges or ratings)' },
        y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds' },
        color: { field: 'phase', type: 'nominal', title: 'phase', scale: { scheme: 'tableau10' } },
        tooltip: [{ field: 'phase' }, { field: 'items' }, { field: 'seconds', format: '.3g' }],
      },
    },
  } as unknown as vl.TopLevelSpec;
}
