/**
 * The network-intervention experiments (Hung et al. WWW 2020, Figures 4–5) as a study:
 * `study: intervention` in a YAML file, run by `n2n run`. For every dataset and trial it draws
 * targets with the paper's protocol (NILD-S, `setting: single`: one node among those with LCC
 * > 0.8; NILD-M, `multi`: 20% of the nodes drawn from the 40% with the highest LCC), then runs
 * every method at every budget and checks each plan independently. One row per (dataset,
 * trial, method, budget) in results.csv (written atomically after each row; a rerun with the
 * same settings keeps the rows), each plan in plans.jsonl, and the figures: the largest target
 * LCC against k, seconds against k, the targets' closeness against k and the distribution of
 * LCC changes at the largest budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeTextAtomic } from '../../util/atomic-write.js';
import { toCsv } from '../../util/csv.js';
import { InputError } from '../../util/errors.js';
import { Rng } from '../../util/rng.js';
import { loadGraph } from '../../graph/load-graph.js';
import { datasetPath } from '../../pipeline/dataset.js';
import { readStudyRows, resultsHave, sameSettings, writeFigure } from '../../report/study-files.js';
import type { Graph } from '../../graph/graph.js';
import { ClusteringState } from './engine.js';
import { INTERVENTION_METHODS } from './intervene/methods.js';
import { assessIntervention } from './intervene/check.js';

const studyObject = z
  .object({
    study: z.literal('intervention'),
    name: z.string().min(1),
    datasets: z.array(z.object({ name: z.string().min(1), path: z.string().min(1) }).strict()).min(1),
    /** single: NILD-S (one target with LCC > 0.8); multi: NILD-M (20% of the nodes from the top 40% by LCC) */
    setting: z.enum(['single', 'multi']),
    methods: z.array(z.enum(Object.keys(INTERVENTION_METHODS) as [string, ...string[]])).min(1),
    /** budgets as edge counts, or as shares of the edges (budgetShares) */
    budgets: z.array(z.number().int().min(1)).min(1).optional(),
    budgetShares: z.array(z.number().gt(0).lt(1)).min(1).optional(),
    trials: z.number().int().min(1).default(5),
    epsilon: z.number().min(0).default(0.05),
    seed: z.number().int().default(1),
    output: z.string().min(1),
  })
  .strict();
/** the study's keys (for 'did you mean' on a misspelt one) */
export const interventionStudyKeys = Object.keys(studyObject.shape);
export const interventionStudySchema = studyObject
  .refine((c) => (c.budgets === undefined) !== (c.budgetShares === undefined), { message: 'give budgets (edge counts) or budgetShares (shares of the edges), one of them' })
  .refine((c) => c.setting === 'multi' || !c.methods.includes('oisa'), { message: 'oisa is for a target set (setting: multi)' })
  .refine((c) => c.setting === 'single' || !c.methods.includes('crpd'), { message: 'crpd is for one target (setting: single)' });
export type InterventionStudyConfig = z.infer<typeof interventionStudySchema>;

export interface InterventionRow {
  dataset: string;
  trial: number;
  method: string;
  budget: number;
  targets: number;
  edges: number;
  lcc_before: number;
  lcc_after: number;
  /** the targets' mean harmonic closeness and betweenness (NaN where not computed) */
  closeness_before: number;
  closeness_after: number;
  betweenness_before: number;
  betweenness_after: number;
  other_rise: number;
  violations: number;
  seconds: number;
}

const COLUMNS: (keyof InterventionRow)[] = ['dataset', 'trial', 'method', 'budget', 'targets', 'edges', 'lcc_before', 'lcc_after', 'closeness_before', 'closeness_after', 'betweenness_before', 'betweenness_after', 'other_rise', 'violations', 'seconds'];

export const isInterventionResults = (dir: string): boolean => resultsHave(dir, 'lcc_after', 'other_rise');

export const readInterventionRows = (path: string): InterventionRow[] => readStudyRows<InterventionRow>(path, COLUMNS, ['dataset', 'method'], 'an intervention results.csv');

/** The paper's target draw for a trial. */
export function drawTargets(graph: Graph, setting: 'single' | 'multi', rng: Rng): Int32Array {
  const s = new ClusteringState(graph);
  if (setting === 'single') {
    const pool = Array.from({ length: graph.n }, (_, v) => v).filter((v) => s.lcc(v) > 0.8 && s.degree[v]! >= 2);
    if (pool.length === 0) throw new InputError(graph.source, null, 'has no node with LCC above 0.8 to draw a NILD-S target from');
    return Int32Array.of(pool[rng.int(pool.length)]!);
  }
  const order = Array.from({ length: graph.n }, (_, v) => v).sort((a, b) => s.lcc(b) - s.lcc(a) || a - b);
  const pool = order.slice(0, Math.floor(0.4 * graph.n));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return Int32Array.from(pool.slice(0, Math.max(1, Math.floor(0.2 * graph.n))));
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

export interface InterventionOutcome {
  rows: InterventionRow[];
  outputDir: string;
  figures: string[];
}

export async function runInterventionStudy(config: InterventionStudyConfig, options: { log?: (m: string) => void; baseDir?: string; dataDir?: string } = {}): Promise<InterventionOutcome> {
  const log = options.log ?? (() => {});
  const baseDir = options.baseDir ?? process.cwd();
  const outputDir = resolve(baseDir, config.output);
  const resultsPath = join(outputDir, 'results.csv');
  const plansPath = join(outputDir, 'plans.jsonl');
  const settingsPath = join(outputDir, 'settings.json');
  const settings = JSON.stringify({ ...config, name: undefined, output: undefined });
  let rows: InterventionRow[] = [];
  let plans: string[] = [];
  const changes = new Map<string, number[]>();
  if (sameSettings(resultsPath, settingsPath, settings)) {
    rows = readInterventionRows(resultsPath);
    plans = existsSync(plansPath) ? readFileSync(plansPath, 'utf8').split('\n').filter((l) => l.trim()) : [];
    for (const p of plans) {
      const plan = JSON.parse(p) as { dataset: string; method: string; budget: number; changes: number[] };
      addChanges(changes, plan);
    }
    if (rows.length) log(`intervention: ${rows.length} rows already in ${resultsPath}, kept`);
  }
  await writeTextAtomic(settingsPath, settings);
  const key = (r: Pick<InterventionRow, 'dataset' | 'trial' | 'method' | 'budget'>): string => `${r.dataset}|${r.trial}|${r.method}|${r.budget}`;
  const done = new Set(rows.map(key));
  for (const ds of config.datasets) {
    const { graph } = await loadGraph(datasetPath(ds.path, baseDir, options.dataDir), { directed: false });
    const m = graph.edges.src.length;
    const budgets = config.budgets ?? config.budgetShares!.map((share) => Math.max(1, Math.round(share * m)));
    const rng = new Rng(config.seed);
    for (let trial = 0; trial < config.trials; trial++) {
      const targets = drawTargets(graph, config.setting, rng);
      for (const method of config.methods) {
        for (const budget of budgets) {
          if (done.has(key({ dataset: ds.name, trial, method, budget }))) continue;
          const problem = { graph, targets, budget, epsilon: config.epsilon, seed: config.seed * 1000 + trial };
          const result = INTERVENTION_METHODS[method]!(problem);
          const rep = assessIntervention(problem, result.added, method, result.seconds);
          const cl = rep.targets.filter((t) => t.closeness !== null);
          const bt = rep.targets.filter((t) => t.betweenness !== null);
          const row: InterventionRow = {
            dataset: ds.name,
            trial,
            method,
            budget,
            targets: targets.length,
            edges: result.added.length,
            lcc_before: rep.maxTargetLcc[0],
            lcc_after: rep.maxTargetLcc[1],
            closeness_before: mean(cl.map((t) => t.closeness![0])),
            closeness_after: mean(cl.map((t) => t.closeness![1])),
            betweenness_before: mean(bt.map((t) => t.betweenness![0])),
            betweenness_after: mean(bt.map((t) => t.betweenness![1])),
            other_rise: rep.largestOtherIncrease.increase,
            violations: rep.violations.length,
            seconds: result.seconds,
          };
          rows.push(row);
          const plan = { dataset: ds.name, trial, method, budget, targets: Array.from(targets, (t) => graph.labels[t]!), added: result.added.map(([a, b]) => [graph.labels[a]!, graph.labels[b]!]), changes: rep.changes };
          plans.push(JSON.stringify(plan));
          addChanges(changes, plan);
          log(`intervention: ${ds.name} trial ${trial} ${method} k=${budget}: largest target LCC ${row.lcc_before.toFixed(4)} → ${row.lcc_after.toFixed(4)} (${row.seconds.toFixed(2)} s${row.violations ? `; ${row.violations} VIOLATIONS` : ''})`);
          await writeTextAtomic(resultsPath, toCsv(rows.map((r) => ({ ...r, seconds: +r.seconds.toFixed(4) })), COLUMNS));
          await writeTextAtomic(plansPath, plans.join('\n') + '\n');
        }
      }
    }
  }
  const figures = await writeFigures(outputDir, rows, changes, config);
  return { rows, outputDir, figures };
}

function addChanges(into: Map<string, number[]>, plan: { dataset: string; method: string; budget: number; changes: number[] }): void {
  const k = JSON.stringify([plan.dataset, plan.method, plan.budget]);
  const acc = into.get(k) ?? new Array<number>(40).fill(0);
  plan.changes.forEach((c, i) => (acc[i]! += c));
  into.set(k, acc);
}

/** Mean over trials per (dataset, method, budget). */
export function summariseIntervention(rows: readonly InterventionRow[]): { dataset: string; method: string; budget: number; lcc: number; seconds: number; closeness: number; runs: number }[] {
  const groups = new Map<string, InterventionRow[]>();
  for (const r of rows) {
    const k = JSON.stringify([r.dataset, r.method, r.budget]);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.entries()].map(([k, g]) => {
    const [dataset, method, budget] = JSON.parse(k) as [string, string, number];
    return { dataset, method, budget, lcc: mean(g.map((r) => r.lcc_after)), seconds: mean(g.map((r) => r.seconds)), closeness: mean(g.map((r) => r.closeness_after)), runs: g.length };
  });
}

async function writeFigures(dir: string, rows: readonly InterventionRow[], changes: Map<string, number[]>, config: InterventionStudyConfig): Promise<string[]> {
  const summary = summariseIntervention(rows);
  const what = config.setting === 'single' ? "the target's LCC" : 'the largest target LCC';
  const line = (field: 'lcc' | 'seconds' | 'closeness', title: string, log = false) => ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: summary.filter((r) => Number.isFinite(r[field])) },
    facet: { column: { field: 'dataset', type: 'nominal', title: null } },
    spec: {
      width: 260,
      height: 200,
      mark: { type: 'line', point: { filled: true, size: 45 } },
      encoding: {
        x: { field: 'budget', type: 'quantitative', title: 'budget k (edges added)' },
        y: { field, type: 'quantitative', title, ...(log ? { scale: { type: 'log' } } : {}) },
        color: { field: 'method', type: 'nominal', sort: config.methods },
        shape: { field: 'method', type: 'nominal', sort: config.methods, legend: null },
        tooltip: [{ field: 'method' }, { field: 'budget' }, { field, format: '.4g' }, { field: 'runs' }],
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  });
  const top = new Map<string, number>();
  for (const r of rows) top.set(r.dataset, Math.max(top.get(r.dataset) ?? 0, r.budget));
  const hist = [...changes.entries()].flatMap(([k, counts]) => {
    const [dataset, method, budget] = JSON.parse(k) as [string, string, number];
    if (budget !== top.get(dataset)) return [];
    return counts.map((count, i) => ({ dataset, method, change: +(-1 + 0.05 * i + 0.025).toFixed(3), count })).filter((x) => x.count > 0);
  });
  const specs: [string, unknown][] = [
    ['lcc-vs-k', { ...line('lcc', 'LCC after (mean over trials)'), title: `${what} against the budget` }],
    ['time-vs-k', { ...line('seconds', 'seconds (mean over trials)', true), title: 'time against the budget' }],
    ['closeness-vs-k', { ...line('closeness', 'mean closeness after'), title: "targets' closeness against the budget" }],
    [
      'lcc-changes',
      {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'LCC changes of the nodes an intervention touched, at the largest budget (all trials)',
        data: { values: hist },
        facet: { column: { field: 'dataset', type: 'nominal', title: null } },
        spec: {
          width: 260,
          height: 200,
          mark: { type: 'line', point: true, interpolate: 'step' },
          encoding: {
            x: { field: 'change', type: 'quantitative', title: 'LCC after − before (bins of 0.05)' },
            y: { field: 'count', type: 'quantitative', title: 'nodes', scale: { type: 'symlog' } },
            color: { field: 'method', type: 'nominal', sort: config.methods },
          },
        },
        resolve: { scale: { x: 'independent', y: 'independent' } },
      },
    ],
  ];
  const files: string[] = [];
  for (const [name, spec] of specs) {
    if (name === 'closeness-vs-k' && !summary.some((r) => Number.isFinite(r.closeness))) continue;
    files.push(await writeFigure(dir, name, spec as Parameters<typeof writeFigure>[2]));
  }
  return files;
}

/** The study as text: the mean largest target LCC per dataset, method and budget. */
export function formatInterventionStudy(rows: readonly InterventionRow[]): string {
  const s = summariseIntervention(rows);
  const out: string[] = [];
  for (const dataset of [...new Set(s.map((r) => r.dataset))]) {
    const part = s.filter((r) => r.dataset === dataset);
    const budgets = [...new Set(part.map((r) => r.budget))].sort((a, b) => a - b);
    out.push(`${dataset}: largest target LCC after (mean over trials), by budget`);
    out.push(['method'.padEnd(10), ...budgets.map((b) => `k=${b}`.padStart(10))].join(''));
    for (const method of [...new Set(part.map((r) => r.method))]) out.push([method.padEnd(10), ...budgets.map((b) => (part.find((r) => r.method === method && r.budget === b)?.lcc ?? Number.NaN).toFixed(4).padStart(10))].join(''));
    out.push('');
  }
  return out.join('\n');
}
