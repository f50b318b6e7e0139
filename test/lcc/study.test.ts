/**
 * The intervention study: a row per (dataset, trial, method, budget), each row's largest target
 * LCC recomputed here by definition from the graph and the plan in plans.jsonl, targets drawn
 * by the paper's protocol, a rerun keeping the rows, the figures written, and bad settings
 * refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/util/rng.js';
import { interventionStudySchema, runInterventionStudy } from '../../src/tasks/lcc/study.js';
import { sbmGraph } from '../helpers/graphs.js';
import { tempDir, writeTemp } from '../helpers/files.js';

/** Adjacency sets from 'a b' lines, and LCC by definition over them. */
function adjacency(lines: readonly string[]): Map<string, Set<string>> {
  const adj = new Map<string, Set<string>>();
  const link = (a: string, b: string) => (adj.get(a) ?? adj.set(a, new Set()).get(a)!).add(b);
  for (const l of lines) {
    const [a, b] = l.split(' ') as [string, string];
    link(a, b);
    link(b, a);
  }
  return adj;
}

function lcc(g: Map<string, Set<string>>, v: string): number {
  const nb = [...(g.get(v) ?? [])];
  if (nb.length < 2) return 0;
  let e = 0;
  for (let i = 0; i < nb.length; i++) for (let j = i + 1; j < nb.length; j++) if (g.get(nb[i]!)!.has(nb[j]!)) e++;
  return e / ((nb.length * (nb.length - 1)) / 2);
}

/** The adjacency with the plan's edges added. */
const withPlan = (adj: Map<string, Set<string>>, added: readonly [string, string][]): Map<string, Set<string>> => adjacency([...[...adj].flatMap(([a, bs]) => [...bs].map((b) => `${a} ${b}`)), ...added.map(([a, b]) => `${a} ${b}`)]);

describe('intervention study', () => {
  it('NILD-M rows recomputed from the plans; targets from the top 40% by LCC; resumable; figures', async () => {
    const dir = tempDir();
    const { graph } = sbmGraph(new Rng(3), [15, 15, 15], 0.5, 0.02);
    const lines = Array.from(graph.edges.src, (s, e) => `${graph.labels[s]} ${graph.labels[graph.edges.dst[e]!]}`);
    const file = writeTemp(dir, 'g.txt', lines.join('\n') + '\n');
    const config = interventionStudySchema.parse({ study: 'intervention', name: 's', datasets: [{ name: 'g', path: file }], setting: 'multi', methods: ['oisa', 'bum', 'n2n'], budgets: [2, 5], trials: 2, epsilon: 0.2, output: join(dir, 'out') });
    const logs: string[] = [];
    const res = await runInterventionStudy(config, { log: (m) => logs.push(m) });
    expect(res.rows.length).toBe(2 * 3 * 2);
    const adj = adjacency(lines);
    const ranked = [...adj.keys()].sort((a, b) => lcc(adj, b) - lcc(adj, a));
    const top40 = new Set(ranked.slice(0, Math.floor(0.4 * 45)).map((l) => lcc(adj, l)));
    const plans = readFileSync(join(dir, 'out', 'plans.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { trial: number; method: string; budget: number; targets: string[]; added: [string, string][] });
    expect(plans.length).toBe(res.rows.length);
    for (const [i, plan] of plans.entries()) {
      const row = res.rows[i]!;
      expect(plan.targets.length).toBe(9); // 20% of 45
      // every target's LCC is among the top 40%'s values
      for (const t of plan.targets) expect(top40.has(lcc(adj, t))).toBe(true);
      const after = withPlan(adj, plan.added);
      expect(plan.added.length).toBeLessThanOrEqual(plan.budget);
      expect(row.lcc_after).toBeCloseTo(Math.max(...plan.targets.map((t) => lcc(after, t))), 12);
      expect(row.lcc_before).toBeCloseTo(Math.max(...plan.targets.map((t) => lcc(adj, t))), 12);
      expect(row.violations).toBe(0);
    }
    for (const f of ['lcc-vs-k.svg', 'time-vs-k.svg', 'lcc-changes.svg', 'lcc-vs-k.png']) expect(existsSync(join(dir, 'out', f))).toBe(true);
    // n2n report draws the table and embeds the figures
    const { writeReport } = await import('../../src/report/report.js');
    const rep = await writeReport([join(dir, 'out')], { png: false });
    const html = readFileSync(join(rep.outDir, 'report.html'), 'utf8');
    expect(html).toMatch(/Network intervention out/);
    expect(html).toMatch(/every plan passed the independent constraint check/);
    expect(html).toMatch(/<img src="\.\.\/lcc-vs-k\.svg"/);
    const again = await runInterventionStudy(config, { log: (m) => logs.push(m) });
    expect(again.rows.map(({ seconds: _s, ...r }) => r)).toEqual(res.rows.map(({ seconds: _s, ...r }) => r));
    expect(logs.join('\n')).toMatch(/12 rows already in/);
    expect(() => interventionStudySchema.parse({ ...config, study: 'intervention', setting: 'multi', methods: ['crpd'] })).toThrow(/crpd is for one target/);
    expect(() => interventionStudySchema.parse({ ...config, budgetShares: [0.1] })).toThrow(/budgets \(edge counts\) or budgetShares/);
  });

  it('NILD-S: one target with LCC above 0.8 per trial, CRPD and n2n rows recomputed from their plans', async () => {
    const dir = tempDir();
    const { graph } = sbmGraph(new Rng(8), [12, 12], 0.7, 0.05);
    const lines = Array.from(graph.edges.src, (s, e) => `${graph.labels[s]} ${graph.labels[graph.edges.dst[e]!]}`);
    const file = writeTemp(dir, 'g.txt', lines.join('\n') + '\n');
    const config = interventionStudySchema.parse({ study: 'intervention', name: 's', datasets: [{ name: 'g', path: file }], setting: 'single', methods: ['crpd', 'n2n'], budgets: [1, 3], trials: 3, epsilon: 0.3, output: join(dir, 'out') });
    const res = await runInterventionStudy(config);
    expect(res.rows.length).toBe(3 * 2 * 2);
    const adj = adjacency(lines);
    const plans = readFileSync(join(dir, 'out', 'plans.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { targets: string[]; added: [string, string][] });
    for (const [i, plan] of plans.entries()) {
      expect(plan.targets.length).toBe(1);
      expect(lcc(adj, plan.targets[0]!)).toBeGreaterThan(0.8);
      for (const [a] of plan.added) expect(a).toBe(plan.targets[0]);
      const after = withPlan(adj, plan.added);
      expect(res.rows[i]!.lcc_after).toBeCloseTo(lcc(after, plan.targets[0]!), 12);
    }
  });
});
