/**
 * The ClusterNet appendix's Tables 1 and 2 (K = 10) as a study: `study: clusternet-tables` in a
 * YAML file, run by `n2n run`. Both settings of the tables:
 * - optimization: every method sees the full graph;
 * - learning + optimization (a dataset with `observed`, the authors' 40% split): every method
 *   sees only the observed edges and is scored on the full graph. ClusterNet trains on the
 *   observed graph; Train-* runs a baseline on it; GCN-2stage-* runs it on the graph a link
 *   predictor fills in (linkpred.ts).
 * For every dataset, setting and seed it trains ClusterNet for modularity and for k-center and
 * runs the baselines (CNM, Newman's leading eigenvector, spectral modularity and Louvain;
 * Gonzalez and greedy), and writes one row per (dataset, table, setting, method, seed) to
 * results.csv with the paper's value and the seconds it took, atomically after each row. A
 * rerun keeps the rows already there when the settings are the same. `n2n report` draws the
 * tables beside the paper's.
 *
 * Table 2 (k-center) runs on each graph's largest connected component, as the authors'
 * `_connected` files; in the learning setting the observed edges among its nodes, with the full
 * component's diameter for pairs they leave unconnected (as the authors' code).
 */
import { sameSettings } from '../../report/study-files.js';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeTextAtomic } from '../../util/atomic-write.js';
import { InputError } from '../../util/errors.js';
import { parseCsvLine, toCsv } from '../../util/csv.js';
import { loadGraph } from '../../graph/load-graph.js';
import type { Graph } from '../../graph/graph.js';
import { largestComponent } from '../../graph/components.js';
import { inducedSubgraph } from '../../graph/graph.js';
import { readObservedEdges } from '../../graph/observed-edges.js';
import { datasetPath } from '../../pipeline/dataset.js';
import { initBackend } from '../../backend/load-backend.js';
import { modularityTask } from '../modularity/index.js';
import { hardPartition } from '../modularity/partition.js';
import { modularityParts } from '../modularity/modularity.js';
import { hopDistances, maxMinDistance, type HopDistances } from './kcenter/distances.js';
import { gonzalez, greedyKCenter } from './kcenter/baselines.js';
import { clusternetOptionsSchema, clusternetTask } from './index.js';
import { fitClusterNet } from './fit.js';
import { readFeatures, type NodeFeatures } from './features.js';
import { LINK_DEFAULTS, predictedGraph, trainLinkModel } from './linkpred.js';

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
            /** the observed edges of the learning setting (the authors' `*_train_0.40.cites`) */
            observed: z.string().min(1).optional(),
          })
          .strict(),
      )
      .min(1),
    clusters: z.number().int().min(2).default(10),
    iterations: z.number().int().min(1).default(300),
    seeds: z.array(z.number().int()).min(1).default([1]),
    tables: z.array(z.enum(['modularity', 'kcenter'])).min(1).default(['modularity', 'kcenter']),
    /** learning runs for the datasets that name their observed edges */
    settings: z.array(z.enum(['optimization', 'learning'])).min(1).default(['optimization', 'learning']),
    /** the part of the edges the observed files hold: sizes the two-stage baselines' predicted graph (each node's 2·(left out)/n best partners) */
    observedFraction: z.number().gt(0).lt(1).default(0.4),
    /** epochs of the two-stage baselines' link predictor (the authors: 300) */
    linkEpochs: z.number().int().min(1).default(300),
    /** the tensor backend (ClusterNet trains fastest on wasm; webgpu cannot run it) */
    backend: z.enum(['auto', 'cpu', 'wasm', 'tensorflow']).default('wasm'),
    output: z.string().min(1),
  })
  .strict();
export type TablesStudyConfig = z.infer<typeof tablesStudySchema>;

export type Setting = 'optimization' | 'learning';
type Table = 'modularity' | 'kcenter';

/** The appendix's optimization columns, K = 10 (cora, citeseer, protein, adol, fb). */
export const PAPER: Record<Table, Record<string, Record<string, number>>> = {
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

/** The appendix's learning + optimization columns (40% of the edges observed), K = 10. */
export const PAPER_LEARNING: Record<Table, Record<string, Record<string, number>>> = {
  modularity: {
    clusternet: { cora: 0.56, citeseer: 0.53, protein: 0.28, adol: 0.47, fb: 0.28 },
    'train-cnm': { cora: 0.2, citeseer: 0.44, protein: 0.09, adol: 0.01, fb: 0.17 },
    'train-newman': { cora: 0.08, citeseer: 0.15, protein: 0.15, adol: 0.14, fb: 0.07 },
    'train-spectral-modularity': { cora: 0.06, citeseer: 0.04, protein: 0.05, adol: 0.22, fb: 0.21 },
    'gcn-2stage-cnm': { cora: 0.2, citeseer: 0.23, protein: 0.18, adol: 0.32, fb: 0.08 },
    'gcn-2stage-newman': { cora: 0.01, citeseer: 0.0, protein: 0.0, fb: 0.0 },
    'gcn-2stage-spectral-modularity': { cora: 0.13, citeseer: 0.18, protein: 0.1, adol: 0.29, fb: 0.18 },
  },
  kcenter: {
    clusternet: { cora: 9, citeseer: 14, protein: 7, adol: 5, fb: 2 },
    'train-greedy': { cora: 14, citeseer: 16, protein: 8, adol: 8, fb: 6 },
    'train-gonzalez': { cora: 11, citeseer: 15, protein: 8, adol: 7, fb: 6 },
    'gcn-2stage-greedy': { cora: 14, citeseer: 16, protein: 8, adol: 7, fb: 6 },
    'gcn-2stage-gonzalez': { cora: 12, citeseer: 16, protein: 8, adol: 6, fb: 5 },
  },
};

const BASELINES: Record<Table, readonly string[]> = { modularity: ['cnm', 'newman', 'spectral-modularity', 'louvain'], kcenter: ['gonzalez', 'greedy'] };
const TWO_STAGE: Record<Table, readonly string[]> = { modularity: ['cnm', 'newman', 'spectral-modularity'], kcenter: ['gonzalez', 'greedy'] };

/** The methods of a table in a setting, in the paper's order. */
export function tableMethods(table: Table, setting: Setting): string[] {
  if (setting === 'optimization') return ['clusternet', ...BASELINES[table]];
  return ['clusternet', ...BASELINES[table].map((b) => `train-${b}`), ...TWO_STAGE[table].map((b) => `gcn-2stage-${b}`)];
}

export interface TablesRow {
  dataset: string;
  table: Table;
  setting: Setting;
  method: string;
  seed: number;
  /** hard modularity (higher is better) or the k-center value (lower is better) */
  value: number;
  /** the appendix's value, or NaN where it has none */
  paper: number;
  seconds: number;
}

const COLUMNS: (keyof TablesRow)[] = ['dataset', 'table', 'setting', 'method', 'seed', 'value', 'paper', 'seconds'];

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
  if (COLUMNS.some((c) => c !== 'setting' && !cols.includes(c))) throw new InputError(path, 1, 'not a clusternet-tables results.csv; move it away to start afresh');
  return lines
    .filter((l) => l.trim())
    .map((line) => {
      const cells = parseCsvLine(line);
      const get = (c: keyof TablesRow): string => cells[cols.indexOf(c)] ?? '';
      // results written before the learning setting have no setting column: all optimization
      return { dataset: get('dataset'), table: get('table') as TablesRow['table'], setting: (cols.includes('setting') ? get('setting') : 'optimization') as Setting, method: get('method'), seed: Number(get('seed')), value: Number(get('value')), paper: get('paper') === '' ? Number.NaN : Number(get('paper')), seconds: Number(get('seconds')) };
    });
}

/** One dataset's graphs for one table: what the methods see, and the full graph they are scored on. */
interface Case {
  table: Table;
  setting: Setting;
  /** the full graph (Table 2: its largest component) */
  full: Graph;
  /** what the methods see: the full graph, or (learning) the observed edges over its nodes */
  seen: Graph;
  features: NodeFeatures | undefined;
  featuresPath: string | undefined;
  /** Table 2: hop distances of the full graph, and of the seen one (unreachable: the full diameter) */
  fullDist?: HopDistances;
  seenDist?: HopDistances;
  /** the two-stage baselines' predicted graph, made on first use */
  predicted?: Graph;
}

function predicted(c: Case, config: TablesStudyConfig, seed: number, log: (m: string) => void): Graph {
  if (c.predicted) return c.predicted;
  const model = trainLinkModel(c.seen, c.features?.values ?? null, c.features?.count ?? 0, { ...LINK_DEFAULTS, epochs: config.linkEpochs }, seed);
  const m = c.seen.edges.src.length;
  // each node's t best partners, t = 2·(left out)/n: the union holds between the left-out count and twice it
  const perNode = Math.max(1, Math.round((2 * m * (1 - config.observedFraction)) / config.observedFraction / c.seen.n));
  c.predicted = predictedGraph(c.seen, model, perNode);
  log(`clusternet-tables: link predictor trained on ${m} observed edges (${config.linkEpochs} epochs, ${model.seconds.toFixed(1)} s, final loss ${model.loss.toFixed(4)}); ${c.predicted.edges.src.length - m} predicted links added`);
  return c.predicted;
}

/** The value of one method on one case: hard modularity on the full graph, or the k-center value by the full graph's distances. */
async function measure(c: Case, method: string, config: TablesStudyConfig, seed: number, log: (m: string) => void): Promise<number> {
  const k = config.clusters;
  if (method === 'clusternet') {
    const options = clusternetOptionsSchema.parse({ objective: c.table, clusters: k, iterations: config.iterations, ...(c.featuresPath ? { features: c.featuresPath } : {}) });
    const fit = await fitClusterNet(c.seen, options, { seed, log: () => {} }, { ...(c.seenDist ? { distances: c.seenDist } : {}), ...(c.features ? { features: c.features } : {}) });
    clusternetTask.dispose(fit);
    return c.table === 'modularity' ? modularityParts(c.full.csr, hardPartition(fit.labels)).Q : maxMinDistance(c.fullDist!, fit.kcenter!.facilities);
  }
  const twoStage = method.startsWith('gcn-2stage-');
  const base = method.replace(/^(train|gcn-2stage)-/, '');
  const g = twoStage ? predicted(c, config, seed, log) : c.seen;
  // the baselines are the modularity task's partition methods, scored by Newman's Q on the full graph
  if (c.table === 'modularity') return modularityParts(c.full.csr, (await modularityTask.fitAsync(g, { seed, options: { method: base, clusters: k } })).partition).Q;
  const dist = g === c.seen ? c.seenDist! : hopDistances(g.csr, { unreachable: c.fullDist!.diameter });
  return maxMinDistance(c.fullDist!, base === 'gonzalez' ? gonzalez(dist, k, seed) : greedyKCenter(dist, k));
}

/** A dataset's largest component and its hop distances, made once for both settings of Table 2. */
interface KCenterFull {
  lcc: ReturnType<typeof largestComponent>;
  dist: HopDistances;
}

/** The case of one dataset, table and setting (null: a learning setting without observed edges); the seeds share it. */
async function makeCase(graph: Graph, observed: Graph | null, table: Table, setting: Setting, featuresPath: string | undefined, kcenterFull: () => KCenterFull): Promise<Case | null> {
  if (setting === 'learning' && !observed) return null;
  let full = graph;
  let seen = setting === 'learning' ? observed! : graph;
  if (table === 'kcenter') {
    const { lcc } = kcenterFull();
    full = lcc.graph;
    if (setting === 'learning') {
      const keep = new Uint8Array(graph.n);
      for (const i of lcc.nodeMap) keep[i] = 1;
      seen = inducedSubgraph(observed!, keep).graph;
    } else seen = full;
  }
  const features = featuresPath ? await readFeatures(featuresPath, seen) : undefined;
  const c: Case = { table, setting, full, seen, features, featuresPath };
  if (table === 'kcenter') {
    c.fullDist = kcenterFull().dist;
    c.seenDist = seen === full ? c.fullDist : hopDistances(seen.csr, { unreachable: c.fullDist.diameter });
  }
  return c;
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
  if (sameSettings(resultsPath, settingsPath, settings)) {
    rows = readTablesRows(resultsPath);
    if (rows.length) log(`clusternet-tables: ${rows.length} rows already in ${resultsPath}, kept`);
  }
  await writeTextAtomic(settingsPath, settings);
  const key = (r: Pick<TablesRow, 'dataset' | 'table' | 'setting' | 'method' | 'seed'>): string => `${r.dataset}|${r.table}|${r.setting}|${r.method}|${r.seed}`;
  const done = new Set(rows.map(key));
  for (const ds of config.datasets) {
    const path = datasetPath(ds.path, baseDir, options.dataDir);
    const featuresPath = ds.features !== undefined ? datasetPath(ds.features, baseDir, options.dataDir) : undefined;
    const { graph } = await loadGraph(path, { directed: false });
    const observed = ds.observed !== undefined && config.settings.includes('learning') ? await readObservedEdges(datasetPath(ds.observed, baseDir, options.dataDir), graph) : null;
    if (observed) log(`clusternet-tables: ${ds.name}: ${observed.edges.src.length} of ${graph.edges.src.length} edges observed (${((100 * observed.edges.src.length) / graph.edges.src.length).toFixed(1)}%)`);
    let kcenter: KCenterFull | undefined;
    const kcenterFull = (): KCenterFull => {
      if (kcenter) return kcenter;
      const lcc = largestComponent(graph);
      return (kcenter = { lcc, dist: hopDistances(lcc.graph.csr) });
    };
    for (const setting of config.settings) {
      for (const table of config.tables) {
        const pendingBySeed = config.seeds.map((seed) => tableMethods(table, setting).filter((method) => !done.has(key({ dataset: ds.name, table, setting, method, seed }))));
        if (pendingBySeed.every((p) => p.length === 0)) continue;
        const c = await makeCase(graph, observed, table, setting, featuresPath, kcenterFull);
        if (!c) continue;
        for (const [si, seed] of config.seeds.entries()) {
          // the link predictor (two-stage baselines) is trained per seed
          delete c.predicted;
          for (const method of pendingBySeed[si]!) {
            const t = performance.now();
            const value = await measure(c, method, config, seed, log);
            const seconds = (performance.now() - t) / 1000;
            const paper = (setting === 'learning' ? PAPER_LEARNING : PAPER)[table][method]?.[ds.name] ?? Number.NaN;
            rows.push({ dataset: ds.name, table, setting, method, seed, value, paper, seconds });
            log(`clusternet-tables: ${ds.name} ${table} (${setting}) ${method} seed ${seed}: ${table === 'modularity' ? value.toFixed(4) : value} (${seconds.toFixed(1)} s)`);
            await writeTextAtomic(resultsPath, toCsv(rows.map((r) => ({ ...r, paper: Number.isNaN(r.paper) ? '' : r.paper, seconds: +r.seconds.toFixed(3) })), COLUMNS));
          }
        }
      }
    }
  }
  return { rows, outputDir };
}

/** Mean over seeds per (table, setting, method, dataset), with the mean seconds. */
export function summariseTables(rows: readonly TablesRow[]): { table: string; setting: Setting; method: string; dataset: string; value: number; paper: number; seconds: number; runs: number }[] {
  const groups = new Map<string, TablesRow[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.table, r.setting, r.method, r.dataset]);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.entries()].map(([key, g]) => {
    const [table, setting, method, dataset] = JSON.parse(key) as [string, Setting, string, string];
    const mean = (f: (r: TablesRow) => number) => g.reduce((s, r) => s + f(r), 0) / g.length;
    return { table, setting, method, dataset, value: mean((r) => r.value), paper: g[0]!.paper, seconds: mean((r) => r.seconds), runs: g.length };
  });
}

/** The parts of the tables, in the appendix's order: each table's learning columns, then its optimization columns. */
export const TABLE_PARTS: readonly { table: Table; setting: Setting; title: string }[] = [
  { table: 'modularity', setting: 'learning', title: 'Table 1, community detection, modularity (higher is better): learning + optimization (40% of the edges observed, scored on the full graph)' },
  { table: 'modularity', setting: 'optimization', title: 'Table 1, community detection, modularity (higher is better): optimization (the full graph)' },
  { table: 'kcenter', setting: 'learning', title: 'Table 2, facility location, k-center max distance (lower is better): learning + optimization (40% of the edges observed, scored on the full graph)' },
  { table: 'kcenter', setting: 'optimization', title: 'Table 2, facility location, k-center max distance (lower is better): optimization (the full graph)' },
];

/** The tables as text: ours (the paper's), one line per method. */
export function formatTables(rows: readonly TablesRow[]): string {
  const s = summariseTables(rows);
  const out: string[] = [];
  for (const { table, setting, title } of TABLE_PARTS) {
    const part = s.filter((r) => r.table === table && r.setting === setting);
    if (part.length === 0) continue;
    const datasets = [...new Set(part.map((r) => r.dataset))];
    out.push(`${title}: ours (paper)`);
    out.push(['method'.padEnd(32), ...datasets.map((d) => d.padStart(16))].join(''));
    for (const method of [...new Set(part.map((r) => r.method))]) {
      const cells = datasets.map((d) => {
        const r = part.find((x) => x.method === method && x.dataset === d);
        if (!r) return '–'.padStart(16);
        const v = table === 'modularity' ? r.value.toFixed(3) : String(+r.value.toFixed(1));
        return `${v} (${Number.isNaN(r.paper) ? '–' : r.paper})`.padStart(16);
      });
      out.push([method.padEnd(32), ...cells].join(''));
    }
    const times = datasets.map((d) => `${(part.find((x) => x.method === 'clusternet' && x.dataset === d)?.seconds ?? Number.NaN).toFixed(1)} s`.padStart(16));
    out.push(['ClusterNet seconds'.padEnd(32), ...times].join(''));
    out.push('');
  }
  return out.join('\n');
}
