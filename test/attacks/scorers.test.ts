/**
 * Edge scorers against dense float64 references on small random graphs: brute-force λ1
 * after each removal for contain, finite differences of ‖r‖² and a dense greedy loop for
 * aurora, dense eigen/singular vectors for eigencentrality and hits.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { buildGraph, type Graph } from '../../src/graph/graph.js';
import { graphView, ratingsView, type EdgeView } from '../../src/graph/edge-view.js';
import { containDrops } from '../../src/attacks/contain.js';
import { topEigenpairs } from '../../src/attacks/spectra.js';
import { pagerankAudit, auroraScores } from '../../src/attacks/aurora.js';
import { configureAttack } from '../../src/attacks/configured.js';
import { greedyRemoval } from '../../src/attacks/greedy.js';
import { hitsTask } from '../../src/tasks/hits/index.js';
import { symmetricCsr } from '../../src/graph/edge-view.js';
import { symEig, denseSvd, maxAbs, maxAbsDiff } from '../helpers/dense.js';
import { symEig as qlEig } from '../../src/solvers/dense/sym-eig.js';
import { denseSolve, lowRankRatings } from '../helpers/ratings.js';
import type { AttackContext } from '../../src/attacks/attack.js';
import type { TaskFit } from '../../src/tasks/task.js';

function randomGraph(rng: Rng, n: number, m: number, directed: boolean, options: { weighted?: boolean; selfLoops?: boolean } = {}): Graph {
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let e = 0; e < m; e++) {
    const s = rng.int(n);
    let t = rng.int(n);
    if (t === s && !options.selfLoops) t = (t + 1) % n;
    src.push(s);
    dst.push(t);
    w.push(options.weighted ? 0.5 + rng.uniform() : 1);
  }
  return buildGraph(
    Array.from({ length: n }, (_, i) => `v${i}`),
    { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: Float64Array.from(w) },
    { directed, weighted: options.weighted, selfLoops: options.selfLoops ? 'keep' : 'auto' },
  );
}

/** S = A + Aᵀ (A undirected) as a dense matrix, built from the edge list directly. */
function denseS(view: EdgeView, drop = -1): Float64Array {
  const S = new Float64Array(view.n * view.n);
  for (let e = 0; e < view.src.length; e++) {
    if (e === drop) continue;
    const s = view.src[e]!;
    const t = view.dst[e]!;
    const w = view.weight[e]!;
    if (s === t) S[s * view.n + s]! += view.directed ? 2 * w : w;
    else {
      S[s * view.n + t]! += w;
      S[t * view.n + s]! += w;
    }
  }
  return S;
}

const ctxFor = (view: EdgeView): AttackContext => ({ view, target: null as never, fit: null as never, rng: new Rng(1), seed: 1 });

describe('contain', () => {
  for (const [label, directed, opts] of [
    ['directed with reciprocal edges and self-loops', true, { selfLoops: true }],
    ['undirected, weighted', false, { weighted: true }],
  ] as const) {
    it(`at r = n equals the exact drop of λ1 after removing each edge (${label})`, () => {
      const g = randomGraph(new Rng(3), 24, 70, directed, opts);
      const view = graphView(g);
      const top = topEigenpairs(symmetricCsr(view), view.n, 1);
      const drops = containDrops(view, top);
      const lam1 = symEig(denseS(view), view.n).values[0]!;
      const exact = Array.from({ length: view.src.length }, (_, e) => lam1 - symEig(denseS(view, e), view.n).values[0]!);
      expect(maxAbsDiff(drops, exact)).toBeLessThan(1e-9 * Math.max(1, maxAbs(exact)));
    });
  }

  it('at r < n equals a dense Rayleigh–Ritz step in span(U, e_i, e_j)', () => {
    const g = randomGraph(new Rng(4), 30, 90, false);
    const view = graphView(g);
    const r = 4;
    const top = topEigenpairs(symmetricCsr(view), r, 1);
    const drops = containDrops(view, top);
    const n = view.n;
    for (let e = 0; e < view.src.length; e += 7) {
      // K − E with K = UΛUᵀ, projected on an orthonormal basis of span(U, e_i, e_j) by Gram–Schmidt
      const i = view.src[e]!;
      const j = view.dst[e]!;
      const basis: Float64Array[] = [];
      for (const v of [...top.vectors, unit(n, i), unit(n, j)]) {
        const x = Float64Array.from(v);
        for (let pass = 0; pass < 2; pass++) for (const b of basis) axpy(x, -dot(b, x), b);
        const nx = Math.sqrt(dot(x, x));
        if (nx > 1e-8) basis.push(x.map((t) => t / nx));
      }
      const apply = (x: Float64Array): Float64Array => {
        const y = new Float64Array(n);
        top.vectors.forEach((u, k) => axpy(y, top.values[k]! * dot(u, x), u));
        y[i]! -= x[j]!;
        y[j]! -= x[i]!;
        return y;
      };
      const q = basis.length;
      const M = new Float64Array(q * q);
      for (let a = 0; a < q; a++) {
        const Ab = apply(basis[a]!);
        for (let b = 0; b < q; b++) M[b * q + a] = dot(basis[b]!, Ab);
      }
      expect(Math.abs(drops[e]! - (top.values[0]! - symEig(M, q).values[0]!))).toBeLessThan(1e-10);
    }
  });

  it('at r = 1 reduces to the NetMelt score: drop ≈ w·2u(i)u(j) as the removed weight w → 0', () => {
    const g = randomGraph(new Rng(5), 40, 150, false);
    const view = graphView(g);
    const top = topEigenpairs(symmetricCsr(view), 1, 1);
    const u = top.vectors[0]!;
    const w = 1e-6;
    const drops = containDrops(view, top, w);
    const netmelt = Array.from({ length: view.src.length }, (_, e) => 2 * u[view.src[e]!]! * u[view.dst[e]!]!);
    expect(maxAbsDiff(Array.from(drops, (d) => d / w), netmelt)).toBeLessThan(1e-5 * maxAbs(netmelt));
  });
});

function unit(n: number, i: number): Float64Array {
  const x = new Float64Array(n);
  x[i] = 1;
  return x;
}
function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
function axpy(y: Float64Array, a: number, x: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}

/** Dense PageRank: W(v,u) = w/d_out(u) per edge u→v (both ways undirected); f = ‖r‖². */
function denseW(view: EdgeView, drop: ReadonlySet<number> = new Set()): Float64Array {
  const n = view.n;
  const out = new Float64Array(n);
  const add = (e: number, f: (s: number, t: number, w: number) => void): void => {
    const s = view.src[e]!;
    const t = view.dst[e]!;
    f(s, t, view.weight[e]!);
    if (!view.directed && s !== t) f(t, s, view.weight[e]!);
  };
  for (let e = 0; e < view.src.length; e++) if (!drop.has(e)) add(e, (s, _t, w) => (out[s]! += w));
  const W = new Float64Array(n * n);
  for (let e = 0; e < view.src.length; e++) if (!drop.has(e)) add(e, (s, t, w) => (W[t * n + s]! += w / out[s]!));
  return W;
}
function densePagerankNorm(W: Float64Array, n: number, c: number): { r: Float64Array; f: number } {
  const r = solveWith(W, n, c, new Float64Array(n).fill((1 - c) / n));
  return { r, f: dot(r, r) };
}

describe('aurora', () => {
  for (const directed of [true, false]) {
    it(`scores are ∂‖r‖²/∂W of each edge's entries, by central differences of a dense solve (${directed ? 'directed' : 'undirected'})`, () => {
      const g = randomGraph(new Rng(6), 20, 60, directed);
      const view = graphView(g);
      const c = 0.85;
      const audit = pagerankAudit(view, c);
      expect(audit.report.converged).toBe(true);
      const scores = auroraScores(view, audit);
      const n = view.n;
      const W = denseW(view);
      expect(maxAbsDiff(audit.r, densePagerankNorm(W, n, c).r)).toBeLessThan(1e-12);
      const h = 1e-6;
      const fd = Array.from({ length: view.src.length }, (_, e) => {
        const s = view.src[e]!;
        const t = view.dst[e]!;
        const f = (sign: number): number => {
          const Wp = Float64Array.from(W);
          Wp[t * n + s]! += sign * h;
          if (!directed && s !== t) Wp[s * n + t]! += sign * h;
          return densePagerankNorm(Wp, n, c).f;
        };
        return (f(1) - f(-1)) / (2 * h);
      });
      expect(maxAbsDiff(scores, fd)).toBeLessThan(1e-6 * maxAbs(fd));
    });
  }

  it('greedy re-scores after each removal, as a dense brute-force greedy loop does', async () => {
    const g = randomGraph(new Rng(7), 25, 80, true);
    const target = hitsTask.bind(g);
    const attack = configureAttack({ name: 'aurora', greedy: true });
    expect(attack.label).toBe('aurora-greedy');
    const k = 6;
    const got = await greedyRemoval(attack, target, { objective: 0 } as TaskFit, () => {
      throw new Error('aurora does not refit the task');
    }, 1, k);
    // brute force: dense W of the remaining edges, score = x_v r_u by a dense solve of x
    const view = graphView(g);
    const n = view.n;
    const gone = new Set<number>();
    const expected: number[] = [];
    for (let step = 0; step < k; step++) {
      const W = denseW(view, gone);
      const { r } = densePagerankNorm(W, n, 0.85);
      // x = 2c (I − cW)^{-T} r: solve with Wᵀ through the same dense routine on the transpose
      const WT = new Float64Array(n * n);
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) WT[a * n + b] = W[b * n + a]!;
      const xr = solveWith(WT, n, 0.85, Float64Array.from(r, (t) => 2 * 0.85 * t));
      let best = -1;
      let bestScore = -Infinity;
      for (let e = 0; e < view.src.length; e++) {
        if (gone.has(e)) continue;
        const sc = xr[view.dst[e]!]! * r[view.src[e]!]!;
        if (sc > bestScore + 1e-14) {
          best = e;
          bestScore = sc;
        }
      }
      expected.push(best);
      gone.add(best);
    }
    expect(Array.from(got.removed)).toEqual(expected);
  });
});

/** (I − cW) x = b by Gaussian elimination with partial pivoting (float64). */
function solveWith(W: Float64Array, n: number, c: number, b: Float64Array): Float64Array {
  const M = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - c * W[i * n + j]!));
  return Float64Array.from(denseSolve(M, Array.from(b)));
}

describe('degree, eigencentrality, hits', () => {
  it('degree: d(u)+d(v) undirected, (d(u)+d(v))·d(u) directed', () => {
    for (const directed of [true, false]) {
      const g = randomGraph(new Rng(8), 15, 40, directed);
      const view = graphView(g);
      const deg = new Array<number>(view.n).fill(0);
      for (let e = 0; e < view.src.length; e++) {
        deg[view.src[e]!]!++;
        deg[view.dst[e]!]!++;
      }
      const expected = Array.from({ length: view.src.length }, (_, e) => {
        const s = deg[view.src[e]!]! + deg[view.dst[e]!]!;
        return directed ? s * deg[view.src[e]!]! : s;
      });
      expect(Array.from(configureAttack('degree').scorer.score(ctxFor(view), {}).scores)).toEqual(expected);
    }
  });

  it('eigencentrality uses the leading eigenvector of A + Aᵀ (dense references), on the Lanczos path too', () => {
    for (const [n, m] of [
      [30, 100],
      [450, 1800],
    ] as const) {
      const g = randomGraph(new Rng(9), n, m, true);
      const view = graphView(g);
      // Jacobi for the small graph; above the dense limit (the scorer runs Lanczos) the Householder–QL solver
      const e =
        n < 100
          ? Float64Array.from({ length: n }, (_, i) => Math.abs(symEig(denseS(view), n).vectors[i * n]!))
          : (() => {
              const ql = qlEig(denseS(view), n);
              return Float64Array.from(ql.vectors.subarray((n - 1) * n, n * n), Math.abs);
            })();
      const expected = Array.from({ length: view.src.length }, (_, k) => (e[view.src[k]!]! + e[view.dst[k]!]!) * e[view.src[k]!]!);
      const got = configureAttack('eigencentrality').scorer.score(ctxFor(view), {});
      expect(got.solver?.converged).toBe(true);
      expect(maxAbsDiff(got.scores, expected)).toBeLessThan(1e-8 * maxAbs(expected));
    }
  });

  it('hits: hub and authority from the leading singular vectors (directed), the leading eigenvector on a bipartite rating view', () => {
    const g = randomGraph(new Rng(10), 30, 120, true);
    const view = graphView(g);
    const n = view.n;
    const A = new Float64Array(n * n);
    for (let e = 0; e < view.src.length; e++) A[view.src[e]! * n + view.dst[e]!]! += 1;
    const svd = denseSvd(A, n, n, 1);
    const hub = svd.u[0]!.map(Math.abs);
    const auth = svd.v[0]!.map(Math.abs);
    const expected = Array.from({ length: view.src.length }, (_, e) => hub[view.src[e]!]! + hub[view.dst[e]!]! + auth[view.src[e]!]! + auth[view.dst[e]!]!);
    const got = configureAttack('hits').scorer.score(ctxFor(view), {}).scores;
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-8 * maxAbs(expected));

    // ratings as an undirected bipartite graph: S = [[0, R], [Rᵀ, 0]] has ±σ1; the +σ1 vector is [u; v]/√2
    const ratings = lowRankRatings(new Rng(11), 12, 9, 2, 0.4);
    const rv = ratingsView(ratings);
    const R = new Float64Array(12 * 9);
    for (let e = 0; e < ratings.user.length; e++) R[ratings.user[e]! * 9 + ratings.item[e]!] = 1;
    const rs = denseSvd(R, 12, 9, 1);
    const x = [...rs.u[0]!.map((t) => Math.abs(t) / Math.SQRT2), ...rs.v[0]!.map((t) => Math.abs(t) / Math.SQRT2)];
    const expectedR = Array.from({ length: rv.src.length }, (_, e) => 2 * (x[rv.src[e]!]! + x[rv.dst[e]!]!));
    expect(maxAbsDiff(configureAttack('hits').scorer.score(ctxFor(rv), {}).scores, expectedR)).toBeLessThan(1e-8);
  });
});

describe('n2n greedy and attack configuration', () => {
  it('n2n greedy: each step removes the argmax of B re-derived on the graph left so far', async () => {
    const g = randomGraph(new Rng(12), 40, 200, true);
    const target = hitsTask.bind(g);
    const fitOf = (t: typeof target): Promise<TaskFit> => t.fit({ seed: 1 });
    const clean = await fitOf(target);
    const got = await greedyRemoval(configureAttack({ name: 'n2n', greedy: true }), target, clean, fitOf, 1, 3);
    let current = target;
    let alive = Array.from({ length: target.items }, (_, e) => e);
    for (let step = 0; step < 3; step++) {
      const fit = await fitOf(current);
      const B = current.derive(fit);
      current.dispose(fit);
      let best = 0;
      for (let e = 1; e < B.length; e++) if (B[e]! > B[best]!) best = e;
      expect(got.removed[step]).toBe(alive[best]);
      alive = alive.filter((_, k) => k !== best);
      current = current.apply({ remove: [best], add: { src: [], dst: [] } });
    }
    target.dispose(clean);
  });

  it('options are checked, labels name non-default settings, greedy only where offered', () => {
    expect(configureAttack({ name: 'contain', rank: 20 }).label).toBe('contain-r20');
    expect(configureAttack('contain').label).toBe('contain');
    expect(() => configureAttack({ name: 'contain', rnk: 3 })).toThrow(/no option 'rnk' \(did you mean 'rank'\?\)/);
    expect(() => configureAttack({ name: 'degree', greedy: true })).toThrow(/no greedy variant/);
    expect(() => configureAttack({ name: 'aurora', damping: 1.5 })).toThrow(/damping must be a number in \(0, 1\)/);
  });
});
