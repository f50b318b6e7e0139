/**
 * The `exact` attack: it removes the edge whose removal lowers f the most, by the task's exact
 * change (lcc's exact_delta), and the pipeline row after one removal equals the best drop
 * found by recounting the target's LCC with each edge removed (brute force here); a task
 * without an exact change is refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pipelineSchema } from '../../src/pipeline/schema.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { Rng } from '../../src/util/rng.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { undirected } from '../helpers/graphs.js';
import { getAttack } from '../../src/attacks/registry.js';
import type { AttackContext } from '../../src/attacks/attack.js';

function lccOf(edges: [number, number][], t: number): number {
  const nb = new Set<number>();
  for (const [a, b] of edges) if (a === t) nb.add(b);
  else if (b === t) nb.add(a);
  const d = nb.size;
  if (d < 2) return 0;
  let e = 0;
  for (const [a, b] of edges) if (nb.has(a) && nb.has(b)) e++;
  return (2 * e) / (d * (d - 1));
}

describe('exact attack', () => {
  it('one removal drops the target’s LCC by the best exact change (brute force over every edge)', async () => {
    const rng = new Rng(6);
    const edges: [number, number][] = [];
    for (let i = 0; i < 25; i++) for (let j = i + 1; j < 25; j++) if (rng.uniform() < 0.25) edges.push([i, j]);
    const target = [...Array(25).keys()].find((v) => lccOf(edges, v) > 0.2 && edges.filter(([a, b]) => a === v || b === v).length >= 4)!;
    const dir = tempDir();
    const file = writeTemp(dir, 'g.txt', edges.map(([a, b]) => `${a}\t${b}`).join('\n') + '\n');
    const before = lccOf(edges, target);
    const best = Math.min(...edges.map((_, k) => lccOf(edges.filter((__, j) => j !== k), target))) - before;
    const res = await runPipeline(
      pipelineSchema.parse(
        parse(`
name: exact-t
dataset: { path: ${file}, directed: false }
task: { name: lcc, target: '${target}' }
attacks: [exact, n2n, random]
budgets: [1]
seeds: [1]
metrics: [lcc-increase]
output: ${join(dir, 'out')}
`),
      ),
      { baseDir: dir },
    );
    const row = res.rows.find((r) => r.attack === 'exact')!;
    expect(row.value).toBeCloseTo(best, 12);
    for (const r of res.rows) expect(r.value).toBeGreaterThanOrEqual(best - 1e-12);
  });

  it('is refused for a task without an exact change per edge, with the reason', () => {
    const graph = undirected(3, [0, 1], [1, 2]);
    const target = { graph, task: { name: 'hits', data: { noun: 'a graph' } }, pairColumns: () => [] } as unknown as AttackContext['target'];
    const fit = { objective: 0, solver: { solver: 'x', precision: 'float64', iterations: 0, converged: true, residual: 0 }, wellPosed: { illPosed: false, detail: '' } } as AttackContext['fit'];
    expect(() => getAttack('exact').score({ target, fit, view: null as never, rng: new Rng(1), seed: 1 }, {})).toThrow(/task 'hits' has no exact change of f per edge/);
  });
});
