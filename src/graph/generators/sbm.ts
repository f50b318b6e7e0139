/**
 * Stochastic block model (undirected): blocks of the given sizes, each pair of nodes joined
 * independently with probability pIn inside a block and pOut between blocks, sampled by
 * geometric skipping per block pair in O(n + m). Returns the block of every node (the
 * planted clustering) with the edges.
 */
import { Rng } from '../../util/rng.js';
import { ConfigError } from '../../util/errors.js';
import { EdgeBuffer, checkEdgeBudget, lowerTrianglePair, samplePairs } from './pair-sampler.js';
import type { GeneratedEdges } from './generated.js';

export interface SbmOptions {
  sizes: number[];
  pIn: number;
  pOut: number;
  seed: number;
}

export function sbmEdges(o: SbmOptions): GeneratedEdges & { blocks: Int32Array } {
  const { sizes, pIn, pOut } = o;
  if (sizes.length < 1 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new ConfigError(`sbm: sizes must be positive integers, got [${sizes.join(', ')}]`);
  for (const [name, p] of [['pIn', pIn], ['pOut', pOut]] as const) if (!(p >= 0 && p <= 1)) throw new ConfigError(`sbm: ${name} must be in [0, 1], got ${p}`);
  const offsets = [0];
  for (const s of sizes) offsets.push(offsets[offsets.length - 1]! + s);
  const n = offsets[sizes.length]!;
  let expected = 0;
  for (let a = 0; a < sizes.length; a++) {
    expected += (pIn * sizes[a]! * (sizes[a]! - 1)) / 2;
    for (let b = a + 1; b < sizes.length; b++) expected += pOut * sizes[a]! * sizes[b]!;
  }
  checkEdgeBudget('sbm', expected);
  const rng = new Rng(o.seed);
  const out = new EdgeBuffer();
  const cell = { i: 0, j: 0 };
  for (let a = 0; a < sizes.length; a++) {
    const oa = offsets[a]!;
    const sa = sizes[a]!;
    samplePairs(rng, (sa * (sa - 1)) / 2, pIn, (x) => {
      lowerTrianglePair(x, cell);
      out.push(oa + cell.i, oa + cell.j);
    });
    for (let b = a + 1; b < sizes.length; b++) {
      const ob = offsets[b]!;
      const sb = sizes[b]!;
      samplePairs(rng, sa * sb, pOut, (x) => {
        const i = Math.floor(x / sb);
        out.push(oa + i, ob + (x - i * sb));
      });
    }
  }
  const blocks = new Int32Array(n);
  for (let a = 0; a < sizes.length; a++) blocks.fill(a, offsets[a]!, offsets[a + 1]!);
  return { n, ...out.edges(), directed: false, blocks, description: `sbm(sizes=[${sizes.join(',')}], pIn=${pIn}, pOut=${pOut}, seed=${o.seed})` };
}
