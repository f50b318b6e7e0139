/**
 * Run a pipeline: dataset → task → (attack × budget × seed) → metrics.
 *
 * For each seed the task is fitted on the clean graph once; each attack scores the edges,
 * Algorithm 2 removes the top-k, the task is re-fitted on the perturbed graph with the same
 * seed and every metric compares the two fits.
 * Output folder: results.csv (one row per run and metric, rewritten atomically after every
 * run), summary.csv (mean and std over seeds), removed/<attack>-k<budget>-s<seed>.tsv and
 * manifest.json. Re-running resumes: rows already in results.csv are not recomputed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { initBackend, type BackendReport } from '../backend/load-backend.js';
import { getGraphTask } from '../tasks/registry.js';
import { getAttack } from '../attacks/registry.js';
import { selectTopK } from '../attacks/select-top-k.js';
import { getMetric, defaultMetrics } from '../metrics/registry.js';
import { removeEdges, describeGraph } from '../graph/graph.js';
import { writeEdgeTable } from '../graph/write-edges.js';
import { writeTextAtomic } from '../util/atomic-write.js';
import { Rng } from '../util/rng.js';
import { ConfigError } from '../util/errors.js';
import { loadDataset } from './dataset.js';
import type { PipelineConfig } from './schema.js';
import type { TaskFit } from '../tasks/task.js';

export interface ResultRow {
  dataset: string;
  task: string;
  attack: string;
  budget: number;
  seed: number;
  metric: string;
  value: number;
  seconds: number;
}

export interface PipelineOutcome {
  rows: ResultRow[];
  outputDir: string;
  skipped: number;
  backend: BackendReport;
}

const COLUMNS: (keyof ResultRow)[] = ['dataset', 'task', 'attack', 'budget', 'seed', 'metric', 'value', 'seconds'];
const rowKey = (r: Pick<ResultRow, 'attack' | 'budget' | 'seed' | 'metric'>): string => `${r.attack}|${r.budget}|${r.seed}|${r.metric}`;

function toCsv(rows: ResultRow[]): string {
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => String(r[c])).join(','))].join('\n') + '\n';
}

function readExisting(path: string): ResultRow[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());
  if (lines[0] !== COLUMNS.join(',')) return [];
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return {
      dataset: f[0]!,
      task: f[1]!,
      attack: f[2]!,
      budget: Number(f[3]),
      seed: Number(f[4]),
      metric: f[5]!,
      value: Number(f[6]),
      seconds: Number(f[7]),
    };
  });
}

export function summarise(rows: ResultRow[]): string {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const k = `${r.dataset},${r.task},${r.attack},${r.budget},${r.metric}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
  }
  const out = ['dataset,task,attack,budget,metric,mean,std,runs'];
  for (const [k, rs] of groups) {
    const mean = rs.reduce((s, r) => s + r.value, 0) / rs.length;
    const std = rs.length > 1 ? Math.sqrt(rs.reduce((s, r) => s + (r.value - mean) ** 2, 0) / (rs.length - 1)) : 0;
    out.push(`${k},${mean},${std},${rs.length}`);
  }
  return out.join('\n') + '\n';
}

export async function runPipeline(config: PipelineConfig, options: { baseDir?: string; log?: (m: string) => void } = {}): Promise<PipelineOutcome> {
  const log = options.log ?? (() => {});
  const baseDir = options.baseDir ?? process.cwd();
  const task = getGraphTask(config.task.name, 'pipelines');
  const { name: _taskName, ...rawTaskOptions } = config.task;
  const taskOptions = task.parseOptions(rawTaskOptions) as Record<string, unknown>;
  const attacks = config.attacks.map(getAttack);
  const metricNames = config.metrics ?? defaultMetrics(task.name);
  if (metricNames.length === 0) throw new ConfigError(`no metric is defined for task '${task.name}'`);
  const metrics = metricNames.map(getMetric);
  for (const m of metrics) {
    if (m.task !== task.name) throw new ConfigError(`metric '${m.name}' measures task '${m.task}', not '${task.name}'`);
  }
  const backend = await initBackend(config.backend);
  const outputDir = resolve(baseDir, config.output);
  const resultsPath = join(outputDir, 'results.csv');
  const configHash = createHash('sha256').update(JSON.stringify({ ...config, seeds: [], budgets: [], attacks: [] })).digest('hex').slice(0, 16);
  const manifestPath = join(outputDir, 'manifest.json');
  let rows: ResultRow[] = [];
  if (existsSync(manifestPath)) {
    try {
      const old = JSON.parse(readFileSync(manifestPath, 'utf8')) as { configHash?: string };
      if (old.configHash === configHash) rows = readExisting(resultsPath);
      else log(`output ${config.output} holds results of a different configuration: starting afresh`);
    } catch {
      rows = [];
    }
  }
  const done = new Set(rows.map(rowKey));
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const { graph, name: dataset } = await loadDataset(config.dataset, baseDir, task.directed);
  timings.load_s = (performance.now() - t0) / 1000;
  log(`dataset ${dataset}: ${describeGraph(graph)}`);
  const writeManifest = (status: string): Promise<void> =>
    writeTextAtomic(
      manifestPath,
      JSON.stringify(
        {
          status,
          configHash,
          config,
          dataset: { name: dataset, source: graph.source, n: graph.n, m: graph.edges.src.length, directed: graph.directed },
          backend: { name: backend.backend, package: backend.package, gpu: backend.gpu, versions: backend.versions },
          node: process.version,
          timings,
          written: new Date().toISOString(),
        },
        null,
        2,
      ) + '\n',
    );
  await writeManifest('running');
  let skipped = 0;
  const maxBudget = Math.max(...config.budgets);
  if (maxBudget > graph.edges.src.length) log(`warning: budget ${maxBudget} exceeds the ${graph.edges.src.length} edges; all edges would be removed`);
  for (const seed of config.seeds) {
    const pending = attacks.some((a) => config.budgets.some((b) => metrics.some((m) => !done.has(rowKey({ attack: a.name, budget: b, seed, metric: m.name })))));
    if (!pending) {
      skipped += attacks.length * config.budgets.length * metrics.length;
      continue;
    }
    const tf0 = performance.now();
    const clean: TaskFit = task.fit(graph, { seed, options: taskOptions, log });
    timings[`fit_s_seed${seed}`] = (performance.now() - tf0) / 1000;
    try {
      if (clean.wellPosed.illPosed) log(`warning: seed ${seed}: ${clean.wellPosed.detail}`);
      for (const attack of attacks) {
        const remaining = config.budgets.filter((b) => metrics.some((m) => !done.has(rowKey({ attack: attack.name, budget: b, seed, metric: m.name }))));
        skipped += (config.budgets.length - remaining.length) * metrics.length;
        if (remaining.length === 0) continue;
        const ts = performance.now();
        const scores = attack.score({ graph, task, fit: clean, rng: new Rng(seed) });
        const scoreS = (performance.now() - ts) / 1000;
        for (const budget of remaining) {
          const tb = performance.now();
          const removed = selectTopK(scores, budget);
          const perturbed = removeEdges(graph, removed);
          const after = task.fit(perturbed, { seed, options: taskOptions });
          try {
            const values = metrics.map((m) => m.compute(clean, after));
            const seconds = scoreS + (performance.now() - tb) / 1000;
            await writeEdgeTable(join(outputDir, 'removed', `${attack.name}-k${budget}-s${seed}.tsv`), graph, [{ name: 'score', values: scores }], { edgeIds: removed });
            metrics.forEach((m, j) => {
              if (done.has(rowKey({ attack: attack.name, budget, seed, metric: m.name }))) return;
              const row: ResultRow = { dataset, task: task.name, attack: attack.name, budget, seed, metric: m.name, value: values[j]!, seconds: Math.round(seconds * 1000) / 1000 };
              rows.push(row);
              done.add(rowKey(row));
            });
            await writeTextAtomic(resultsPath, toCsv(rows));
            log(`${attack.name} k=${budget} seed=${seed}: ${metrics.map((m, j) => `${m.name} ${values[j]!.toPrecision(4)}`).join(', ')} (${seconds.toFixed(2)} s)`);
          } finally {
            task.dispose(after);
          }
        }
      }
    } finally {
      task.dispose(clean);
    }
  }
  await writeTextAtomic(join(outputDir, 'summary.csv'), summarise(rows));
  timings.total_s = (performance.now() - t0) / 1000;
  await writeManifest('complete');
  return { rows, outputDir, skipped, backend };
}

/** A short table: mean metric per attack and budget. */
export function formatTable(rows: ResultRow[]): string {
  const attacks = [...new Set(rows.map((r) => r.attack))];
  const budgets = [...new Set(rows.map((r) => r.budget))].sort((a, b) => a - b);
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const out: string[] = [];
  for (const metric of metrics) {
    const head = [`${metric} (mean over seeds)`, ...budgets.map((b) => `k=${b}`)];
    const body = attacks.map((a) => [
      a,
      ...budgets.map((b) => {
        const vs = rows.filter((r) => r.attack === a && r.budget === b && r.metric === metric).map((r) => r.value);
        return vs.length ? (vs.reduce((s, v) => s + v, 0) / vs.length).toPrecision(4) : '-';
      }),
    ]);
    const w = head.map((h, j) => Math.max(h.length, ...body.map((r) => r[j]!.length)));
    out.push(head.map((h, j) => h.padEnd(w[j]!)).join('  '));
    for (const r of body) out.push(r.map((c, j) => c.padEnd(w[j]!)).join('  '));
  }
  return out.join('\n');
}
