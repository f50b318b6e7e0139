/**
 * verify --task spectral must catch a wrong closed form with its dense checks, which do not
 * share the closed form's code: the edge formula is replaced here by broken variants.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { sbmGraph } from '../helpers/graphs.js';
import type { Graph } from '../../src/graph/graph.js';

type RowDistances = (U: Float64Array, r: number, edges: Pick<Graph['edges'], 'src' | 'dst'>, index?: Int32Array) => Float64Array;
const breakage: { kind: 'none' | 'plus' | 'drop-column' | 'half' } = { kind: 'none' };

vi.mock('../../src/tasks/spectral/spectral.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/tasks/spectral/spectral.js')>();
  const broken: RowDistances = (U, r, edges, index) => {
    if (breakage.kind === 'none') return original.rowDistances(U, r, edges, index);
    const out = new Float64Array(edges.src.length);
    for (let e = 0; e < out.length; e++) {
      const i = edges.src[e]!;
      const j = edges.dst[e]!;
      let s = 0;
      const cols = breakage.kind === 'drop-column' ? r - 1 : r;
      for (let c = 0; c < cols; c++) {
        const d = breakage.kind === 'plus' ? U[i * r + c]! + U[j * r + c]! : U[i * r + c]! - U[j * r + c]!;
        s += d * d;
      }
      out[e] = breakage.kind === 'half' ? s / 2 : s;
    }
    return out;
  };
  return { ...original, rowDistances: broken };
});

const { spectralTask } = await import('../../src/tasks/spectral/index.js');
const { verifySpectral } = await import('../../src/tasks/spectral/verify.js');

describe('verify --task spectral: dense checks independent of the closed form', () => {
  const { graph } = sbmGraph(new Rng(41), [25, 25, 25], 0.35, 0.03);
  let fit: Parameters<typeof verifySpectral>[1];
  beforeAll(() => {
    fit = spectralTask.fit(graph, { seed: 1, options: { clusters: 3 } }) as Parameters<typeof verifySpectral>[1];
  });

  it('passes with the real formula, dense projector and dense differences included', () => {
    breakage.kind = 'none';
    const report = verifySpectral(graph, fit, { seed: 1, sample: 4 });
    expect(report.checks.map((c) => c.name)).toEqual(['autodiff', 'finite difference', 'dense float64', 'dense finite difference']);
    for (const c of report.checks) expect(c.pass, `${c.name}: ${c.worstRelError}`).toBe(true);
  });

  for (const kind of ['plus', 'drop-column', 'half'] as const) {
    it(`a broken closed form (${kind}) fails both dense checks`, () => {
      breakage.kind = kind;
      const report = verifySpectral(graph, fit, { seed: 1, sample: 4 });
      breakage.kind = 'none';
      const dense = report.checks.filter((c) => c.name.startsWith('dense'));
      expect(dense).toHaveLength(2);
      for (const c of dense) expect(c.pass, `${c.name}: ${c.worstRelError}`).toBe(false);
      expect(report.pass).toBe(false);
    });
  }
});
