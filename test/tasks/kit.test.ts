/**
 * The task-kit contract: a task is one defineTask(...) object, and commands, pipelines and
 * attacks reach everything through it. A hypothetical task defined here (f = Σ w², the squared
 * Frobenius norm of A, so B = 2w per edge and 2·A(i,j) = 0 at a non-edge) runs through the
 * erased interface the registry hands out; the registered kits' options are the CLI's flags.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTask } from '../../src/tasks/kit.js';
import { graphKind } from '../../src/data/graph-kind.js';
import type { Graph } from '../../src/graph/graph.js';
import type { TaskFit } from '../../src/tasks/task.js';
import { hitsTask } from '../../src/tasks/hits/index.js';
import { spectralTask } from '../../src/tasks/spectral/index.js';
import { allTasks } from '../../src/tasks/registry.js';
import { optionFacts } from '../../src/tasks/options.js';
import { taskFlags, taskOptionValues } from '../../src/cli/common-options.js';
import { generateGraph } from '../../src/graph/generators/generated.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { join } from 'node:path';

interface NormFit extends TaskFit {
  weights: Float64Array;
}

const sumSquares = (w: ArrayLike<number>): number => Array.from(w).reduce((s, x) => s + x * x, 0);

const normTask = defineTask<NormFit, Graph, z.ZodObject<{ scale: z.ZodDefault<z.ZodNumber> }>>({
  name: 'frobenius',
  description: 'f = scale·‖A‖²_F (a test task)',
  data: graphKind,
  directed: 'either',
  options: z.object({ scale: z.number().positive().default(1).describe('multiplies f') }).strict(),
  steps: 'passes',
  fit: (g, o) => {
    const weights = Float64Array.from(g.edges.weight, (w) => w * Math.sqrt(o.scale));
    return {
      objective: sumSquares(weights),
      weights,
      solver: { solver: 'closed form', precision: 'float64', iterations: 1, converged: true, residual: 0 },
      wellPosed: { illPosed: false, detail: 'always defined' },
    };
  },
  derive: (g, fit) => Float64Array.from(fit.weights, (w, e) => (2 * w * w) / g.edges.weight[e]!),
  deriveAt: (_g, _fit, pairs) => new Float64Array(pairs.src.length),
  verify: (g, fit) => ({ input: g.source, checks: [], pass: fit.objective >= 0, notes: [] }),
  metrics: [{ name: 'norm-drop', description: 'f − f̃', title: 'drop of ‖A‖²', compute: (a, b) => a.objective - b.objective }],
});

describe('task kits', () => {
  const g = generateGraph({ kind: 'er', n: 40, p: 0.15, seed: 2 });

  it('a kit defined in one object runs through the erased interface: fit, derive, deriveAt, apply, verify, metrics', async () => {
    const bound = normTask.bind(g);
    expect(bound.items).toBe(g.edges.src.length);
    expect(bound.size).toEqual({ n: 40, m: g.edges.src.length });
    const fit = await bound.fit({ seed: 1, options: { scale: 3 } });
    expect(fit.objective).toBeCloseTo(3 * g.edges.src.length, 10);
    const B = bound.derive(fit);
    // B against the change of f when an edge goes (f is quadratic in w: removing e drops f by exactly B(e)/2·w)
    for (const e of [0, 5, 17]) {
      const after = bound.apply({ remove: [e], add: { src: [], dst: [] } }, 1);
      const drop = fit.objective - (await after.fit({ seed: 1, options: { scale: 3 } })).objective;
      expect(drop).toBeCloseTo(B[e]! / 2, 10);
      expect(normTask.metrics[0]!.compute(fit, await after.fit({ seed: 1, options: { scale: 3 } }))).toBeCloseTo(drop, 10);
    }
    expect(Array.from(bound.deriveAt(fit, { src: Int32Array.of(0, 1), dst: Int32Array.of(2, 3) }))).toEqual([0, 0]);
    expect((await bound.verify(fit, { seed: 1, sample: 1 })).task).toBe('frobenius');
    expect(() => normTask.parseOptions({ scal: 2 })).toThrow(/task 'frobenius' has no option 'scal' \(did you mean 'scale'\?\)/);
    expect(() => normTask.bind({ nUsers: 2, nItems: 2, value: [] })).toThrow(/task 'frobenius' reads a graph/);
  });

  it("a fit handed to another task's derive, verify or metric is refused, not misread", async () => {
    const hitsFit = await hitsTask.bind(g).fit({ seed: 1 });
    const spectral = spectralTask.bind(g);
    expect(() => spectral.derive(hitsFit)).toThrow(/this fit was not made by task 'spectral'/);
    await expect(spectral.verify(hitsFit, { seed: 1, sample: 2 })).rejects.toThrow(/not made by task 'spectral'/);
    expect(() => spectralTask.metrics[0]!.compute(hitsFit, hitsFit)).toThrow(/not made by task 'spectral'/);
  });

  it("every registered task's options are CLI flags, described per task, and read back by key", () => {
    const flags = new Map(taskFlags().map((f) => [f.key, f]));
    for (const t of allTasks()) {
      for (const o of optionFacts(t.optionSchema)) {
        const f = flags.get(o.key);
        expect(f, `${t.name}.${o.key}`).toBeDefined();
        expect(f!.describe).toMatch(new RegExp(`(^|; |, )${t.name}[,:]`));
        // the flag lists the choices, unless another task takes any value under the same key
        const free = allTasks().some((u) => optionFacts(u.optionSchema).some((x) => x.key === o.key && !x.choices));
        if (free) expect(f!.choices, `${o.key}: one task takes any value`).toBeUndefined();
        else for (const c of o.choices ?? []) expect(f!.choices).toContain(c);
      }
    }
    // gcrf's free-form objective and clusternet's enum share --objective: the flag itself leaves the values to each task
    expect(flags.get('objective')!.choices).toBeUndefined();
    expect(flags.get('kmeansRestarts')!.flag).toBe('kmeans-restarts');
    expect(flags.get('clusters')!.alias).toBe('r');
    expect(taskOptionValues({ kmeansRestarts: 2, rank: undefined, input: 'x' })).toEqual({ kmeansRestarts: 2 });
  });

  it('the CLI takes a flag that exists only in a schema, and names the task an extra output belongs to', async () => {
    const dir = tempDir();
    const input = writeTemp(dir, 'g.tsv', Array.from(g.edges.src, (s, e) => `${g.labels[s]}\t${g.labels[g.edges.dst[e]!]}`).join('\n') + '\n');
    const ok = await runCli(['derive', '--task', 'spectral', '-i', input, '--no-directed', '-r', '2', '--kmeans-restarts', '2', '-o', join(dir, 'B.tsv'), '--backend', 'cpu', '--allow-ill-posed', '--allow-unconverged']);
    expect(ok.err).not.toMatch(/Unknown argument/);
    expect(ok.code).toBe(0);
    const bad = await runCli(['derive', '--task', 'hits', '-i', input, '--clusters-out', join(dir, 'C.tsv'), '-o', join(dir, 'B2.tsv'), '--backend', 'cpu']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--clusters-out: task 'hits' does not write it \(spectral, modularity, clusternet do\)/);
  });
});
