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
import { nearestFacilityHops, sbmGraph, undirected } from '../helpers/graphs.js';
import { inducedSubgraph } from '../../src/graph/graph.js';
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
    // cora's observed edges (learning setting): every fourth edge, labels written as the authors' splits write them
    const coraLines = readFileSync(cora, 'utf8').trim().split('\n');
    const observed = writeTemp(dir, 'cora_train.txt', coraLines.filter((_, e) => e % 4 === 0).map((l) => l.split(' ').map((x) => Number(x).toExponential(18)).join(' ')).join('\n') + '\n');
    const config = tablesStudySchema.parse({
      study: 'clusternet-tables',
      name: 't',
      datasets: [
        { name: 'cora', path: cora, observed },
        { name: 'other', path: other },
      ],
      clusters: 3,
      iterations: 10,
      linkEpochs: 20,
      seeds: [1],
      backend: 'cpu',
      output: join(dir, 'out'),
    });
    const logs: string[] = [];
    const res = await runTablesStudy(config, { log: (m) => logs.push(m) });
    // optimization: both datasets, 5 + 3 methods; learning: cora only, 8 + 5 methods
    expect(res.rows.length).toBe(2 * (5 + 3) + 8 + 5);
    const row = (d: string, table: string, method: string, setting = 'optimization') => res.rows.find((r) => r.dataset === d && r.table === table && r.method === method && r.setting === setting)!;
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
    // learning: the baselines see the observed edges and are scored on the full graph
    const obsGraph = undirected(graph.n, coraLines.filter((_, e) => e % 4 === 0).map((l) => graph.labels.indexOf(l.split(' ')[0]!)), coraLines.filter((_, e) => e % 4 === 0).map((l) => graph.labels.indexOf(l.split(' ')[1]!)));
    expect(row('cora', 'modularity', 'train-cnm', 'learning').value).toBeCloseTo(modularityFromEdges(graph, cnmPartition(obsGraph.csr, { maxCommunities: 3 }).partition), 12);
    expect(row('cora', 'modularity', 'train-cnm', 'learning').paper).toBe(0.2);
    expect(row('cora', 'kcenter', 'clusternet', 'learning').paper).toBe(9);
    // Table 2 learning: Gonzalez on the observed edges of the largest component (unreachable: the full diameter), scored by BFS on the full component
    const keep = Uint8Array.from({ length: graph.n }, (_, i) => (Number(graph.labels[i]) < 90 ? 1 : 0));
    const fullLcc = inducedSubgraph(graph, keep).graph;
    const obsLcc = inducedSubgraph(obsGraph, keep).graph;
    const fullDiameter = Math.max(...Array.from({ length: fullLcc.n }, (_, i) => Math.max(...nearestFacilityHops(fullLcc.csr, [i]))));
    expect(hopDistances(obsLcc.csr).disconnected).toBe(true); // so the full diameter matters
    const trainCenters = gonzalez(hopDistances(obsLcc.csr, { unreachable: fullDiameter }), 3, 1);
    expect(row('cora', 'kcenter', 'train-gonzalez', 'learning').value).toBe(Math.max(...nearestFacilityHops(fullLcc.csr, trainCenters)));
    // Newman's Q of any hard partition lies in [−1/2, 1)
    for (const m of ['clusternet', 'gcn-2stage-cnm', 'gcn-2stage-newman', 'gcn-2stage-spectral-modularity']) {
      expect(row('cora', 'modularity', m, 'learning').value).toBeGreaterThanOrEqual(-0.5);
      expect(row('cora', 'modularity', m, 'learning').value).toBeLessThan(1);
    }
    // every learned k-center answer lies between the optimum (enumeration over the full component's distances) and its diameter
    const hops = Array.from({ length: fullLcc.n }, (_, i) => nearestFacilityHops(fullLcc.csr, [i]));
    let optimum = Infinity;
    for (let a = 0; a < fullLcc.n; a++) for (let b = a + 1; b < fullLcc.n; b++) for (let c = b + 1; c < fullLcc.n; c++) optimum = Math.min(optimum, Math.max(...hops[a]!.map((d, j) => Math.min(d, hops[b]![j]!, hops[c]![j]!))));
    for (const m of ['clusternet', 'train-greedy', 'gcn-2stage-gonzalez', 'gcn-2stage-greedy']) {
      expect(row('cora', 'kcenter', m, 'learning').value).toBeGreaterThanOrEqual(optimum);
      expect(row('cora', 'kcenter', m, 'learning').value).toBeLessThanOrEqual(fullDiameter);
    }
    expect(formatTables(res.rows)).toMatch(/Table 1, community detection[\s\S]*learning[\s\S]*train-cnm[\s\S]*optimization[\s\S]*cnm[\s\S]*Table 2, facility location/);
    // a rerun keeps every row
    const again = await runTablesStudy(config, { log: (m) => logs.push(m) });
    const bare = (rows: typeof res.rows) => rows.map(({ seconds: _s, ...r }) => r);
    expect(bare(again.rows)).toEqual(bare(res.rows));
    expect(logs.join('\n')).toMatch(/29 rows already in .*results\.csv, kept/);
    // the report draws both tables beside the paper's
    const rep = await writeReport([join(dir, 'out')], { png: false });
    const html = readFileSync(join(rep.outDir, 'report.html'), 'utf8');
    expect(html).toMatch(/Table 1, community detection, modularity \(higher is better\): learning \+ optimization/);
    expect(html).toMatch(/Table 2, facility location, k-center max distance \(lower is better\): optimization/);
    expect(html).toContain('<td>0.08</td>');
  });
});
