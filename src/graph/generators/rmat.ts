/**
 * R-MAT generator (Chakrabarti, Zhan & Faloutsos 2004; Graph500 parameters by default):
 * each edge picks one quadrant per level with probabilities a, b, c, d = 1 − a − b − c.
 * Seeded: the same options give the same graph. Nodes are labelled 0..2^scale − 1.
 */
import { Rng } from '../../util/rng.js';
import { ConfigError } from '../../util/errors.js';

export interface RmatOptions {
  scale: number;
  /** edges per node before duplicates are merged */
  edgeFactor: number;
  a?: number;
  b?: number;
  c?: number;
  seed: number;
}

/** One R-MAT draw: the cell (i, j) of a 2^scale × 2^scale matrix, written into `out`. */
export function drawRmatCell(rng: Rng, scale: number, a: number, b: number, c: number, out: { i: number; j: number }): void {
  const ab = a + b;
  const abc = a + b + c;
  let i = 0;
  let j = 0;
  for (let level = 0; level < scale; level++) {
    const r = rng.uniform();
    i <<= 1;
    j <<= 1;
    if (r < a) continue;
    if (r < ab) j |= 1;
    else if (r < abc) i |= 1;
    else {
      i |= 1;
      j |= 1;
    }
  }
  out.i = i;
  out.j = j;
}

export function rmatEdges(options: RmatOptions, onProgress?: (done: number, total: number) => void): { n: number; src: Int32Array; dst: Int32Array } {
  const { scale, edgeFactor } = options;
  const a = options.a ?? 0.57;
  const b = options.b ?? 0.19;
  const c = options.c ?? 0.19;
  if (!Number.isInteger(scale) || scale < 1 || scale > 30) throw new ConfigError(`rmat: scale must be an integer in 1..30, got ${scale}`);
  if (!(edgeFactor > 0)) throw new ConfigError(`rmat: edgeFactor must be positive, got ${edgeFactor}`);
  if (!(a > 0 && b >= 0 && c >= 0 && a + b + c < 1)) throw new ConfigError(`rmat: need a > 0, b, c ≥ 0 and a + b + c < 1`);
  const n = 2 ** scale;
  const m = Math.round(n * edgeFactor);
  const rng = new Rng(options.seed);
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const cell = { i: 0, j: 0 };
  for (let e = 0; e < m; e++) {
    if (onProgress && (e & 0xfffff) === 0 && e > 0) onProgress(e, m);
    drawRmatCell(rng, scale, a, b, c, cell);
    src[e] = cell.i;
    dst[e] = cell.j;
  }
  return { n, src, dst };
}
