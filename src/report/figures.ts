/**
 * The paper's figures as vega-lite specifications, rendered to SVG by vega (headless, no
 * canvas) and to PNG by resvg: per-task bars of distortion by attack for each dataset at its
 * largest budget (Figures 1–3), and distortion versus budget per dataset (Figure 5).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { groupStats, type ResultRow } from '../pipeline/results.js';
import { metricFacts } from '../metrics/registry.js';

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

const title = (metric: string): string => metricFacts(metric).title;
/** What a budget counts: the metric's task's elements (ratings for completion), else edges. */
const removedUnit = (metric: string): string => metricFacts(metric).elements;

/**
 * One colour per attack in every figure: the built-in attacks have fixed colours (n2n the
 * strongest), other labels (options, variants) take their base attack's colour (the name
 * before the first '-'), custom labels a colour from their name.
 */
const ATTACK_COLOURS: Record<string, string> = {
  n2n: '#d62728',
  'n2n-greedy': '#ff9896',
  'n2n-add': '#ad494a',
  degree: '#1f77b4',
  eigencentrality: '#17becf',
  hits: '#9467bd',
  contain: '#2ca02c',
  aurora: '#ff7f0e',
  'aurora-greedy': '#ffbb78',
  random: '#7f7f7f',
};
const EXTRA = ['#8c564b', '#e377c2', '#bcbd22', '#aec7e8', '#98df8a', '#c5b0d5', '#c49c94', '#f7b6d2', '#dbdb8d', '#9edae5'];

export function attackColour(label: string): string {
  if (ATTACK_COLOURS[label]) return ATTACK_COLOURS[label]!;
  // 'contain-r20', 'n2n-add': the base attack's colour
  const base = ATTACK_COLOURS[label.split('-')[0]!];
  if (base) return base;
  let h = 0;
  for (let i = 0; i < label.length; i++) h = (h * 31 + label.charCodeAt(i)) >>> 0;
  return EXTRA[h % EXTRA.length]!;
}

/** The colour (and shape) scale of a figure: its attacks in order, each with its fixed colour. */
function attackScale(attacks: string[]): { domain: string[]; range: string[] } {
  return { domain: attacks, range: attacks.map(attackColour) };
}

/**
 * Figures 1–3: a panel per dataset (side by side), a bar per attack at the dataset's largest
 * budget with its value written on it (a zero bar is a 0, not a missing run), whiskers ± one
 * sample standard deviation over seeds.
 */
export function barsSpec(points: Point[], metric: string, attackOrder: string[]): vl.TopLevelSpec {
  const largest = new Map<string, number>();
  for (const p of points) if (p.metric === metric) largest.set(p.dataset, Math.max(largest.get(p.dataset) ?? 0, p.budget));
  const values = points
    .filter((p) => p.metric === metric && p.budget === largest.get(p.dataset))
    .map((p) => ({ ...p, lo: Math.max(0, p.mean - p.std), hi: p.mean + p.std, text: p.mean === 0 ? '0' : p.mean.toPrecision(2) }));
  const attacks = attackOrder.filter((a) => values.some((v) => v.attack === a));
  const seeds = [...new Set(values.map((v) => v.runs))];
  const datasets = [...new Set(values.map((v) => v.dataset))];
  const x = { field: 'attack', type: 'nominal', sort: attacks, title: null, axis: { labelAngle: -45 } };
  const panel = (dataset: string) => ({
    title: { text: `${dataset} (k = ${largest.get(dataset)} ${removedUnit(metric)})`, fontSize: 12 },
    width: Math.max(200, 40 * attacks.length),
    height: 200,
    data: { values: values.filter((v) => v.dataset === dataset) },
    encoding: { x },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: { field: 'mean', type: 'quantitative', title: title(metric) },
          color: { field: 'attack', type: 'nominal', legend: null, scale: attackScale(attacks) },
          tooltip: [{ field: 'attack' }, { field: 'mean', format: '.4g', title: 'mean' }, { field: 'std', format: '.2g', title: 'std' }, { field: 'runs', title: 'seeds' }],
        },
      },
      { mark: { type: 'rule', color: 'black' }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      { mark: { type: 'text', dy: -6, fontSize: 9, color: '#333' }, encoding: { y: { field: 'hi', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${title(metric)} by attack`,
      subtitle: `bars: mean over ${seeds.length === 1 ? seeds[0] : seeds.join('/')} seed${seeds.length === 1 && seeds[0] === 1 ? '' : 's'}; whiskers: ± 1 sample standard deviation; the number: the mean`,
    },
    hconcat: datasets.map(panel),
    resolve: { scale: { y: 'independent' } },
  } as unknown as vl.TopLevelSpec;
}

/** Figure 5: mean distortion versus budget k, a line per attack (colour, point shape and dash tell them apart where they overlap). */
export function budgetSpec(points: Point[], dataset: string, metric: string, attackOrder: string[]): vl.TopLevelSpec {
  const values = points.filter((p) => p.dataset === dataset && p.metric === metric);
  const attacks = attackOrder.filter((a) => values.some((v) => v.attack === a));
  const shapes = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'];
  const dashes = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [10, 2], [1, 3], [6, 2, 1, 2]];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${dataset}: distortion versus budget`,
    width: 420,
    height: 260,
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 50 }, opacity: 0.85 },
    encoding: {
      x: { field: 'budget', type: 'quantitative', title: `budget k (${removedUnit(metric)} removed)` },
      y: { field: 'mean', type: 'quantitative', title: title(metric) },
      color: { field: 'attack', type: 'nominal', sort: attacks, scale: attackScale(attacks), legend: { labelLimit: 0 } },
      shape: { field: 'attack', type: 'nominal', sort: attacks, scale: { domain: attacks, range: attacks.map((_, i) => shapes[i % shapes.length]!) } },
      strokeDash: { field: 'attack', type: 'nominal', sort: attacks, scale: { domain: attacks, range: attacks.map((_, i) => dashes[i % dashes.length]!) } },
      tooltip: [{ field: 'attack' }, { field: 'budget' }, { field: 'mean', format: '.4g' }, { field: 'std', format: '.2g' }],
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
  // panels side by side (hconcat, not facet: faceted axes are laid out below a gap in headless rendering)
  const panels = [...new Set(values.map((v) => v.panel))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    hconcat: panels.map((panel) => ({
      title: { text: panel, fontSize: 12 },
      width: 230,
      height: 220,
      data: { values: values.filter((v) => v.panel === panel) },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'items', type: 'quantitative', scale: { type: 'log' }, title: 'size (edges or ratings)' },
        y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds' },
        color: {
          field: 'phase',
          type: 'nominal',
          title: 'phase (slope; largest decade)',
          scale: { scheme: 'tableau10' },
          legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0, titleLimit: 0 },
        },
        tooltip: [{ field: 'phase' }, { field: 'items' }, { field: 'seconds', format: '.3g' }],
      },
    })),
    resolve: { scale: { color: 'independent' } },
  } as unknown as vl.TopLevelSpec;
}
