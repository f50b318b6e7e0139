/**
 * Subgraph-detection experiments (GBGP; SEEDS-SPEC §1.5) as a study: `study: detection` in a
 * YAML file, run by `n2n run`. Each dataset is generated per trial (the evolving grid, a BA
 * network of networks; seed = study seed·1000 + trial) or read from files with a planted set;
 * every method runs on it and is scored against the planted nodes. One row per (dataset,
 * trial, method) in results.csv and one per block in blocks.csv (both written atomically
 * after each run; a rerun with the same settings keeps them), and the figures: mean F1 per
 * method, F1 per block (time stamp) per method, and seconds per method.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeTextAtomic } from '../../util/atomic-write.js';
import { toCsv } from '../../util/csv.js';
import { datasetPath } from '../../pipeline/dataset.js';
import { readStudyRows, resultsHave, sameSettings, writeFigure } from '../../report/study-files.js';
import { readInterdependent } from '../../graph/interdependent.js';
import { readTargets } from '../lcc/targets.js';
import { baNetworkOfNetworks, evolvingGrid, type Planted } from './generators.js';
import { DETECT_METHODS, detect, type DetectMethod } from './methods.js';
import { scoreDetection, type DetectionScores } from './metrics.js';

/** Every dataset has a name and an objective (its default depends on the kind). */
const common = (objective: 'ems' | 'sum-ems') => ({ name: z.string().min(1), objective: z.enum(['ems', 'sum-ems']).default(objective) });

const dataset = z.discriminatedUnion('kind', [
  z
    .object({
      ...common('ems'),
      kind: z.literal('evolving-grid'),
      side: z.number().int().min(2),
      stamps: z.number().int().min(1).default(9),
      sizes: z.array(z.number().int().min(1)).min(1).optional(),
      overlap: z.number().gt(0).max(1).default(0.8),
      mean: z.number().default(5),
    })
    .strict(),
  z
    .object({
      ...common('sum-ems'),
      kind: z.literal('ba-nn'),
      blocks: z.number().int().min(1),
      blockSize: z.number().int().min(3),
      m: z.number().int().min(1).default(2),
      coupling: z.number().int().min(0),
      plantedBlocks: z.number().int().min(1),
      plantedSize: z.number().int().min(1),
      mean: z.number().default(5),
    })
    .strict(),
  z
    .object({
      ...common('ems'),
      kind: z.literal('files'),
      edges: z.string().min(1),
      nodes: z.string().min(1),
      truth: z.string().min(1),
    })
    .strict(),
]);

export const detectionStudySchema = z
  .object({
    study: z.literal('detection'),
    name: z.string().min(1),
    datasets: z.array(dataset).min(1),
    methods: z.array(z.enum(DETECT_METHODS)).min(1),
    sparsity: z.number().int().min(1),
    lambda: z.number().min(0).default(0.03),
    maxIter: z.number().int().min(1).default(30),
    patience: z.number().int().min(0).default(5),
    trials: z.number().int().min(1).default(5),
    seed: z.number().int().default(1),
    output: z.string().min(1),
  })
  .strict();
export type DetectionStudyConfig = z.infer<typeof detectionStudySchema>;

/** One run: where, the detection's size and value, its scores against the planted nodes, and how it ended. */
export interface DetectionRow extends DetectionScores {
  dataset: string;
  trial: number;
  method: string;
  nodes: number;
  edges: number;
  value: number;
  iterations: number;
  converged: number;
  seconds: number;
}

export interface DetectionBlockRow extends DetectionScores {
  dataset: string;
  trial: number;
  method: string;
  block: string;
}

const COLUMNS: (keyof DetectionRow)[] = ['dataset', 'trial', 'method', 'nodes', 'edges', 'value', 'precision', 'recall', 'f1', 'iou', 'detected', 'planted', 'iterations', 'converged', 'seconds'];
const BLOCK_COLUMNS: (keyof DetectionBlockRow)[] = ['dataset', 'trial', 'method', 'block', 'precision', 'recall', 'f1', 'iou', 'detected', 'planted'];
const TEXT = ['dataset', 'method', 'block'];

export const isDetectionResults = (dir: string): boolean => resultsHave(dir, 'iou', 'planted');
export const readDetectionRows = (path: string): DetectionRow[] => readStudyRows<DetectionRow>(path, COLUMNS, TEXT, 'a detection study results.csv');
export const readDetectionBlockRows = (path: string): DetectionBlockRow[] => readStudyRows<DetectionBlockRow>(path, BLOCK_COLUMNS, TEXT, 'a detection study blocks.csv');

async function makeDataset(ds: z.infer<typeof dataset>, seed: number, baseDir: string, dataDir: string | undefined): Promise<Planted> {
  if (ds.kind === 'evolving-grid') return evolvingGrid({ side: ds.side, stamps: ds.stamps, ...(ds.sizes ? { sizes: ds.sizes } : {}), overlap: ds.overlap, mean: ds.mean, seed });
  if (ds.kind === 'ba-nn') return baNetworkOfNetworks({ blocks: ds.blocks, blockSize: ds.blockSize, m: ds.m, coupling: ds.coupling, plantedBlocks: ds.plantedBlocks, plantedSize: ds.plantedSize, mean: ds.mean, seed });
  const network = await readInterdependent(datasetPath(ds.edges, baseDir, dataDir), datasetPath(ds.nodes, baseDir, dataDir));
  const planted = await readTargets(datasetPath(ds.truth, baseDir, dataDir), network.graph);
  const truth = new Uint8Array(network.graph.n);
  for (const v of planted) truth[v] = 1;
  return { network, truth };
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

export interface DetectionOutcome {
  rows: DetectionRow[];
  blocks: DetectionBlockRow[];
  outputDir: string;
  figures: string[];
}

export async function runDetectionStudy(config: DetectionStudyConfig, options: { log?: (m: string) => void; baseDir?: string; dataDir?: string } = {}): Promise<DetectionOutcome> {
  const log = options.log ?? (() => {});
  const baseDir = options.baseDir ?? process.cwd();
  const outputDir = resolve(baseDir, config.output);
  const resultsPath = join(outputDir, 'results.csv');
  const blocksPath = join(outputDir, 'blocks.csv');
  const settingsPath = join(outputDir, 'settings.json');
  const settings = JSON.stringify({ ...config, name: undefined, output: undefined });
  let rows: DetectionRow[] = [];
  let blockRows: DetectionBlockRow[] = [];
  if (sameSettings(resultsPath, settingsPath, settings)) {
    rows = readDetectionRows(resultsPath);
    blockRows = readDetectionBlockRows(blocksPath);
    if (rows.length) log(`detection: ${rows.length} runs already in ${resultsPath}, kept`);
  }
  await writeTextAtomic(settingsPath, settings);
  const key = (d: string, t: number, m: string): string => `${d}|${t}|${m}`;
  const done = new Set(rows.map((r) => key(r.dataset, r.trial, r.method)));
  for (const ds of config.datasets) {
    const trials = ds.kind === 'files' ? 1 : config.trials;
    for (let trial = 0; trial < trials; trial++) {
      if (config.methods.every((m) => done.has(key(ds.name, trial, m)))) continue;
      const { network, truth } = await makeDataset(ds, config.seed * 1000 + trial, baseDir, options.dataDir);
      for (const method of config.methods) {
        if (done.has(key(ds.name, trial, method))) continue;
        const r = await detect(network, { method: method as DetectMethod, objective: ds.objective, s: config.sparsity, lambda: config.lambda, maxIter: config.maxIter, patience: config.patience });
        const sc = scoreDetection(r.x, truth);
        rows.push({
          dataset: ds.name,
          trial,
          method,
          nodes: network.graph.n,
          edges: network.graph.edges.src.length,
          value: r.value,
          ...sc,
          iterations: r.iterations,
          converged: r.converged ? 1 : 0,
          seconds: r.seconds,
        });
        for (const b of network.blocks) {
          const bs = scoreDetection(r.x, truth, b.nodes);
          blockRows.push({ dataset: ds.name, trial, method, block: b.name, ...bs });
        }
        log(`detection: ${ds.name} trial ${trial} ${method}: F1 ${sc.f1.toFixed(3)}, IoU ${sc.iou.toFixed(3)}, ${sc.detected} detected of ${sc.planted} planted (${r.seconds.toFixed(2)} s${r.converged ? '' : ', not converged'})`);
        await writeTextAtomic(blocksPath, toCsv(blockRows, BLOCK_COLUMNS));
        await writeTextAtomic(resultsPath, toCsv(rows.map((x) => ({ ...x, seconds: +x.seconds.toFixed(4) })), COLUMNS));
      }
    }
  }
  const figures = await writeFigures(outputDir, rows, blockRows, config);
  return { rows, blocks: blockRows, outputDir, figures };
}

/** Mean over trials per (dataset, method). */
export function summariseDetection(rows: readonly DetectionRow[]): { dataset: string; method: string; precision: number; recall: number; f1: number; iou: number; seconds: number; runs: number; unconverged: number }[] {
  const groups = new Map<string, DetectionRow[]>();
  for (const r of rows) {
    const k = JSON.stringify([r.dataset, r.method]);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.entries()].map(([k, g]) => {
    const [dataset, method] = JSON.parse(k) as [string, string];
    return { dataset, method, precision: mean(g.map((r) => r.precision)), recall: mean(g.map((r) => r.recall)), f1: mean(g.map((r) => r.f1)), iou: mean(g.map((r) => r.iou)), seconds: mean(g.map((r) => r.seconds)), runs: g.length, unconverged: g.filter((r) => !r.converged).length };
  });
}

async function writeFigures(dir: string, rows: readonly DetectionRow[], blockRows: readonly DetectionBlockRow[], config: DetectionStudyConfig): Promise<string[]> {
  const summary = summariseDetection(rows);
  const byBlock = new Map<string, number[]>();
  for (const b of blockRows) {
    if (b.planted === 0) continue; // F1 per block only where something was planted
    const k = JSON.stringify([b.dataset, b.method, b.block]);
    const g = byBlock.get(k);
    if (g) g.push(b.f1);
    else byBlock.set(k, [b.f1]);
  }
  const blockSummary = [...byBlock.entries()].map(([k, f]) => {
    const [dataset, method, block] = JSON.parse(k) as [string, string, string];
    return { dataset, method, block: Number.isFinite(Number(block)) ? Number(block) : block, f1: mean(f) };
  });
  const bar = (field: 'f1' | 'seconds', title: string) => ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: summary },
    facet: { column: { field: 'dataset', type: 'nominal', title: null } },
    spec: {
      width: 220,
      height: 200,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'method', type: 'nominal', sort: config.methods, title: null },
        y: { field, type: 'quantitative', title },
        color: { field: 'method', type: 'nominal', sort: config.methods, legend: null },
        tooltip: [{ field: 'method' }, { field, format: '.4g' }, { field: 'runs' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  });
  const specs: [string, unknown][] = [
    ['f1', { ...bar('f1', 'F1 (mean over trials)'), title: 'detection F1 against the planted nodes' }],
    [
      'f1-by-block',
      {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'F1 per block (time stamp) holding planted nodes, mean over trials',
        data: { values: blockSummary },
        facet: { column: { field: 'dataset', type: 'nominal', title: null } },
        spec: {
          width: 260,
          height: 200,
          mark: { type: 'line', point: { filled: true, size: 45 } },
          encoding: {
            x: { field: 'block', type: 'ordinal', title: 'block' },
            y: { field: 'f1', type: 'quantitative', title: 'F1', scale: { domain: [0, 1] } },
            color: { field: 'method', type: 'nominal', sort: config.methods },
            shape: { field: 'method', type: 'nominal', sort: config.methods, legend: null },
          },
        },
        resolve: { scale: { x: 'independent' } },
      },
    ],
    ['time', { ...bar('seconds', 'seconds (mean over trials)'), title: 'time by method' }],
  ];
  const files: string[] = [];
  for (const [name, spec] of specs) {
    if (name === 'f1-by-block' && blockSummary.length === 0) continue;
    files.push(await writeFigure(dir, name, spec as Parameters<typeof writeFigure>[2]));
  }
  return files;
}

/** The study as text: mean precision, recall, F1, IoU and seconds per dataset and method. */
export function formatDetectionStudy(rows: readonly DetectionRow[]): string {
  const s = summariseDetection(rows);
  const out: string[] = [];
  for (const ds of [...new Set(s.map((r) => r.dataset))]) {
    out.push(`${ds}: mean over trials`);
    out.push(['method'.padEnd(10), ...['precision', 'recall', 'F1', 'IoU', 'seconds'].map((h) => h.padStart(10))].join(''));
    for (const r of s.filter((x) => x.dataset === ds)) out.push([r.method.padEnd(10), ...[r.precision, r.recall, r.f1, r.iou].map((v) => v.toFixed(3).padStart(10)), r.seconds.toFixed(2).padStart(10)].join('') + (r.unconverged ? `  (${r.unconverged} of ${r.runs} not converged)` : ''));
    out.push('');
  }
  return out.join('\n');
}
