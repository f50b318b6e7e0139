/**
 * The GCRF Kronecker study (the seed paper's Sections 4–5 protocol, SEEDS-SPEC §2.4–2.5): for
 * each point (a pair of factor graphs: type, sizes, density), `repetitions` times: a training
 * instance and a fresh test instance; every model trains (α, β) on the first and predicts the
 * second with its exact Laplacian. results.csv has one row per (point, repetition, model):
 * test MSE, training seconds, (α, β); summary.csv the trimmed mean over repetitions (the values
 * between the 5th and 95th percentiles, as the paper reports) and the mean seconds. Figures:
 * test MSE by model against the points' x (density, noise, …) and training time against the
 * number of nodes (log-log). A re-run keeps the rows it finds for the same settings.
 *
 *   name: gcrf-er
 *   study: gcrf-kronecker
 *   output: results/gcrf-er
 *   repetitions: 10
 *   points:
 *     - { x: 0.1, G: { kind: er, n: 30, density: 0.1 }, H: { kind: er, n: 50, density: 0.1 } }
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type * as vl from 'vega-lite';
import { Rng } from '../../../util/rng.js';
import { writeTextAtomic } from '../../../util/atomic-write.js';
import { ConfigError, InputError } from '../../../util/errors.js';
import { resultsHave, sameSettings, writeFigure } from '../../../report/study-files.js';
import { parseCsvLine, toCsv } from '../../../util/csv.js';
import { kronInstance, type FactorSpec } from './kron.js';
import { KRON_MODELS, NOT_IN_PAPER, nearestOf, testMse, trainKronModel, type KronModel } from './models.js';

const factorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('er'), n: z.number().int().min(3), density: z.number().gt(0).max(1) }).strict(),
  z.object({ kind: z.literal('ba'), n: z.number().int().min(3), m: z.number().int().min(1) }).strict(),
  z
    .object({
      kind: z.literal('ws'),
      n: z.number().int().min(3),
      k: z.number().int().min(2),
      /** the seed's code called networkx with p = −1: no rewiring, a ring lattice (rewire: 0) */
      rewire: z.number().min(0).max(1),
    })
    .strict(),
]);

const pointSchema = z
  .object({
    /** the value on the figure's x axis (density, noise level, …) */
    x: z.number(),
    label: z.string().optional(),
    G: factorSchema,
    H: factorSchema,
    /** ε's standard deviation (default: the study's noise) */
    noise: z.number().nonnegative().optional(),
    /** near-Kronecker (§5): random entries added, as a fraction of the Kronecker graph's edges */
    added: z.number().positive().optional(),
  })
  .strict();

export const kronStudySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore'),
    study: z.literal('gcrf-kronecker'),
    output: z.string(),
    seed: z.number().int().default(1),
    repetitions: z.number().int().min(1).default(10),
    noise: z.number().nonnegative().default(0.33),
    weightNoise: z.number().nonnegative().default(1 / 3),
    alphaStar: z.number().positive().default(1),
    betaStar: z.number().nonnegative().default(5),
    models: z.array(z.enum(KRON_MODELS)).min(1).default([...KRON_MODELS]),
    quadrature: z.object({ probes: z.number().int().min(1).default(16), steps: z.number().int().min(2).default(40) }).strict().default({ probes: 16, steps: 40 }),
    /** near-Kronecker: each factor of the nearest Kronecker product keeps its entries above this quantile */
    keep: z.number().gt(0).lt(1).default(0.88),
    /** the x axis title of the MSE figure */
    xTitle: z.string().default('density'),
    points: z.array(pointSchema).min(1),
  })
  .strict();

export type KronStudyConfig = z.infer<typeof kronStudySchema>;

export interface KronRow {
  point: string;
  x: number;
  nodes: number;
  edgesG: number;
  edgesH: number;
  rep: number;
  model: string;
  mse: number;
  seconds: number;
  alpha: number;
  beta: number;
  converged: boolean;
  /** near-Kronecker: ‖S̃ − S_G⊗S_H‖_F and ‖S̃ − B⊗C‖_F (Table 2); 0 otherwise */
  normTrue: number;
  normNearest: number;
}

export interface KronSummary {
  point: string;
  x: number;
  nodes: number;
  model: string;
  /** mean of the repetitions between the 5th and 95th percentiles */
  trimmedMse: number;
  std: number;
  runs: number;
  seconds: number;
}

const COLUMNS: (keyof KronRow)[] = ['point', 'x', 'nodes', 'edgesG', 'edgesH', 'rep', 'model', 'mse', 'seconds', 'alpha', 'beta', 'converged', 'normTrue', 'normNearest'];

const describeFactor = (f: FactorSpec): string =>
  f.kind === 'er' ? `ER(${f.n}, ${f.density})` : f.kind === 'ba' ? `BA(${f.n}, m=${f.m})` : `WS(${f.n}, k=${f.k}, p=${f.rewire}${f.rewire === 0 ? ': ring lattice' : ''})`;

export const pointLabel = (p: KronStudyConfig['points'][number]): string => p.label ?? `${describeFactor(p.G)} ⊗ ${describeFactor(p.H)}${p.added ? ` + ${Math.round(p.added * 100)}% entries` : ''}`;

/** Values between the 5th and 95th percentiles (linear interpolation), then their mean. */
export function trimmedMean(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const q = (p: number): number => {
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    return v[lo]! + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)] ?? v[lo]!) - v[lo]!);
  };
  const lo = q(0.05);
  const hi = q(0.95);
  const kept = v.filter((x) => x >= lo - 1e-15 && x <= hi + 1e-15);
  return kept.reduce((s, x) => s + x, 0) / kept.length;
}

/** Whether a results folder holds a gcrf-kronecker study (its results.csv has model and mse columns). */
export const isKronResults = (dir: string): boolean => resultsHave(dir, 'model', 'mse');

export function readKronRows(path: string): KronRow[] {
  if (!existsSync(path)) return [];
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  // (the Table 2 norms came later: a file without them reads them as 0)
  if (COLUMNS.some((c) => !cols.includes(c) && c !== 'normTrue' && c !== 'normNearest')) throw new InputError(path, 1, 'not a gcrf-kronecker results.csv; move it away to start afresh');
  return lines
    .filter((l) => l.trim())
    .map((line, k) => {
      const cells = parseCsvLine(line);
      const r: Record<string, unknown> = {};
      cols.forEach((c, i) => {
        const v = cells[i] ?? '';
        if (c === 'point' || c === 'model') r[c] = v;
        else if (c === 'converged') r[c] = v === 'true';
        else {
          const x = Number(v);
          if (v === '' || Number.isNaN(x)) throw new InputError(path, k + 2, `column ${c}: expected a number, got '${v}'`);
          r[c] = x;
        }
      });
      return { normTrue: 0, normNearest: 0, ...r } as unknown as KronRow;
    });
}


export function summariseKron(rows: readonly KronRow[]): KronSummary[] {
  const keys = [...new Set(rows.map((r) => `${r.point}\u0000${r.model}`))];
  return keys.map((key) => {
    const rs = rows.filter((r) => `${r.point}\u0000${r.model}` === key);
    const m = rs.map((r) => r.mse);
    const mean = m.reduce((s, x) => s + x, 0) / m.length;
    const std = m.length > 1 ? Math.sqrt(m.reduce((s, x) => s + (x - mean) ** 2, 0) / (m.length - 1)) : 0;
    return { point: rs[0]!.point, x: rs[0]!.x, nodes: rs[0]!.nodes, model: rs[0]!.model, trimmedMse: trimmedMean(m), std, runs: m.length, seconds: rs.reduce((s, r) => s + r.seconds, 0) / rs.length };
  });
}

const modelName = (m: string): string => (NOT_IN_PAPER.includes(m as KronModel) ? `${m} (not in the paper)` : m);

export function mseSpec(summary: readonly KronSummary[], xTitle: string): vl.TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 420,
    height: 260,
    title: 'GCRF test MSE by model (trimmed mean over repetitions)',
    data: { values: summary.map((s) => ({ ...s, model: modelName(s.model) })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle },
      y: { field: 'trimmedMse', type: 'quantitative', title: 'test MSE' },
      color: { field: 'model', type: 'nominal', scale: { scheme: 'tableau10' }, legend: { labelLimit: 0 } },
      tooltip: [{ field: 'model' }, { field: 'point' }, { field: 'trimmedMse', format: '.4f' }, { field: 'runs' }],
    },
  } as unknown as vl.TopLevelSpec;
}

export function timeSpec(summary: readonly KronSummary[]): vl.TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 420,
    height: 260,
    title: 'GCRF training time against size (log-log)',
    data: { values: summary.filter((s) => s.seconds > 0).map((s) => ({ ...s, model: modelName(s.model) })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'nodes', type: 'quantitative', scale: { type: 'log' }, title: 'nodes n = n_G·n_H' },
      y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds to train' },
      color: { field: 'model', type: 'nominal', scale: { scheme: 'tableau10' }, legend: { labelLimit: 0 } },
      tooltip: [{ field: 'model' }, { field: 'point' }, { field: 'seconds', format: '.3g' }],
    },
  } as unknown as vl.TopLevelSpec;
}

export interface KronOutcome {
  rows: KronRow[];
  summary: KronSummary[];
  outputDir: string;
  figures: string[];
}

export async function runKronStudy(config: KronStudyConfig, options: { log?: (m: string) => void; baseDir?: string } = {}): Promise<KronOutcome> {
  const log = options.log ?? (() => {});
  const outputDir = resolve(options.baseDir ?? process.cwd(), config.output);
  const resultsPath = join(outputDir, 'results.csv');
  const settings = JSON.stringify({ ...config, name: undefined, output: undefined, points: undefined });
  const settingsPath = join(outputDir, 'settings.json');
  let rows: KronRow[] = [];
  if (sameSettings(resultsPath, settingsPath, settings)) {
    rows = readKronRows(resultsPath);
    if (rows.length) log(`gcrf-kronecker: ${rows.length} rows already in ${resultsPath}, kept`);
  }
  const done = new Set(rows.map((r) => `${r.point}|${r.rep}|${r.model}`));
  await writeTextAtomic(settingsPath, settings);
  for (const [pi, p] of config.points.entries()) {
    const label = pointLabel(p);
    for (let rep = 0; rep < config.repetitions; rep++) {
      // base-svd is the nearest Kronecker product of a near-Kronecker graph: on a Kronecker graph it is base
      const pending = config.models.filter((m) => !done.has(`${label}|${rep}|${m}`) && (m !== 'base-svd' || p.added !== undefined));
      if (pending.length === 0) continue;
      // the instance pair depends on the study seed, the point and the repetition only
      const rng = new Rng(config.seed * 1_000_003 + pi * 10_007 + rep);
      const spec = { G: p.G, H: p.H, noise: p.noise ?? config.noise, weightNoise: config.weightNoise, alphaStar: config.alphaStar, betaStar: config.betaStar, ...(p.added ? { added: p.added } : {}) };
      const train = kronInstance(spec, rng);
      const test = kronInstance(spec, rng);
      for (const model of pending) {
        const fit = trainKronModel(model, train, { ...config.quadrature, seed: config.seed + rep, keep: config.keep });
        const nk = train.E ? nearestOf(train) : null;
        const mse = testMse(fit.training, test);
        rows.push({
          point: label,
          x: p.x,
          nodes: train.G.n * train.H.n,
          edgesG: train.G.edges,
          edgesH: train.H.edges,
          rep,
          model,
          mse,
          seconds: +fit.seconds.toFixed(4),
          alpha: fit.training.alpha[0]!,
          beta: fit.training.beta,
          converged: fit.training.converged,
          normTrue: nk ? nk.normTrue : 0,
          normNearest: nk ? nk.normNearest : 0,
        });
        if (!fit.training.converged) log(`warning: ${label} rep ${rep} ${model}: training stopped by ${fit.training.stoppedBy}`);
      }
      await writeTextAtomic(resultsPath, toCsv(rows, COLUMNS));
      log(`${label} rep ${rep + 1}/${config.repetitions}: ${pending.map((m) => `${m} ${rows.find((r) => r.point === label && r.rep === rep && r.model === m)!.mse.toFixed(4)}`).join(', ')}`);
    }
  }
  const summary = summariseKron(rows);
  await writeTextAtomic(join(outputDir, 'summary.csv'), toCsv(summary, ['point', 'x', 'nodes', 'model', 'trimmedMse', 'std', 'runs', 'seconds']));
  const figures: string[] = [];
  // time against size only when the study has more than one size
  const sized = new Set(summary.map((s) => s.nodes)).size > 1;
  for (const [name, spec] of [['mse', mseSpec(summary, config.xTitle)] as const, ...(sized ? [['time', timeSpec(summary)] as const] : [])]) {
    figures.push(await writeFigure(outputDir, name, spec));
  }
  return { rows, summary, outputDir, figures };
}

export function formatKronStudy(o: KronOutcome): string {
  const models = [...new Set(o.summary.map((s) => s.model))];
  const points = [...new Set(o.summary.map((s) => s.point))];
  const w = Math.max(12, ...points.map((p) => p.length));
  const lines = [`${'point'.padEnd(w)}  ${models.map((m) => m.padStart(15)).join('')}`];
  for (const p of points) {
    lines.push(`${p.padEnd(w)}  ${models.map((m) => (o.summary.find((s) => s.point === p && s.model === m)?.trimmedMse.toFixed(4) ?? '-').padStart(15)).join('')}`);
  }
  lines.push('', 'training seconds (mean over repetitions):');
  for (const p of points) lines.push(`${p.padEnd(w)}  ${models.map((m) => (o.summary.find((s) => s.point === p && s.model === m)?.seconds.toFixed(3) ?? '-').padStart(15)).join('')}`);
  if (models.some((m) => NOT_IN_PAPER.includes(m as KronModel))) lines.push('', `not in the paper: ${NOT_IN_PAPER.join(', ')} (the exact diagonal of VᵀLV in the Kronecker basis)`);
  return lines.join('\n');
}

export function checkKronStudy(c: KronStudyConfig): void {
  const labels = c.points.map(pointLabel);
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup) throw new ConfigError(`points: '${dup}' appears twice; give one of them a label`);
}
