/**
 * The detect task kit: B = −λ(x*_i − x*_j)² at coupling edges and candidate pairs, 0 inside
 * blocks; bridge_delta only at the bridges; its verification passes; the metrics measure an
 * edit (a coupling edge removed): F* change and the IoU of the detections; `n2n derive` writes it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectTask } from '../../src/tasks/detect/index.js';
import type { DetectFit } from '../../src/tasks/detect/fit.js';
import { evolvingGrid, writePlanted } from '../../src/tasks/detect/generators.js';
import { tempDir } from '../helpers/files.js';
import { runCli } from '../helpers/cli.js';

describe('detect task', () => {
  it('B across blocks, 0 inside; bridge_delta only at bridges; verify passes; metrics on an edit', async () => {
    const { network } = evolvingGrid({ side: 8, stamps: 3, sizes: [5, 6, 5], seed: 9, mean: 3 });
    const fit = (await detectTask.fitAsync(network, { seed: 1, options: { sparsity: 5, lambda: 0.3 } })) as DetectFit;
    expect(fit.wellPosed.illPosed).toBe(false);
    const B = detectTask.derive(network, fit);
    const E = network.graph.edges;
    let nonzero = 0;
    for (let e = 0; e < E.src.length; e++) {
      const a = E.src[e]!;
      const b = E.dst[e]!;
      if (network.block[a] === network.block[b]) expect(B[e]).toBe(0);
      else {
        expect(B[e]).toBeCloseTo(-0.3 * (fit.x[a]! - fit.x[b]!) ** 2, 15);
        if (B[e] !== 0) nonzero++;
      }
    }
    expect(nonzero).toBeGreaterThan(0);
    const bound = detectTask.bind(network);
    const cols = bound.pairColumns(fit, { src: E.src, dst: E.dst });
    const bridgeEdges = new Set(fit.bridges().map((b) => b.edge));
    cols[0]!.values.forEach((v, e) => (bridgeEdges.has(e) ? expect(v).toBeLessThanOrEqual(0) : expect(v).toBe(0)));
    const report = await bound.verify(fit, { seed: 2, sample: 6 });
    expect(report.pass).toBe(true);
    // remove the coupling edge with the most negative B: the detection changes little, F* rises (the penalty term is gone)
    let worst = 0;
    for (let e = 0; e < B.length; e++) if (B[e]! < B[worst]!) worst = e;
    const edited = bound.apply({ remove: Int32Array.of(worst), add: { src: new Int32Array(0), dst: new Int32Array(0) } }, 1);
    const refit = (await edited.fit({ seed: 1, options: { sparsity: 5, lambda: 0.3 } })) as DetectFit;
    const metrics = detectTask.metrics;
    const change = metrics.find((m) => m.name === 'detect-value-change')!.compute(fit, refit);
    expect(change).toBeCloseTo(refit.objective - fit.objective, 15);
    const iou = metrics.find((m) => m.name === 'detect-overlap')!.compute(fit, refit);
    const a = new Set([...fit.x.keys()].filter((i) => fit.x[i]! > 0));
    const b = new Set([...refit.x.keys()].filter((i) => refit.x[i]! > 0));
    const both = [...a].filter((i) => b.has(i)).length;
    expect(iou).toBeCloseTo(both / new Set([...a, ...b]).size, 15);
  });

  it('n2n derive --task detect writes src dst score bridge_delta', async () => {
    const dir = tempDir();
    const [edges, nodes] = await writePlanted(join(dir, 'g'), evolvingGrid({ side: 6, stamps: 2, sizes: [4, 5], seed: 4 }));
    const out = join(dir, 'B.tsv');
    const r = await runCli(['derive', '--task', 'detect', '--input', edges!, '--nodes', nodes!, '--sparsity', '4', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('src\tdst\tscore\tbridge_delta');
    expect(rows.length - 1).toBe(6 * 5 * 2 * 2 + 36);
  });
});
