/**
 * The ClusterNet appendix's Tables 1 and 2 (optimization columns: the full graph, K = 10) as a
 * study: `study: clusternet-tables` in a YAML file, run by `n2n run`. For every dataset and
 * seed it trains ClusterNet for modularity and for k-center and runs the baselines (CNM,
 * Newman's leading eigenvector, spectral modularity and Louvain; Gonzalez and greedy), and
 * writes one row per (dataset, table, method, seed) to results.csv with the paper's value and
 * the seconds it took, atomically after each row. A rerun keeps the rows already there when
 * the settings are the same. `n2n report` draws both tables beside the paper's.
 *
 * Table 2 (k-center) runs on each graph's largest connected component, as the authors'
 * `_connected` files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeTextAtomic } from '../../util/atomic-write.js';
import { InputError } from '../../util/errors.js';
import { parseCsvLine, toCsv } from '../../util/csv.js';
import { loadGraph } from '../../graph/load-graph.js';
import type { Graph } from '../../graph/graph.js';
import { largestComponent } from '../../graph/components.js';
import { datasetPath } from '../../pipeline/dataset.js';
import { initBackend } from '../../backend/load-backend.js';
import { modularityTask } from '../modularity/index.js';
import { hopDistances, maxMinDistance } from './kcenter/distances.js';
import { gonzalez, greedyKCenter } from './kcenter/baselines.js';
import { clusternetTask } from './index.js';
import type { ClusterNetFit } from './fit.js';

export const tablesStudySchema = z
  .object({
    study: z.literal('clusternet-tables'),
    name: z.string().min(1),
    datasets: z
      .array(
        z
          .object({
            /** cora, citeseer, adol, protein or fb: the paper's column (others have no paper value) */
            name: z.string().min(1),
            path: z.string().min(1),
            features: z.string().min(1).optional(),
          })
          .strict(),
      )
      .min(1),
    clusters: z.number().int().min(2).default(10),
    iterations: z.number().int().min(1).default(300),
    seeds: z.array(z.number().int()).min(1).default([1]),
    tables: z.array(z.enum(['modularity', 'kcenter'])).min(1).default(['modularity', 'kcenter']),
    /** the tensor backend (ClusterNet trains fastest on wasm; webgpu cannot run it) */
    backend: z.enum(['auto', 'cpu', 'wasm', 'tensorflow']).default('wasm'),
    output: z.string().min(1),
  })
  .strict();
export type TablesStudyConfig = z.infer<typeof tablesStudySchema>;

/** The appendix's optimization columns, K = 10 (cora, citeseer, protein, adol, fb). */
export const PAPER: Record<'modularity' | 'kcenter', Record<string, Record<string, number>>> = {
  modularity: {
    clusternet: { cora: 0.71, citeseer: 0.76, protein: 0.52, adol: 0.55, fb: 0.8 },
    cnm: { cora: 0.08, citeseer: 0.34, protein: 0.05, adol: 0.6, fb: 0.8 },
    newman: { cora: 0.2, citeseer: 0.22, protein: 0.29, adol: 0.3, fb: 0.47 },
    'spectral-modularity': { cora: 0.15, citeseer: 0.08, protein: 0.07, adol: 0.46, fb: 0.79 },
  },
  kcenter: {
    clusternet: { cora: 8, citeseer: 13, protein: 6, adol: 5, fb: 2 },
    greedy: { cora: 9, citeseer: 14, protein: 7, adol: 6, fb: 5 },
    gonzalez: { cora: 9, citeseer: 13, protein: 7, adol: 6, fb: 2 },
  },
};

const METHODS = { modularity: ['clusternet', 'cnm', 'newman', 'spectral-modularity', 'louvain'], kcenter: ['clusternet', 'gonzalez', 'greedy'] } as const;

export interface TablesRow {
  dataset: string;
  table: 'modularity' | 'kcenter';
  method: string;
  seed: number;
  /** hard modularity (higher is better) or the k-center value (lower is better) */
  value: number;
  /** the appendix's value, or NaN where it has none */
  paper: number;
  seconds: number;
}

const COLUMNS: (keyof TablesRow)[] = ['dataset', 'table', 'method', 'seed', 'value', 'paper', 'seconds'];

/** Whether a results folder holds a clusternet-tables study. */
export function isTablesResults(dir: string): boolean {
  const p = join(dir, 'results.csv');
  if (!existsSync(p)) return false;
  const head = readFileSync(p, 'utf8').split('\n', 1)[0]!.split(',');
  return head.includes('table') && head.includes('paper') && head.includes('method');
}

export function readTablesRows(path: string): TablesRow[] {
  if (!existsSync(path)) return [];
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  if (COLUMNS.some((c) => !cols.includes(c))) throw new InputError(path, 1, 'not a clusternet-tables results.csv; move it away to start afresh');
  return lines
    .filter((l) => l.trim())
    .map((line) => {
      const cells = parseCsvLine(line);
      const get = (c: keyof TablesRow): string => cells[cols.indexOf(c)] ?? '';
      return { dataset: get('dataset'), table: get('table') as TablesRow['table'], method: get('method'), seed: Number(get('seed')), value: Number(get('value')), paper: get('paper') === '' ? Number.NaN : Number(get('paper')), seconds: Number(get('seconds')) };
    });
}

async function measure(table: 'modularity' | 'kcenter', method: string, g: Graph, config: TablesStudyConfig, features: string | undefined, seed: number, log: (m: string) => void): Promise<number> {
  const k = config.clusters;
  if (method === 'clusternet') {
    const fit = (await clusternetTask.fitAsync(g, { seed, log, options: { objective: table, clusters: k, iterations: config.iterations, ...(features ? { features } : {}) } })) as ClusterNetFit;
    clusternetTask.dispose(fit);
    return table === 'modularity' ? fit.hardModularity : fit.kcenter!.value;
  }
  // the baselines are the modularity task's partition methods; f there is Newman's Q of the hard partition
  if (table === 'modularity') return (await modularityTask.fitAsync(g, { seed, options: { method, clusters: k } })).objective;
  const dist = hopDistances(g.csr);
  return maxMinDistance(dist, method === 'gonzalez' ? gonzalez(dist, k, seed) : greedyKCenter(dist, k));
}

export interface TablesOutcome {
  rows: TablesRow[];
  outputDir: string;
}

export async function runTablesStudy(config: TablesStudyConfig, options: { log?: (m: string) => void; baseDir?: string; dataDir?: string } = {}): Promise<TablesOutcome> {
  const log = options.log ?? (() => {});
  const backend = await initBackend(config.backend);
  log(`clusternet-tables: backend ${backend.backend}`);
  const baseDir = options.baseDir ?? process.cwd();
  const outputDir = resolve(baseDir, config.output);
  const resultsPath = join(outputDir, 'results.csv');
  const settingsPath = join(outputDir, 'settings.json');
  const settings = JSON.stringify({ ...config, name: undefined, output: undefined });
  let rows: TablesRow[] = [];
  if (existsSync(resultsPath) && existsSync(settingsPath) && readFileSync(settingsPath, 'utf8') === settings) {
    rows = readTablesRows(resultsPath);
    if (rows.length) log(`clusternet-tables: ${rows.length} rows already in ${resultsPath}, kept`);
  }
  await writeTextAtomic(settingsPath, settings);
  const done = new Set(rows.map((r) => `${r.dataset}|${r.table}|${r.method}|${r.seed}`));
  for (const ds of config.datasets) {
    const path = datasetPath(ds.path, baseDir, options.dataDir);
    const features = ds.features !== undefined ? datasetPath(ds.features, baseDir, options.dataDir) : undefined;
    const { graph } = await loadGraph(path, { directed: false });
    for (const table of config.tables) {
      const g = table === 'kcenter' ? largestComponent(graph).graph : graph;
      for (const seed of config.seeds) {
        for (const method of METHODS[table]) {
          if (done.has(`${ds.name}|${table}|${method}|${seed}`)) continue;
          const t = performance.now();
          const value = await measure(table, method, g, config, features, seed, () => {});
          const seconds = (performance.now() - t) / 1000;
          rows.push({ dataset: ds.name, table, method, seed, value, paper: PAPER[table][method]?.[ds.name] ?? Number.NaN, seconds });
          log(`clusternet-tables: ${ds.name} ${table} ${method} seed ${seed}: ${table === 'modularity' ? value.toFixed(4) : value} (${seconds.toFixed(1)} s)`);
          await writeTextAtomic(resultsPath, toCsv(rows.map((r) => ({ ...r, paper: Number.isNaN(r.paper) ? '' : r.paper, seconds: +r.seconds.toFixed(3) })), COLUMNS));
        }
      }
    }
  }
  return { rows, outputDir };
}

/** Mean over seeds per (table, method, dataset), with the mean seconds. */
export function summariseTables(rows: readonly TablesRow[]): { table: string; method: string; dataset: string; value: number; paper: number; seconds: number; runs: number }[] {
  const groups = new Map<string, TablesRow[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.table, r.method, r.dataset]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].map(([key, g]) => {
    const [table, method, dataset] = JSON.parse(key) as [string, string, string];
    const mean = (f: (r: TablesRow) => number) => g.reduce((s, r) => s + f(r), 0) / g.length;
    return { table, method, dataset, value: mean((r) => r.value), paper: g[0]!.paper, seconds: mean((r) => r.seconds), runs: g.length };
  });
}

/** Both tables as text: ours (the paper's), one line per method. */
export function formatTables(rows: readonly TablesRow[]): string {
  const s = summariseTables(rows);
  const out: string[] = [];
  for (const table of ['modularity', 'kcenter']) {
    const part = s.filter((r) => r.table === table);
    if (part.length === 0) continue;
    const datasets = [...new Set(part.map((r) => r.dataset))];
    out.push(`${table === 'modularity' ? 'Table 1, modularity (higher is better)' : 'Table 2, k-center max distance (lower is better)'}: ours (paper)`);
    out.push(['method'.padEnd(22), ...datasets.map((d) => d.padStart(16))].join(''));
    for (const method of [...new Set(part.map((r) => r.method))]) {
      const cells = datasets.map((d) => {
        const r = part.find((x) => x.method === method && x.dataset === d);
        if (!r) return '–'.padStart(16);
        const v = table === 'modularity' ? r.value.toFixed(3) : String(+r.value.toFixed(1));
        return `${v} (${Number.isNaN(r.paper) ? '–' : r.paper})`.padStart(16);
      });
      out.push([method.padEnd(22), ...cells].join(''));
    }
    const times = datasets.map((d) => `${(part.find((x) => x.method === 'clusternet' && x.dataset === d)?.seconds ?? Number.NaN).toFixed(1)} s`.padStart(16));
    out.push(['ClusterNet seconds'.padEnd(22), ...times].join(''));
    out.push('');
  }
  return out.join('\n');
}
