/**
 * The lcc task's fit: triangles and degrees of every node (ClusteringState), the targets and
 * f. No iterative solver: the counts are exact. Whether B exists: every target that carries
 * weight in f has degree ≥ 2, and (max) no two targets tie at the maximum.
 */
import type { Graph } from '../../graph/graph.js';
import { ConfigError } from '../../util/errors.js';
import type { TaskContext, TaskFit, WellPosedness } from '../task.js';
import { ClusteringState } from './engine.js';
import { lccObjective, type Aggregate, type LccObjective } from './objective.js';
import { readTargets, targetsByLabel } from './targets.js';

export interface LccOptions {
  targets?: string;
  target?: string;
  aggregate: Aggregate;
  tau: number;
}

export interface LccFit extends TaskFit {
  state: ClusteringState;
  f: LccObjective;
}

export async function fitLcc(graph: Graph, o: LccOptions, ctx: TaskContext): Promise<LccFit> {
  if (graph.directed) throw new ConfigError('lcc: the task needs an undirected graph; load it with --no-directed (pipelines: dataset.directed: false)');
  if ((o.targets === undefined) === (o.target === undefined)) throw new ConfigError('lcc: name the targets: --targets FILE (one node per line) or --target NODE');
  const log = ctx.log ?? (() => {});
  const targets = o.targets !== undefined ? await readTargets(o.targets, graph) : targetsByLabel([o.target!], graph);
  const t0 = performance.now();
  const state = new ClusteringState(graph);
  const f = lccObjective(state, targets, o.aggregate, o.tau);
  log(`lcc: triangles of ${graph.n} nodes in ${((performance.now() - t0) / 1000).toFixed(2)} s; ${targets.length} target${targets.length === 1 ? '' : 's'}, f = ${f.value.toPrecision(6)}${graph.weighted ? ' (edge weights ignored: LCC counts edges)' : ''}`);
  return {
    objective: f.value,
    solver: { solver: 'exact triangle counts', precision: 'float64', iterations: 0, converged: true, residual: 0, targets: targets.length },
    wellPosed: wellPosed(graph, state, f),
    state,
    f,
  };
}

function wellPosed(graph: Graph, state: ClusteringState, f: LccObjective): WellPosedness {
  const low = Array.from(f.targets).filter((t, i) => f.weights[i]! > 0 && state.degree[t]! < 2);
  if (low.length) {
    const names = low.slice(0, 5).map((t) => `'${graph.labels[t]}' (degree ${state.degree[t]})`).join(', ');
    return { illPosed: true, detail: `${low.length} target${low.length === 1 ? '' : 's'} of degree below 2 (${names}${low.length > 5 ? ', …' : ''}): LCC is 0 by convention there and jumps when an edge is added, so B does not exist at the pairs incident to ${low.length === 1 ? 'it' : 'them'} (NaN there)` };
  }
  if (f.tied.length) {
    return { illPosed: true, detail: `${f.tied.length} targets tie at the largest LCC (${f.value.toPrecision(6)}): max has a kink there; use --aggregate smooth-max` };
  }
  return { illPosed: false, detail: `LCC is a smooth function of the pair values at every pair (all ${f.aggregate === 'max' || f.targets.length === 1 ? 'active ' : ''}targets have degree ≥ 2${f.aggregate === 'max' && f.targets.length > 1 ? ', one holds the maximum' : ''})` };
}
