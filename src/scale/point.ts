/**
 * One point of a scalability study: generate the input, fit the task, form B, and report
 * the time of each phase and the process's peak RSS. Run as a script
 * (`node dist/scale/point.js JSON`), it prints the result as one JSON line, so the study
 * can give every point a process of its own.
 */
import { collectGarbage } from '../util/memory.js';
import { fileURLToPath } from 'node:url';
import { initBackend, type BackendChoice } from '../backend/load-backend.js';
import { generatorSchema } from '../graph/generators/generated.js';
import { loadDataset } from '../pipeline/dataset.js';
import { getTask } from '../tasks/registry.js';

export interface PointSpec {
  task: Record<string, unknown> & { name: string };
  generator: Record<string, unknown>;
  directed?: boolean;
  seed: number;
  backend: BackendChoice;
}

export interface PointResult {
  /** edges or ratings: the size B has */
  items: number;
  /** nodes (graphs) or users + items (ratings) */
  nodes: number;
  build_s: number;
  solve_s: number;
  derive_s: number;
  peak_rss_mb: number;
  products: number;
  converged: boolean;
  precision: string;
}

const secs = (t: number): number => Math.round(performance.now() - t) / 1000;

export async function measurePoint(spec: PointSpec): Promise<PointResult> {
  await initBackend(spec.backend);
  const task = getTask(spec.task.name);
  const { name: _name, ...options } = spec.task;
  const generator = generatorSchema.parse(spec.generator);
  let t = performance.now();
  const bound = await loadDataset(
    { generator, directed: spec.directed, format: 'auto', weighted: false, duplicates: 'max', selfLoops: 'auto', header: 'auto' },
    task,
    { baseDir: process.cwd() },
  );
  collectGarbage(); // the generator's buffers, before the solve allocates
  const build_s = secs(t);
  t = performance.now();
  const fit = await bound.fit({ seed: spec.seed, options: task.parseOptions(options) });
  const solve_s = secs(t);
  t = performance.now();
  collectGarbage();
  const B = bound.derive(fit);
  const derive_s = secs(t);
  bound.dispose(fit);
  if (B.length !== bound.items) throw new Error(`scale point: B has ${B.length} values for ${bound.items} items`);
  return {
    items: bound.items,
    nodes: bound.nodes,
    build_s,
    solve_s,
    derive_s,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    products: fit.solver.iterations,
    converged: fit.solver.converged,
    precision: fit.solver.precision,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  measurePoint(JSON.parse(process.argv[2] ?? '{}') as PointSpec).then(
    (r) => {
      process.stdout.write(JSON.stringify(r) + '\n');
      process.exit(0);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
