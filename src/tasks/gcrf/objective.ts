/**
 * What the derivative network differentiates: a scalar f of the GCRF prediction μ.
 *   mse          f = (1/n) Σ_i (μ_i − y_i)²   (needs y)      ∇f = (2/n)(μ − y)
 *   norm         f = ‖μ‖²                                     ∇f = 2μ
 *   node:LABEL   f = μ_t at that node (linear: Sherman–Morrison gives exact one-pair changes)   ∇f = e_t
 */
import type { AttributedGraph } from '../../graph/attributed.js';
import { ConfigError } from '../../util/errors.js';
import { suggest } from '../../util/suggest.js';
import { tabulate } from '../../util/tabulate.js';

export type GcrfObjective = { kind: 'mse'; y: Float64Array } | { kind: 'norm' } | { kind: 'node'; node: number; label: string };

export const OBJECTIVE_PATTERN = /^(mse|norm|node:.+)$/;

export function parseObjective(spec: string, data: AttributedGraph): GcrfObjective {
  if (spec === 'mse') {
    if (!data.y) throw new ConfigError(`gcrf: objective mse compares μ with y, and the node table ${data.nodesSource} has no 'y' column (use norm or node:LABEL, or add y)`);
    return { kind: 'mse', y: data.y };
  }
  if (spec === 'norm') return { kind: 'norm' };
  if (spec.startsWith('node:')) {
    const label = spec.slice(5);
    const node = data.graph.labels.indexOf(label);
    if (node < 0) throw new ConfigError(`gcrf: objective node:${label}: no node '${label}' in the graph${suggest(label, data.graph.labels.slice(0, 10000))}`);
    return { kind: 'node', node, label };
  }
  throw new ConfigError(`gcrf: objective '${spec}': expected mse, norm or node:LABEL`);
}

export function objectiveValue(o: GcrfObjective, mu: Float64Array): number {
  switch (o.kind) {
    case 'mse': {
      let s = 0;
      for (let i = 0; i < mu.length; i++) s += (mu[i]! - o.y[i]!) ** 2;
      return s / mu.length;
    }
    case 'norm': {
      let s = 0;
      for (let i = 0; i < mu.length; i++) s += mu[i]! * mu[i]!;
      return s;
    }
    case 'node':
      return mu[o.node]!;
  }
}

export function objectiveGradient(o: GcrfObjective, mu: Float64Array): Float64Array {
  switch (o.kind) {
    case 'mse':
      return tabulate(mu.length, (i) => (2 * (mu[i]! - o.y[i]!)) / mu.length);
    case 'norm':
      return tabulate(mu.length, (i) => 2 * mu[i]!);
    case 'node': {
      const g = new Float64Array(mu.length);
      g[o.node] = 1;
      return g;
    }
  }
}

export const describeObjective = (o: GcrfObjective): string =>
  o.kind === 'mse' ? 'f = (1/n) Σ (μ_i − y_i)²' : o.kind === 'norm' ? 'f = ‖μ‖²' : `f = μ at node ${o.label}`;
