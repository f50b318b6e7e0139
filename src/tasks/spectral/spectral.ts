/**
 * Spectral clustering (Lemmas 4–5). L = D − A of an undirected graph, U = the eigenvectors
 * of the r smallest eigenvalues, f = Tr(UᵀLU) = λ1 + … + λr, clusters = k-means on the rows
 * of U, and for every undirected edge
 *
 *     B(i,j) = ∂f/∂w_ij = ‖u_i − u_j‖²          (O(r·m))
 *
 * (Hellmann–Feynman: L depends on w_ij through w_ij·(e_i − e_j)(e_i − e_j)ᵀ.) B depends on U
 * only through the projector UUᵀ, so it is defined exactly when λr < λr+1.
 *
 * A disconnected graph repeats the zero eigenvalue once per component, which makes f flat
 * and B meaningless once the components outnumber r; by default the task analyses the
 * largest connected component (B = 0 on the edges outside it, which f does not see) and
 * reports what it left out. `component: all` keeps the whole graph and reports the cut as
 * ill-posed when λr = λr+1.
 */
import type { Graph } from '../../graph/graph.js';
import { connectedComponents, largestComponent, type Components } from '../../graph/components.js';
import { laplacianEigsSteps, type LaplacianEigsResult } from '../../solvers/laplacian-eigs.js';
import { asyncReadback } from '../../solvers/tensor-space.js';
import { solvesOnDevice } from '../../backend/placement.js';
import { runEither, runSync, type Steps } from '../../linalg/steps.js';
import { kmeans, type KMeansResult } from '../../solvers/kmeans.js';
import { ConfigError } from '../../util/errors.js';
import type { TaskContext, TaskFit } from '../task.js';

/** The task's options, validated by the kit's schema (index.ts). */
export interface SpectralOptions {
  /** r: eigenvectors and k-means clusters */
  clusters: number;
  component: 'largest' | 'all';
  precision: 'auto' | 'float32' | 'float64';
  /** accept when sin∠(U, exact eigenspace) ≤ this (Davis–Kahan bound) */
  subspaceTol: number;
  /** k-means++ starts */
  kmeansRestarts: number;
  /** the float64 eigensolver (laplacian-eigs.ts `method`) */
  eigensolver?: 'auto' | 'lobpcg' | 'lanczos';
}

export interface SpectralFit extends TaskFit {
  r: number;
  /** the graph the eigenproblem was solved on (the largest component, or the input) */
  analysed: Graph;
  /** connected components of the analysed graph (their indicators span L's null space) */
  components: Components;
  /** input node → analysed node, or −1 when left out */
  nodeIndex: Int32Array;
  /** rows of U: row-major analysed.n × r, float64 */
  U: Float64Array;
  /** λ1 … λr+1 */
  values: Float64Array;
  /** k-means cluster of every input node; −1 for nodes left out */
  labels: Int32Array;
  kmeans: Omit<KMeansResult, 'labels' | 'centers'>;
  leftOut: { nodes: number; edges: number };
  /** approximate eigenvectors beyond U (analysed.n each): with U, the start of a refit after an edit */
  beyond: Float64Array[];
}

/**
 * The accuracy at which a gap counts as shown to be zero, relative to ‖L‖: a float64 solve
 * reaches residuals near 1e-12·‖L‖; float32 (about 1e-6·‖L‖) cannot show it.
 */
export const SPECTRAL_ILL_POSED_TOL = 1e-9;

/**
 * Decide whether λr < λr+1 is resolved by the computed residuals: well-posed (the gap exceeds
 * 10 × the residuals), ill-posed (it does not, and the residuals are fine enough to show a
 * zero gap: below SPECTRAL_ILL_POSED_TOL·‖L‖; or more components than r), or unresolved (the
 * residuals are too coarse to tell: the solve did not converge, or float32 cannot resolve it).
 */
export function spectralWellPosed(
  eig: Pick<LaplacianEigsResult, 'values' | 'residuals' | 'normBound' | 'nullity' | 'subspaceBound'> & { precision?: 'float32' | 'float64' },
  r: number,
): { illPosed: boolean; unresolved: boolean; detail: string } {
  const lr = eig.values[r - 1]!;
  const ln = eig.values[r]!;
  const gap = ln - lr;
  const noise = 10 * (eig.residuals[r - 1]! + eig.residuals[r]!);
  const floor = Math.max(noise, 1e-13 * eig.normBound);
  const name = (i: number): string => `λ${i}`;
  if (eig.nullity > r) {
    return {
      illPosed: true,
      unresolved: false,
      detail: `${name(r)} = ${name(r + 1)} = 0: the graph has ${eig.nullity} connected components, more than r = ${r}; analyse the largest component (component: largest, the default) or ask for at least ${eig.nullity} clusters`,
    };
  }
  if (!(gap > floor)) {
    if (noise <= SPECTRAL_ILL_POSED_TOL * eig.normBound) {
      return {
        illPosed: true,
        unresolved: false,
        detail: `${name(r)} = ${lr.toPrecision(8)} and ${name(r + 1)} = ${ln.toPrecision(8)} coincide within ${floor.toExponential(2)}: the cut between eigenvectors ${r} and ${r + 1} is ill-posed, B is not defined`,
      };
    }
    const precision = eig.precision ?? 'float64';
    return {
      illPosed: false,
      unresolved: true,
      detail:
        `${name(r + 1)} − ${name(r)} = ${gap.toExponential(2)} is within 10 × the residuals (${noise.toExponential(2)}, ${(noise / eig.normBound).toExponential(1)}·‖L‖): ` +
        `the ${precision} solve did not converge far enough to tell whether the cut is ill-posed` +
        (precision === 'float32' ? ' (float32 cannot resolve it: use --precision float64 or auto)' : ''),
    };
  }
  return {
    illPosed: false,
    unresolved: false,
    detail: `${name(r)} = ${lr.toPrecision(8)}, ${name(r + 1)} = ${ln.toPrecision(8)}: gap ${gap.toExponential(3)} (resolvable above ${floor.toExponential(2)}; sin∠(U, exact) ≤ ${eig.subspaceBound.toExponential(2)})`,
  };
}

export function fitSpectral(graph: Graph, options: SpectralOptions, ctx: TaskContext): SpectralFit {
  return runSync(fitSpectralSteps(graph, options, ctx));
}

/** fitSpectral, awaiting the device's read-backs where the backend can only read back asynchronously (webgpu). */
export function fitSpectralAnywhere(graph: Graph, options: SpectralOptions, ctx: TaskContext): SpectralFit | Promise<SpectralFit> {
  return runEither(fitSpectralSteps(graph, options, ctx), solvesOnDevice(options.precision) && asyncReadback());
}

function* fitSpectralSteps(graph: Graph, options: SpectralOptions, ctx: TaskContext): Steps<SpectralFit> {
  if (graph.directed) {
    throw new ConfigError('spectral: the task needs an undirected graph (L = D − A of a symmetric A); load it with --no-directed (pipelines: dataset.directed: false)');
  }
  const r = options.clusters;
  const log = ctx.log ?? (() => {});
  if (graph.weighted) {
    const e = graph.edges.weight.findIndex((w) => w < 0);
    if (e >= 0) {
      throw new ConfigError(
        `spectral: edge ${graph.labels[graph.edges.src[e]!]} ${graph.labels[graph.edges.dst[e]!]} has weight ${graph.edges.weight[e]}; with negative weights L = D − A is not a graph Laplacian (not positive semidefinite, no null space of components), so its smallest eigenvalues are not a clustering`,
      );
    }
  }
  const comps = connectedComponents(graph);
  let analysed = graph;
  let nodeMap: Int32Array = Int32Array.from({ length: graph.n }, (_, i) => i);
  let leftOut = { nodes: 0, edges: 0 };
  let analysedComps = comps;
  if (options.component === 'largest' && comps.count > 1) {
    const sub = largestComponent(graph, comps);
    analysed = sub.graph;
    nodeMap = sub.nodeMap;
    leftOut = { nodes: graph.n - analysed.n, edges: graph.edges.src.length - analysed.edges.src.length };
    // connected by construction: one component
    analysedComps = { count: 1, label: new Int32Array(analysed.n), sizes: Int32Array.of(analysed.n), largest: 0 };
    log(
      `spectral: largest connected component ${analysed.n} of ${graph.n} nodes, ${analysed.edges.src.length} of ${graph.edges.src.length} edges ` +
        `(${comps.count} components; ${leftOut.nodes} nodes and ${leftOut.edges} edges left out, B = 0 there)`,
    );
  } else if (comps.count > 1) {
    log(`spectral: whole graph, ${comps.count} connected components (the zero eigenvalue repeats ${comps.count} times)`);
  }
  if (analysed.n < r + 1) throw new ConfigError(`spectral: ${r} clusters need at least ${r + 1} nodes in the analysed graph (λ${r + 1} decides the cut), it has ${analysed.n}`);
  const start = warmVectors(ctx.warmStart, graph.n, nodeMap, analysed.n, r);
  if (start) log(`spectral: starting from the eigenvectors of the fit before the edit`);
  const eig = yield* laplacianEigsSteps(analysed.csr, {
    r,
    seed: ctx.seed,
    precision: options.precision,
    subspaceTol: options.subspaceTol,
    components: analysedComps,
    method: options.eigensolver,
    start,
    log,
  });
  const n = analysed.n;
  const U = new Float64Array(n * r);
  eig.vectors.forEach((v, c) => {
    for (let i = 0; i < n; i++) U[i * r + c] = v[i]!;
  });
  const km = kmeans(U, n, r, { k: r, seed: ctx.seed, restarts: options.kmeansRestarts });
  const labels = new Int32Array(graph.n).fill(-1);
  const nodeIndex = new Int32Array(graph.n).fill(-1);
  for (let i = 0; i < n; i++) {
    labels[nodeMap[i]!] = km.labels[i]!;
    nodeIndex[nodeMap[i]!] = i;
  }
  let objective = 0;
  for (let i = 0; i < r; i++) objective += eig.values[i]!;
  const worst = Math.max(...eig.residuals.subarray(0, r + 1));
  const { labels: _l, centers: _c, ...kmInfo } = km;
  return {
    objective,
    r,
    analysed,
    components: analysedComps,
    nodeIndex,
    U,
    values: eig.values,
    labels,
    kmeans: kmInfo,
    leftOut,
    beyond: eig.beyond,
    wellPosed: spectralWellPosed(eig, r),
    solver: {
      solver: SOLVER_NAMES[eig.method],
      precision: eig.precision,
      iterations: eig.iterations,
      converged: eig.converged,
      residual: worst / eig.normBound,
      residualScale: 'max ‖Lu − λu‖ / ‖L‖ bound',
      subspaceBound: eig.subspaceBound,
      nullity: eig.nullity,
      stages: eig.stages,
      ...(eig.repeatCheck ? { repeatCheck: eig.repeatCheck } : {}),
    },
  };
}

const SOLVER_NAMES: Record<LaplacianEigsResult['method'], string> = {
  dense: 'dense float64 eigendecomposition of L = D − A (null space shifted away)',
  lanczos: 'thick-restart Lanczos on L = D − A (null space deflated)',
  lobpcg: 'LOBPCG on L = D − A, approximate-Cholesky preconditioned (null space projected out)',
};

/**
 * The columns of an earlier fit's U on this fit's analysed nodes (0 where a node was not
 * analysed before): the start of a refit after an edit. Undefined when `warm` is not a
 * spectral fit of the same nodes and r.
 */
function warmVectors(warm: TaskFit | undefined, nInput: number, nodeMap: Int32Array, n: number, r: number): Float64Array[] | undefined {
  if (!warm || !('U' in warm) || !('nodeIndex' in warm)) return undefined;
  const w = warm as SpectralFit;
  if (w.r !== r || w.nodeIndex.length !== nInput || !(w.U instanceof Float64Array)) return undefined;
  const beyond = w.beyond;
  const out = Array.from({ length: r + beyond.length }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const row = w.nodeIndex[nodeMap[i]!]!;
    if (row < 0) continue;
    for (let c = 0; c < r; c++) out[c]![i] = w.U[row * r + c]!;
    beyond.forEach((v, c) => (out[r + c]![i] = v[row]!));
  }
  return out;
}

/**
 * ‖U(i,:) − U(j,:)‖² for every edge (i = index[src], j = index[dst]; 0 where either is −1).
 * U is row-major with r columns; `index` maps graph nodes to rows (default: the identity).
 */
export function rowDistances(U: Float64Array, r: number, edges: Pick<Graph['edges'], 'src' | 'dst'>, index?: Int32Array): Float64Array {
  const { src, dst } = edges;
  const out = new Float64Array(src.length);
  for (let e = 0; e < src.length; e++) {
    const i = index ? index[src[e]!]! : src[e]!;
    const j = index ? index[dst[e]!]! : dst[e]!;
    if (i < 0 || j < 0) continue;
    let s = 0;
    for (let c = 0; c < r; c++) {
      const d = U[i * r + c]! - U[j * r + c]!;
      s += d * d;
    }
    out[e] = s;
  }
  return out;
}

/** B(e) = ‖u_i − u_j‖² for every edge of `graph` (0 outside the analysed component). */
export function spectralDerivative(graph: Graph, fit: SpectralFit): Float64Array {
  return rowDistances(fit.U, fit.r, graph.edges, fit.nodeIndex);
}
