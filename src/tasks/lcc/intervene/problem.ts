/**
 * Network intervention (Hung et al., WWW 2020; SEEDS-SPEC §3.2): add at most `budget` new
 * edges, each with one end a target, to lower the targets' local clustering (one target:
 * NILD-S; the largest over a set: NILD-M), such that no node's LCC rises by more than ε over
 * its value in the input graph, and each target ends with at least the given degree, harmonic
 * closeness and betweenness.
 *
 * The methods share `Intervention`: the input's LCCs, a ClusteringState they edit, and the
 * admissibility test of one more edge (the ε rule for every node that edge changes).
 */
import type { Graph } from '../../../graph/graph.js';
import { ConfigError } from '../../../util/errors.js';
import { ClusteringState } from '../engine.js';

export interface InterventionProblem {
  graph: Graph;
  targets: Int32Array;
  budget: number;
  epsilon: number;
  minDegree?: number;
  minCloseness?: number;
  minBetweenness?: number;
  /** the seed of the methods that sample (ea); default 1 */
  seed?: number;
}

export interface InterventionResult {
  method: string;
  /** the edges to add, in the order chosen: [target, other end] */
  added: [number, number][];
  seconds: number;
  /** what the method says about its run (levels tried, re-selections, …) */
  notes: string[];
}

export class Intervention {
  readonly state: ClusteringState;
  /** every node's LCC in the input graph */
  readonly base: Float64Array;
  readonly isTarget: Uint8Array;
  constructor(readonly problem: InterventionProblem) {
    const { graph, targets, budget, epsilon } = problem;
    if (graph.directed) throw new ConfigError('intervene: the graph must be undirected (load it with --no-directed)');
    if (!(Number.isInteger(budget) && budget >= 1)) throw new ConfigError(`intervene: the budget must be a whole number of edges ≥ 1, got ${budget}`);
    if (!(epsilon >= 0)) throw new ConfigError(`intervene: ε (the largest LCC increase allowed) must be ≥ 0, got ${epsilon}`);
    if (targets.length === 0) throw new ConfigError('intervene: no targets');
    this.state = new ClusteringState(graph);
    this.base = Float64Array.from({ length: graph.n }, (_, v) => this.state.lcc(v));
    this.isTarget = new Uint8Array(graph.n);
    for (const t of targets) this.isTarget[t] = 1;
  }

  /** Whether adding (v, u) now keeps every changed LCC within ε of its input value. */
  admissible(v: number, u: number): boolean {
    if (v === u || this.state.has(v, u)) return false;
    const eff = this.state.effect(v, u, 1);
    for (let i = 0; i < eff.nodes.length; i++) if (eff.after[i]! - this.base[eff.nodes[i]!]! > this.problem.epsilon + 1e-12) return false;
    return true;
  }

  /** The largest LCC among the targets now, and the target holding it (ties: the earliest target). */
  worstTarget(): { target: number; lcc: number } {
    let target = this.problem.targets[0]!;
    let lcc = -1;
    for (const t of this.problem.targets) {
      const l = this.state.lcc(t);
      if (l > lcc) [target, lcc] = [t, l];
    }
    return { target, lcc };
  }
}
