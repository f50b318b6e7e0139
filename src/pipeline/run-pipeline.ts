/**
 * Run a pipeline: dataset → task → (attack × budget × seed) → metrics, for every variant of
 * its sweep (or a shard's share of them).
 *
 * For each (variant, seed) the task is fitted on the clean data once; each attack scores the
 * edges (or ratings), Algorithm 2 removes the top k (greedy attacks re-score after each
 * removal), the task is re-fitted on the perturbed data with the same seed and every metric
 * compares the two fits. Scores that depend on the data alone are computed once per dataset
 * and reused across seeds; one removal order serves every budget (its prefixes).
 *
 * Output folder (a shard writes to <output>/shard-<i>-of-<N>; `n2n merge` combines them):
 * results.csv (one row per run and metric, rewritten atomically after every run), summary.csv
 * (mean and std over seeds), removed/[<variant>/]<attack>-k<budget>-s<seed>.tsv and
 * manifest.json. Re-running resumes: rows already in results.csv for an unchanged variant are
 * not recomputed; a variant whose settings changed starts afresh.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend, type BackendReport } from '../backend/load-backend.js';
import { getTask } from '../tasks/registry.js';
import { configureAttacks, type ConfiguredAttack } from '../attacks/configured.js';
import { selectTopK } from '../attacks/select-top-k.js';
import { greedyAddition, greedyRemoval } from '../attacks/greedy.js';
import { getMetric, defaultMetrics } from '../metrics/registry.js';
import type { Metric } from '../metrics/metric.js';
import { removeStaleTemps, writeTextAtomic } from '../util/atomic-write.js';
import { onInterrupt } from '../util/interrupt.js';
import { acquireOutputLock } from './output-lock.js';
import { candidatePairs, pairSign, scorePairs, type Pairs } from '../attacks/candidates.js';
import { writePairTable } from '../graph/write-edges.js';
import { Rng } from '../util/rng.js';
import { ConfigError, N2nError } from '../util/errors.js';
import { datasetName, loadDataset } from './dataset.js';
import { expandSweep, runUnits, type Shard, type Variant } from './sweep.js';
import { readResults, rowKey, summarise, toCsv, type ResultRow } from './results.js';
import type { PipelineConfig } from './schema.js';
import type { SolverReport, TaskFit } from '../tasks/task.js';
import type { BoundTask, Task } from '../tasks/kit.js';

export { formatTable, summarise, type ResultRow } from './results.js';

export interface Progress {
  /** runs (attack × budget × seed × variant) finished or skipped */
  done: number;
  total: number;
  /** what just finished */
  label: string;
}

export interface RunOptions {
  /** where relative paths start (default: the current directory) */
  baseDir?: string;
  /** the folder `${N2N_DATA}` in dataset paths stands for (default: the N2N_DATA variable) */
  dataDir?: string;
  shard?: Shard;
  /** progress lines and warnings */
  log?: (message: string) => void;
  /** called after every run (and once for the runs skipped on resume) */
  progress?: (p: Progress) => void;
  /** write into a folder that holds another pipeline's results (replacing them) */
  force?: boolean;
}

export interface PipelineOutcome {
  rows: ResultRow[];
  outputDir: string;
  skipped: number;
  /** runs done now */
  ran: number;
  backend: BackendReport;
  /** runs not made because the attack's scores do not exist on this data (an undefined B) */
  skippedRuns: SkippedRun[];
  /** runs whose refit or metric failed; the others went on */
  failedRuns: SkippedRun[];
}

interface Prepared {
  variant: Variant;
  task: Task;
  taskOptions: Record<string, unknown>;
  attacks: ConfiguredAttack[];
  metrics: Metric[];
  dataset: string;
}

function prepare(variant: Variant): Prepared {
  const c = variant.config;
  const where = variant.name ? `variant ${variant.name}: ` : '';
  try {
    const task = getTask(c.task.name);
    const { name: _n, ...raw } = c.task;
    const taskOptions = task.parseOptions(raw);
    const attacks = configureAttacks(c.attacks);
    for (const a of attacks) {
      if (a.direction === 'add' && !task.data.nodePairs) throw new ConfigError(`attack ${a.label}: the add direction inserts edges into a graph; task '${task.name}' reads ${task.data.noun}`);
      if (a.direction === 'add' && a.scorer.name === 'n2n' && !task.pairs) throw new ConfigError(`attack ${a.label}: task '${task.name}' has no closed form at non-edges`);
    }
    const metricNames = c.metrics ?? defaultMetrics(task.name, taskOptions as Record<string, unknown>);
    if (metricNames.length === 0) throw new ConfigError(`no metric is defined for task '${task.name}'`);
    const metrics = metricNames.map(getMetric);
    for (const m of metrics) {
      if (m.task !== task.name && m.task !== '*') throw new ConfigError(`metric '${m.name}' measures task '${m.task}', not '${task.name}'`);
      const why = m.appliesTo?.(taskOptions as Record<string, unknown>) ?? null;
      if (why !== null) throw new ConfigError(`metric '${m.name}': ${why}`);
    }
    return { variant, task, taskOptions, attacks, metrics, dataset: datasetName(c.dataset) };
  } catch (e) {
    if (e instanceof ConfigError && where) throw new ConfigError(where + e.message);
    throw e;
  }
}

interface Manifest {
  variants?: { name: string; hash: string }[];
  pipeline?: string;
}

/**
 * Run a pipeline into its output folder, holding the folder's lock throughout. A run that fails
 * marks its manifest `failed` (with the reason), one stopped by a signal `interrupted`; a run
 * that fails before it wrote anything leaves no folder behind.
 */
export async function runPipeline(config: PipelineConfig, options: RunOptions = {}): Promise<PipelineOutcome> {
  const log = options.log ?? (() => {});
  const shard = options.shard;
  const outputDir = resolve(options.baseDir ?? process.cwd(), config.output, shard ? `shard-${shard.index}-of-${shard.count}` : '');
  const createdDir = !existsSync(outputDir);
  const release = acquireOutputLock(outputDir, config.name, log);
  const state: RunState = { manifest: null, wrote: false };
  const forget = onInterrupt(() => {
    release();
    if (createdDir && !state.wrote) rmSync(outputDir, { recursive: true, force: true });
    else if (state.manifest) writeFileSync(join(outputDir, 'manifest.json'), state.manifest('interrupted', 'stopped by a signal'));
  });
  try {
    return await runLocked(config, options, outputDir, state);
  } catch (e) {
    if (createdDir && !state.wrote) {
      // failed before it produced anything: leave no folder behind
      release();
      rmSync(outputDir, { recursive: true, force: true });
    } else if (state.manifest) {
      const reason = e instanceof Error ? e.message : String(e);
      await writeTextAtomic(join(outputDir, 'manifest.json'), state.manifest('failed', reason)).catch(() => undefined);
    }
    throw e;
  } finally {
    forget();
    release();
  }
}

/** A (variant, attack, budget, seed) run that produced no rows, and why. */
export interface SkippedRun {
  variant: string;
  attack: string;
  budget: number;
  seed: number;
  why: string;
}

interface RunState {
  /** the manifest's text for a status (set once the run has its facts) */
  manifest: ((status: string, reason?: string) => string) | null;
  /** result rows were written by this run */
  wrote: boolean;
}

async function runLocked(config: PipelineConfig, options: RunOptions, outputDir: string, state: RunState): Promise<PipelineOutcome> {
  const log = options.log ?? (() => {});
  const baseDir = options.baseDir ?? process.cwd();
  const variants = expandSweep(config);
  const prepared = new Map(variants.map((v) => [v, prepare(v)]));
  const units = runUnits(variants, options.shard);
  const shard = options.shard;
  const resultsPath = join(outputDir, 'results.csv');
  const perturbationDirs = ['removed', 'added'].flatMap((d) => [join(outputDir, d), ...variants.map((v) => join(outputDir, d, v.name))]);
  for (const dir of [outputDir, ...perturbationDirs]) {
    const n = removeStaleTemps(dir);
    if (n) log(`${dir}: removed ${n} temporary file${n === 1 ? '' : 's'} that an interrupted run left`);
  }
  const manifestPath = join(outputDir, 'manifest.json');

  // resume: keep the rows of variants whose settings are unchanged
  let rows: ResultRow[] = [];
  if (existsSync(manifestPath)) {
    let old: Manifest = {};
    try {
      old = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    } catch {
      log(`${manifestPath} is unreadable: starting afresh`);
    }
    if (old.pipeline !== undefined && old.pipeline !== config.name && !options.force) {
      throw new ConfigError(
        `${outputDir} holds the results of pipeline '${old.pipeline}' (manifest.json), not of '${config.name}': give this pipeline another output, or pass --force to replace them`,
      );
    }
    const oldHash = new Map((old.variants ?? []).map((v) => [v.name, v.hash]));
    const same = new Set(variants.filter((v) => oldHash.get(v.name) === v.hash).map((v) => v.name));
    const previous = readResults(resultsPath);
    rows = previous.filter((r) => same.has(r.variant));
    if (rows.length < previous.length) log(`${previous.length - rows.length} rows in ${resultsPath} belong to settings that changed: recomputing those`);
  }
  const done = new Set(rows.map(rowKey));

  const backend = await initBackend(config.backend);
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const solvers: Record<string, SolverReport> = {};
  const skippedRuns: SkippedRun[] = [];
  const failedRuns: SkippedRun[] = [];
  const datasets: Record<string, string> = {};
  const manifestText = (status: string, reason?: string): string =>
      JSON.stringify(
        {
          status,
          ...(reason ? { reason } : {}),
          pipeline: config.name,
          shard: shard ? `${shard.index}/${shard.count}` : null,
          units: units.map((u) => ({ variant: u.variant.name, seed: u.seed })),
          variants: variants.map((v) => ({ name: v.name, hash: v.hash, values: v.values })),
          datasets,
          config,
          backend: { name: backend.backend, package: backend.package, gpu: backend.gpu, versions: backend.versions },
          node: process.version,
          timings,
          solvers,
          // runs not made, and why: attacks whose scores do not exist on this data, refits that failed
          skippedRuns,
          failedRuns,
          written: new Date().toISOString(),
        },
        null,
        2,
      ) + '\n';
  const writeManifest = (status: string): Promise<void> => writeTextAtomic(manifestPath, manifestText(status));
  const failRun = (run: SkippedRun, tag: string): void => {
    failedRuns.push(run);
    finished++;
    log(`warning: ${tag}${run.attack} k=${run.budget} seed=${run.seed}: failed, recorded in manifest.json (failedRuns): ${run.why}`);
  };
  state.manifest = manifestText;
  await writeManifest('running');

  const total = units.reduce((s, u) => s + prepared.get(u.variant)!.attacks.length * u.variant.config.budgets.length, 0);
  let finished = 0;
  let skipped = 0;
  let ran = 0;
  const pendingMetrics = (p: Prepared, attack: string, budget: number, seed: number): boolean =>
    p.metrics.some((m) => !done.has(rowKey({ variant: p.variant.name, attack, budget, seed, metric: m.name })));

  let loadedKey = '';
  let target: BoundTask | null = null;
  /** an attack's removal order (best first, up to the largest budget), its scores by edge id for the removed files, and its cost */
  const rankings = new Map<string, { order: Int32Array; column: Float64Array; seconds: number; solver?: SolverReport; pairs?: Pairs }>();
  /** candidate non-edges by (seed, candidates spec): every add attack of a seed scores the same ones */
  const candidates = new Map<string, Promise<Pairs>>();

  for (const unit of units) {
    const p = prepared.get(unit.variant)!;
    const { seed } = unit;
    const c = unit.variant.config;
    const vname = unit.variant.name;
    const tag = vname ? `${vname} ` : '';
    const work = p.attacks.map((a) => ({ attack: a, budgets: c.budgets.filter((b) => pendingMetrics(p, a.label, b, seed)) }));
    const skippedHere = p.attacks.length * c.budgets.length - work.reduce((s, w) => s + w.budgets.length, 0);
    if (skippedHere > 0) {
      skipped += skippedHere;
      finished += skippedHere;
      options.progress?.({ done: finished, total, label: `${tag}seed ${seed}: ${skippedHere} runs already in results.csv` });
    }
    if (work.every((w) => w.budgets.length === 0)) continue;

    const key = JSON.stringify([c.dataset, p.task.name]);
    if (key !== loadedKey || !target) {
      const tl = performance.now();
      target = await loadDataset(c.dataset, p.task, { baseDir, dataDir: options.dataDir });
      timings[`load_s ${p.dataset}`] = (performance.now() - tl) / 1000;
      loadedKey = key;
      rankings.clear();
      candidates.clear();
      datasets[p.dataset] = target.description;
      log(`dataset ${p.dataset}: ${target.description}`);
      const maxBudget = Math.max(...c.budgets);
      if (maxBudget > target.items) log(`warning: budget ${maxBudget} exceeds the ${target.items} edges; all of them would be removed`);
    }
    const data = target;
    const tf0 = performance.now();
    const clean: TaskFit = await data.fit({ seed, options: p.taskOptions, log });
    timings[`fit_s ${tag}seed ${seed}`] = (performance.now() - tf0) / 1000;
    solvers[`${tag}seed ${seed} task`] = clean.solver;
    try {
      const undefinedB = clean.wellPosed.illPosed || clean.wellPosed.unresolved === true;
      if (undefinedB) log(`warning: ${tag}seed ${seed}: ${clean.wellPosed.detail}`);
      for (const { attack, budgets } of work) {
        if (budgets.length === 0) continue;
        if (undefinedB && attack.scorer.dependsOn === 'fit') {
          // its scores are the derivative network, which does not exist (or was not resolved) here
          const why = `${clean.wellPosed.illPosed ? 'B is not defined' : 'the solver did not resolve whether B is defined'}: ${clean.wellPosed.detail}`;
          for (const budget of budgets) skippedRuns.push({ variant: vname, attack: attack.label, budget, seed, why });
          log(`warning: ${tag}${attack.label} seed=${seed}: skipped (${budgets.length} runs), ${why}`);
          finished += budgets.length;
          continue;
        }
        const kMax = Math.max(...budgets);
        // an order that reads only the data is the same for every seed: computed once per dataset
        const cacheKey = attack.direction === 'remove' && attack.scorer.dependsOn === 'graph' ? attack.label : null;
        let ranking = cacheKey ? rankings.get(cacheKey) : undefined;
        if (!ranking || ranking.order.length < Math.min(kMax, data.items)) {
          const ts = performance.now();
          if (attack.direction === 'add') {
            // candidate non-edges, scored; the best k are inserted (one-shot)
            const graph = data.graph;
            if (!graph) throw new ConfigError(`attack ${attack.label}: the add direction needs a graph task`);
            const spec = attack.candidates ?? {};
            const ckey = `${seed}|${JSON.stringify(spec)}`;
            if (!candidates.has(ckey)) candidates.set(ckey, candidatePairs(graph, spec, seed));
            const pairs = await candidates.get(ckey)!;
            if (attack.greedy) {
              const g = await greedyAddition(attack, data, clean, warmRefit(clean, seed, p.taskOptions), pairs, seed, kMax, (step) => {
                if (step % 10 === 0 && step < kMax) log(`${tag}${attack.label} seed=${seed}: greedy step ${step}/${kMax}`);
              });
              ranking = { order: g.removed, column: indexBy(g.removed, g.scores, pairs.src.length), seconds: 0, solver: g.solvers[g.solvers.length - 1], pairs };
            } else {
              const scores = scorePairs(attack.scorer.name, data, graph, clean, pairs, seed, pairSign(attack));
              ranking = { order: selectTopK(scores, kMax), column: scores, seconds: 0, solver: clean.solver, pairs };
            }
            log(`${tag}${attack.label} seed=${seed}: ${pairs.src.length} candidate pairs scored${attack.greedy ? `, ${ranking.order.length} added greedily` : ''}`);
          } else if (attack.greedy) {
            const g = await greedyRemoval(attack, data, clean, warmRefit(clean, seed, p.taskOptions), seed, kMax, (step) => {
              if (step % 10 === 0 && step < kMax) log(`${tag}${attack.label} seed=${seed}: greedy step ${step}/${kMax}`);
            });
            ranking = { order: g.removed, column: indexBy(g.removed, g.scores, data.items), seconds: 0, solver: g.solvers[g.solvers.length - 1] };
          } else {
            const sc = attack.scorer.score({ target: data, view: data.view(), fit: clean, rng: new Rng(seed), seed }, attack.options);
            ranking = { order: selectTopK(sc.scores, kMax), column: sc.scores, seconds: 0, solver: sc.solver };
          }
          ranking.seconds = (performance.now() - ts) / 1000;
          if (cacheKey) rankings.set(cacheKey, ranking);
          // (a solver that ran the sweeps it was told to, like the paper's 10 ALS sweeps, did what
          // was asked: the manifest keeps its stationarity, the log is not the place for it)
          if (ranking.solver && !ranking.solver.converged && ranking.solver.stoppedBy !== 'sweeps') {
            log(`warning: ${tag}${attack.label}: its solver did not converge (${ranking.solver.solver}, residual ${ranking.solver.residual.toExponential(2)})`);
          }
        }
        const { order, column, seconds: scoreSeconds, solver } = ranking;
        if (solver) solvers[`${tag}seed ${seed} ${attack.label}`] = solver;
        for (const budget of budgets) {
          const tb = performance.now();
          const removed = order.subarray(0, Math.min(budget, order.length));
          const pairs = ranking.pairs;
          const addPairs = pairs ? { src: Int32Array.from(removed, (t) => pairs.src[t]!), dst: Int32Array.from(removed, (t) => pairs.dst[t]!) } : null;
          const change = addPairs ? `adding ${removed.length} edges` : `removing ${removed.length} edges`;
          // one explicit, checked edit for both directions
          const perturbed = data.apply(addPairs ? { remove: [], add: addPairs } : { remove: removed, add: { src: [], dst: [] } }, budget);
          let after: TaskFit;
          let values: number[];
          try {
            // started from the clean fit: the same answer to the stated accuracy, far fewer products
            after = await perturbed.fit({ seed, options: p.taskOptions, warmStart: clean });
          } catch (e) {
            // one refit that cannot be made (too small a graph left, say) is that run's failure, not the sweep's
            if (!(e instanceof N2nError)) throw e;
            failRun({ variant: vname, attack: attack.label, budget, seed, why: `the refit after ${change} failed: ${e.message}` }, tag);
            continue;
          }
          try {
            values = p.metrics.map((m) => m.compute(clean, after));
            const bad = p.metrics.findIndex((_, j) => !Number.isFinite(values[j]!));
            if (bad >= 0) {
              failRun({ variant: vname, attack: attack.label, budget, seed, why: `${p.metrics[bad]!.name} is ${values[bad]} (not a number to report: nothing left to compare after ${change}?)` }, tag);
              continue;
            }
            const seconds = Math.round((scoreSeconds + (performance.now() - tb) / 1000) * 1000) / 1000;
            if (pairs && data.graph) {
              // the inserted candidates, best first: their labels and scores
              const labels = data.graph.labels;
              const end = (index: Int32Array) => ({ labels, index });
              const file = join(outputDir, 'added', ...(vname ? [vname] : []), `${attack.label}-k${budget}-s${seed}.tsv`);
              await writePairTable(file, ['src', 'dst'], end(pairs.src), end(pairs.dst), [{ name: 'score', values: column }], removed);
            } else {
              const file = join(outputDir, 'removed', ...(vname ? [vname] : []), `${attack.label}-k${budget}-s${seed}.tsv`);
              await data.writeTable(file, [{ name: 'score', values: column }], removed);
            }
            p.metrics.forEach((m, j) => {
              const row: ResultRow = { dataset: p.dataset, task: p.task.name, attack: attack.label, budget, seed, metric: m.name, value: values[j]!, seconds, variant: vname };
              if (done.has(rowKey(row))) return;
              rows.push(row);
              done.add(rowKey(row));
            });
            await writeTextAtomic(resultsPath, toCsv(rows));
            state.wrote = true;
            ran++;
            finished++;
            const label = `${tag}${attack.label} k=${budget} seed=${seed}: ${p.metrics.map((m, j) => `${m.name} ${values[j]!.toPrecision(4)}`).join(', ')} (${seconds.toFixed(2)} s)`;
            options.progress?.({ done: finished, total, label });
          } finally {
            perturbed.dispose(after);
          }
        }
      }
    } finally {
      data.dispose(clean);
    }
    await writeTextAtomic(join(outputDir, 'summary.csv'), summarise(rows));
    await writeManifest('running');
  }
  await writeTextAtomic(resultsPath, toCsv(rows));
  await writeTextAtomic(join(outputDir, 'summary.csv'), summarise(rows));
  timings.total_s = (performance.now() - t0) / 1000;
  await writeManifest('complete');
  return { rows, outputDir, skipped, ran, backend, skippedRuns, failedRuns };
}

/** Greedy scores, given in removal order, spread onto an edge-indexed array (what writeTable reads by edge id). */
function indexBy(ids: ArrayLike<number>, values: ArrayLike<number>, items: number): Float64Array {
  const out = new Float64Array(items);
  for (let k = 0; k < ids.length; k++) out[ids[k]!] = values[k]!;
  return out;
}

/**
 * A greedy attack's refit: each step starts from the fit before it (the clean fit first), the
 * graph having changed by one edge since.
 */
function warmRefit(clean: TaskFit, seed: number, options: Record<string, unknown> | undefined): (t: BoundTask) => Promise<TaskFit> {
  let last = clean;
  return async (t) => (last = await t.fit({ seed, options, warmStart: last }));
}
