/**
 * Erdős–Rényi G(n, p): every pair (ordered when directed, unordered otherwise, no self-loops)
 * is an edge independently with probability p, sampled by geometric skipping in O(n + m).
 * `degree` sets p = degree / (n − 1), the expected out-degree (directed) or degree.
 */
import { Rng } from '../../util/rng.js';
import { ConfigError } from '../../util/errors.js';
import { EdgeBuffer, checkEdgeBudget, lowerTrianglePair, samplePairs } from './pair-sampler.js';
import type { GeneratedEdges } from './generated.js';

export interface ErdosRenyiOptions {
  n: number;
  p?: number;
  degree?: number;
  directed?: boolean;
  seed: number;
}

export function erdosRenyiEdges(o: ErdosRenyiOptions): GeneratedEdges {
  const { n } = o;
  if (!Number.isInteger(n) || n < 2) throw new ConfigError(`er: n must be an integer ≥ 2, got ${n}`);
  if ((o.p === undefined) === (o.degree === undefined)) throw new ConfigError('er: give exactly one of p (edge probability) and degree (expected degree)');
  const p = o.p ?? o.degree! / (n - 1);
  if (!(p >= 0 && p <= 1)) throw new ConfigError(`er: the edge probability must be in [0, 1], got ${p}`);
  const directed = o.directed ?? false;
  const total = directed ? n * (n - 1) : (n * (n - 1)) / 2;
  checkEdgeBudget('er', total * p);
  const rng = new Rng(o.seed);
  const out = new EdgeBuffer();
  const cell = { i: 0, j: 0 };
  samplePairs(rng, total, p, (x) => {
    if (directed) {
      const i = Math.floor(x / (n - 1));
      const j = x - i * (n - 1);
      out.push(i, j >= i ? j + 1 : j);
    } else {
      lowerTrianglePair(x, cell);
      out.push(cell.i, cell.j);
    }
  });
  return { n, ...out.edges(), directed, description: `er(n=${n}, p=${p.toPrecision(6)}, ${directed ? 'directed' : 'undirected'}, seed=${o.seed})` };
}
