/**
 * verify --task detect:
 *  1. F* recomputed: the scan statistics and the coupling penalty summed here from the node
 *     table and the coupling list, at x*;
 *  2. coupling pairs (sampled coupling edges touching the detection, and pairs across blocks that are not edges):
 *     B against central differences of F* re-solved with the pair's weight moved by ±h (the
 *     supports fixed);
 *  3. bridges: each side of each sampled bridge found here by BFS, F* re-solved on it, the
 *     better side's value minus F* against bridge_delta; and removing a non-bridge edge of a
 *     detected subgraph leaves it connected (BFS).
 */
import type { Interdependent } from '../../graph/interdependent.js';
import { Rng } from '../../util/rng.js';
import { maxAbs, relError, type CheckResult, type VerifyReport, type VerifyRun } from '../../verify/check.js';
import { polish } from './derivative.js';
import type { DetectFit } from './fit.js';

export function verifyDetect(net: Interdependent, fit: DetectFit, run: VerifyRun): Omit<VerifyReport, 'task'> {
  const say = run.progress ?? (() => {});
  const rng = new Rng(run.seed);
  const { problem, x } = fit;
  const checks: CheckResult[] = [];
  // 1. F* by hand
  const groups = new Map<number, [number, number]>();
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue;
    const k = problem.kind === 'ems' ? 0 : net.block[i]!;
    const g = groups.get(k) ?? [0, 0];
    g[0] += problem.c[i]! * x[i]!;
    g[1] += x[i]!;
    groups.set(k, g);
  }
  let f = 0;
  for (const [t, s] of groups.values()) f += t / Math.sqrt(s);
  for (let e = 0; e < net.coupling.src.length; e++) f -= problem.lambda * net.coupling.weight[e]! * (x[net.coupling.src[e]!]! - x[net.coupling.dst[e]!]!) ** 2;
  const fe = Math.abs(f - fit.objective) / Math.max(1, Math.abs(f));
  checks.push({ name: 'F* recomputed', detail: 'the scan statistics and the coupling penalty at x*, summed from the node table and the coupling list', compared: 1, worstRelError: fe, threshold: 1e-12, pass: fe <= 1e-12 });

  // 2. coupling pairs by central differences
  say('verify: coupling pairs against central differences of F* re-solved');
  const pairs: [number, number, number | null][] = [];
  const C = net.coupling;
  // coupling edges that touch the detection first (elsewhere x_i = x_j = 0 and B = 0)
  const touching = Array.from({ length: C.src.length }, (_, e) => e).filter((e) => x[C.src[e]!]! > 0 || x[C.dst[e]!]! > 0);
  const pool = touching.length ? touching : Array.from({ length: C.src.length }, (_, e) => e);
  for (let t = 0; t < run.sample && pool.length; t++) {
    const e = pool[rng.int(pool.length)]!;
    pairs.push([C.src[e]!, C.dst[e]!, e]);
  }
  const detected = Array.from({ length: x.length }, (_, i) => i).filter((i) => x[i]! > 0);
  for (let t = 0; t < Math.ceil(run.sample / 2) && detected.length && net.blocks.length > 1; t++) {
    const a = detected[rng.int(detected.length)]!;
    const b = rng.int(x.length);
    if (net.block[a] !== net.block[b]) pairs.push([a, b, null]);
  }
  const h = 1e-4;
  const closed: number[] = [];
  const numeric: number[] = [];
  let unconverged = 0;
  for (const [a, b, e] of pairs) {
    const at = (delta: number): number => {
      const coupling =
        e === null
          ? { src: Int32Array.from([...C.src, a]), dst: Int32Array.from([...C.dst, b]), weight: Float64Array.from([...C.weight, delta]) }
          : { src: C.src, dst: C.dst, weight: Float64Array.from(C.weight, (w, k) => (k === e ? w + delta : w)) };
      const r = polish({ ...problem, coupling }, fit.support, x, 1e-11);
      if (!r.converged) unconverged++;
      return r.value;
    };
    closed.push(-problem.lambda * (x[a]! - x[b]!) ** 2);
    numeric.push((at(h) - at(-h)) / (2 * h));
  }
  const scale = Math.max(maxAbs(closed), problem.lambda * 1e-3, 1e-300);
  const fd = relError(closed, numeric, scale);
  checks.push({ name: 'finite difference', detail: `coupling pairs (${pairs.filter((p) => p[2] !== null).length} edges, ${pairs.filter((p) => p[2] === null).length} non-edges across blocks): B against central differences (h = ${h}) of F* re-solved on the fixed supports${unconverged ? `; ${unconverged} re-solves stopped at rounding` : ''}`, compared: pairs.length, worstRelError: fd, threshold: 1e-5, pass: fd <= 1e-5 });

  // 3. bridges
  say('verify: bridges of the detected subgraphs, each side re-solved');
  const bridges = fit.bridges().slice(0, run.sample);
  const isBridge = new Set(fit.bridges().map((b) => b.edge));
  const E = net.graph.edges;
  const side = (blockIndex: number, skip: number, from: number): Set<number> => {
    const blk = net.blocks[blockIndex]!;
    const inside = new Set(Array.from(blk.nodes).filter((v) => fit.support[v]));
    const nbr = new Map<number, number[]>();
    for (const v of inside) nbr.set(v, []);
    for (let l = 0; l < blk.graph.src.length; l++) {
      const e = blk.edgeIds[l]!;
      if (e === skip) continue;
      const u = E.src[e]!;
      const v = E.dst[e]!;
      if (inside.has(u) && inside.has(v)) (nbr.get(u)!.push(v), nbr.get(v)!.push(u));
    }
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length) for (const w of nbr.get(stack.pop()!)!) if (!seen.has(w)) (seen.add(w), stack.push(w));
    return seen;
  };
  const exact: number[] = [];
  const redone: number[] = [];
  for (const b of bridges) {
    const one = side(b.block, b.edge, E.src[b.edge]!);
    const other = side(b.block, b.edge, E.dst[b.edge]!);
    let best = -Infinity;
    for (const keep of [one, other]) {
      const psi = Uint8Array.from(fit.support);
      for (const v of net.blocks[b.block]!.nodes) if (fit.support[v] && !keep.has(v)) psi[v] = 0;
      best = Math.max(best, polish(problem, psi, x, 1e-11).value);
    }
    exact.push(b.delta);
    redone.push(best - fit.objective);
  }
  let notBridges = 0;
  let wrong = 0;
  for (let k = 0; k < net.blocks.length && notBridges < run.sample; k++) {
    const blk = net.blocks[k]!;
    for (let l = 0; l < blk.graph.src.length && notBridges < run.sample; l++) {
      const e = blk.edgeIds[l]!;
      if (isBridge.has(e) || !fit.support[E.src[e]!] || !fit.support[E.dst[e]!]) continue;
      notBridges++;
      if (!side(k, e, E.src[e]!).has(E.dst[e]!)) wrong++;
    }
  }
  const be = relError(exact, redone, Math.max(1, Math.abs(fit.objective)));
  checks.push({ name: 'bridges', detail: `${bridges.length} bridges: bridge_delta against each side re-solved (sides by BFS here), relative to |F*|; ${notBridges} other edges inside the detected subgraphs checked to leave them connected (${wrong} did not)`, compared: bridges.length + notBridges, worstRelError: wrong ? Infinity : be, threshold: 1e-9, pass: wrong === 0 && be <= 1e-9 });
  const notes = [`${net.graph.n} nodes in ${net.blocks.length} blocks, ${C.src.length} coupling edges; F* = ${fit.objective.toPrecision(10)} (${fit.detection.method}, ${fit.detection.stopReason}); ${fit.bridges().length} bridges in the detected subgraphs`];
  return { input: net.graph.source, checks, pass: checks.every((c) => c.pass || c.informative), notes };
}
