/**
 * The add direction: candidate node pairs that are not edges, and their scores. Candidates
 * come from a file (`candidates: { file: pairs.tsv }`, each a non-edge, labels as in the
 * graph) or from a seeded uniform sample of non-edges (`candidates: { sample: 2000 }`, the
 * default; every non-edge when there are fewer). Scores: `n2n` — the task's closed form at
 * the pair (deriveAt: ∂f/∂A(i,j), the N2N paper's remark on non-existing edges); `degree` and
 * `random` — the same formulas as for edges.
 */
import type { Graph } from '../graph/graph.js';
import { readPairs } from '../graph/read-pairs.js';
import type { TaskFit } from '../tasks/task.js';
import type { BoundTask } from '../tasks/kit.js';
import { Rng } from '../util/rng.js';
import { ConfigError, InputError } from '../util/errors.js';
import { graphView } from '../graph/edge-view.js';
import { endpointScores, nodeDegrees } from './degree.js';
import { edgeKeys, pairKey, type Pairs } from '../graph/edit.js';

export interface CandidateSpec {
  sample?: number;
  file?: string;
}

export const DEFAULT_CANDIDATES = 2000;
/** the attacks that score pairs, and how */
export const ADD_SCORERS = ['n2n', 'degree', 'random'] as const;

export type { Pairs } from '../graph/edit.js';


export async function candidatePairs(graph: Graph, spec: CandidateSpec, seed: number): Promise<Pairs> {
  const present = edgeKeys(graph);
  if (spec.file !== undefined) {
    const p = await readPairs(spec.file, graph);
    for (let t = 0; t < p.src.length; t++) {
      const [i, j] = [p.src[t]!, p.dst[t]!];
      if (i === j) throw new InputError(spec.file, p.line[t]!, `candidate ${graph.labels[i]} ${graph.labels[j]} is a self-loop`);
      if (present.has(pairKey(graph, i, j))) throw new InputError(spec.file, p.line[t]!, `candidate ${graph.labels[i]} ${graph.labels[j]} is already an edge`);
    }
    return { src: p.src, dst: p.dst };
  }
  const want = spec.sample ?? DEFAULT_CANDIDATES;
  if (!Number.isInteger(want) || want < 1) throw new ConfigError(`candidates.sample: expected a positive integer, got ${want}`);
  const n = graph.n;
  const pairs = graph.directed ? n * (n - 1) : (n * (n - 1)) / 2;
  const free = pairs - present.size + [...present].filter((k) => Math.floor(k / n) === k % n).length; // self-loops are not pairs
  const src: number[] = [];
  const dst: number[] = [];
  if (free <= want) {
    // every non-edge, in index order
    for (let i = 0; i < n; i++) {
      for (let j = graph.directed ? 0 : i + 1; j < n; j++) {
        if (i === j || present.has(pairKey(graph, i, j))) continue;
        src.push(i);
        dst.push(j);
      }
    }
    return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
  }
  const rng = new Rng(seed);
  const taken = new Set<number>();
  while (src.length < want) {
    const i = rng.int(n);
    const j = rng.int(n);
    if (i === j) continue;
    const k = pairKey(graph, i, j);
    if (present.has(k) || taken.has(k)) continue;
    taken.add(k);
    src.push(graph.directed || i < j ? i : j);
    dst.push(graph.directed || i < j ? j : i);
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

/** The sign an attack's options give its pair scores (n2n's `sign: -1`), else 1. */
export function pairSign(attack: { options: object }): number {
  const o = attack.options;
  return 'sign' in o && o.sign === -1 ? -1 : 1;
}

/** Scores of candidate pairs for an add-direction attack; `sign` −1 ranks n2n's pairs by −B. */
export function scorePairs(attack: string, target: BoundTask, graph: Graph, fit: TaskFit, pairs: Pairs, seed: number, sign = 1): Float64Array {
  switch (attack) {
    case 'n2n': {
      if (!target.task.pairs) throw new ConfigError(`attack n2n, direction add: task '${target.task.name}' has no closed form at non-edges`);
      const s = target.deriveAt(fit, pairs);
      if (sign !== 1) for (let t = 0; t < s.length; t++) s[t] = -s[t]!;
      return s;
    }
    case 'degree': {
      const deg = nodeDegrees(graphView(graph));
      return endpointScores({ n: graph.n, src: pairs.src, dst: pairs.dst, directed: graph.directed, weight: new Float64Array(pairs.src.length).fill(1) }, deg);
    }
    case 'random': {
      const rng = new Rng(seed);
      return Float64Array.from(pairs.src, () => rng.uniform());
    }
    default:
      throw new ConfigError(`attack '${attack}' has no add direction (${ADD_SCORERS.join(', ')} have)`);
  }
}
