/**
 * The clusternet-tables study: rows for every dataset × table × method × seed, the baselines'
 * values recomputed here by separate code (Q from the edge list; the k-center value by BFS
 * from the chosen facilities), the paper's column attached by dataset name, a rerun keeping
 * the rows, and `n2n report` drawing both tables.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/util/rng.js';
import { runTablesStudy, tablesStudySchema, formatTables } from '../../src/tasks/clusternet/tables.js';
import { cnmPartition, modularityFromEdges } from '../../src/tasks/modularity/index.js';
import { gonzalez } from '../../src/tasks/clusternet/kcenter/baselines.js';
import { hopDistances } from '../../src/tasks/clusternet/kcenter/distances.js';
import { writeReport } from '../../src/report/report.js';
import { loadGraph } from '../../src/graph/load-graph.js';
import { nearestFacilityHops, sbmGraph } from '../helpers/graphs.js';
import { tempDir, writeTemp } from '../helpers/files.js';

describe('clusternet-tables study', () => {
  it('writes a row per dataset, table, method and seed; baselines recomputed independently; resumable; drawn by n2n report', async () => {
    const dir = tempDir();
    const edges = (seed: number, extra = '') => {
      const { graph } = sbmGraph(new Rng(seed), [12, 12, 12], 0.4, 0.03);
      return Array.from(graph.edges.src, (s, e) => `${s} ${graph.edges.dst[e]}`).join('\n') + '\n' + extra;
    };
    const cora = writeTemp(dir, 'cora.txt', edges(1, '90 91\n')); // a second component: Table 2 takes the largest
    const other = writeTemp(dir, 'other.txt', edges(2));
    const config = tablesStudySchema.parse({
      study: 'clusternet-tables',
      name: 't',
      datasets: [
        { name: 'cora', path: cora },
        { name: 'other', path: other },
      ],
      clusters: 3,
      iterations: 10,
      seeds: [1],
      backend: 'cpu',
      output: join(dir, 'out'),
    });
    const logs: string[] = [];
    const res = await runTablesStudy(config, { log: (m) => logs.push(m) });
    expect(res.rows.length).toBe(2 * (5 + 3));
    const row = (d: string, table: string, method: string) => res.rows.find((r) => r.dataset === d && r.table === table && r.method === method)!;
    // the paper's column by dataset name; none for a dataset the paper does not have
    expect(row('cora', 'modularity', 'cnm').paper).toBe(0.08);
    expect(row('cora', 'kcenter', 'clusternet').paper).toBe(8);
    expect(Number.isNaN(row('other', 'modularity', 'cnm').paper)).toBe(true);
    // CNM's Q recomputed from the edge list
    const { graph } = await loadGraph(cora, { directed: false });
    expect(row('cora', 'modularity', 'cnm').value).toBeCloseTo(modularityFromEdges(graph, cnmPartition(graph.csr, { maxCommunities: 3 }).partition), 12);
    // Gonzalez's value by BFS from its facilities (on 'other', connected)
    const { graph: g2 } = await loadGraph(other, { directed: false });
    const centers = gonzalez(hopDistances(g2.csr), 3, 1);
    const near = nearestFacilityHops(g2.csr, centers);
    expect(row('other', 'kcenter', 'gonzalez').value).toBe(Math.max(...near));
    expect(row('cora', 'kcenter', 'clusternet').value).toBeGreaterThan(0);
    expect(formatTables(res.rows)).toMatch(/Table 1, modularity[\s\S]*cnm[\s\S]*Table 2, k-center/);
    // a rerun keeps every row
    const again = await runTablesStudy(config, { log: (m) => logs.push(m) });
    const bare = (rows: typeof res.rows) => rows.map(({ seconds: _s, ...r }) => r);
    expect(bare(again.rows)).toEqual(bare(res.rows));
    expect(logs.join('\n')).toMatch(/16 rows already in .*results\.csv, kept/);
    // the report draws both tables beside the paper's
    const rep = await writeReport([join(dir, 'out')], { png: false });
    const html = readFileSync(join(rep.outDir, 'report.html'), 'utf8');
    expect(html).toMatch(/Table 1: community detection/);
    expect(html).toMatch(/Table 2: facility location/);
    expect(html).toContain('<td>0.08</td>');
  });
});
