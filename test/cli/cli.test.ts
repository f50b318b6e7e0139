import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { rmatEdges } from '../../src/graph/generators/rmat.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { outStarsText } from '../helpers/graphs.js';

const dir = tempDir();

function snapFile(name: string, seed: number): string {
  const { src, dst } = rmatEdges({ scale: 8, edgeFactor: 6, seed });
  // labels that are not 0..n-1, to check they are written back as read
  const label = (i: number) => `n${i * 3 + 1}`;
  let text = '# Directed graph\n';
  for (let e = 0; e < src.length; e++) text += `${label(src[e]!)}\t${label(dst[e]!)}\n`;
  return writeTemp(dir, name, text);
}

describe('n2n derive', () => {
  it('writes src<TAB>dst<TAB>score with input labels, and a final timings JSON line', async () => {
    const input = snapFile('g.txt', 3);
    const out = join(dir, 'B.tsv');
    const r = await runCli(['derive', '--task', 'hits', '--input', input, '--out', out, '--timings', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('src\tdst\tscore');
    const firstEdge = readFileSync(input, 'utf8').split('\n')[1]!.split('\t');
    const [s, d, score] = lines[1]!.split('\t');
    expect([s, d]).toEqual(firstEdge);
    expect(Number.isFinite(Number(score))).toBe(true);
    const last = r.out.trimEnd().split('\n').pop()!;
    const t = JSON.parse(last) as Record<string, unknown>;
    for (const k of ['load_s', 'solve_s', 'derive_s', 'write_s', 'n', 'm', 'backend']) expect(t).toHaveProperty(k);
    expect(t.m).toBe(lines.length - 1);
    expect(t.backend).toBe('cpu');
  });

  it('bad input: exit 2, file:line message, no stack trace, no output file', async () => {
    const input = writeTemp(dir, 'bad.txt', '1 2\n2 3\nthree\n');
    const out = join(dir, 'never.tsv');
    const r = await runCli(['derive', '--task', 'hits', '--input', input, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.txt:3: expected 'src dst' or 'src dst weight', got 1 field: 'three'/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an ill-posed cut unless told, writing nothing', async () => {
    const input = writeTemp(dir, 'stars.txt', outStarsText([6, 3, 3], ''));
    const out = join(dir, 'stars.tsv');
    const r = await runCli(['derive', '--task', 'hits', '--input', input, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/repeated/);
    expect(existsSync(out)).toBe(false);
    const forced = await runCli(['derive', '--task', 'hits', '--input', input, '--out', out, '--allow-ill-posed']);
    expect(forced.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('usage errors are short and point at help', async () => {
    const r = await runCli(['derive', '--task', 'nope', '--input', 'x', '--out', 'y']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Invalid values|Choices/);
    const h = await runCli(['--help']);
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/derive/);
  });
});

describe('n2n verify and backends', () => {
  it('verify prints the named checks and exits 0 when they pass', async () => {
    const input = snapFile('v.txt', 5);
    const r = await runCli(['verify', '--task', 'hits', '--input', input, '--sample', '4', '--backend', 'cpu']);
    expect(r.out).toMatch(/autodiff/);
    expect(r.out).toMatch(/finite difference/);
    expect(r.out).toMatch(/all checks passed/);
    expect(r.code).toBe(0);
  });

  it('backends reports the embedded cpu backend when the native packages are absent', async () => {
    const r = await runCli(['backends', '--backend', 'cpu', '--json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { backend: string; gpu: boolean; sparse: string; versions: Record<string, string> };
    expect(rep.backend).toBe('cpu');
    expect(rep.gpu).toBe(false);
    expect(rep.sparse).toBe('kernel');
    expect(rep.versions['@tensorflow/tfjs-core']).toBe('4.22.0');
  });
});

describe('n2n run', () => {
  const pipeline = (out: string, extra = '') =>
    `name: t\n${extra}dataset:\n  generator: { kind: rmat, scale: 8, edgeFactor: 6, seed: 2 }\ntask: { name: hits }\nattacks: [n2n, degree, random]\nbudgets: [5, 20]\nseeds: [1, 2]\nbackend: cpu\noutput: ${out}\n`;

  it('writes results, summary, removed edges and manifest; a re-run resumes', async () => {
    const out = join(dir, 'run1');
    const file = writeTemp(dir, 'p.yaml', pipeline(out));
    const r = await runCli(['run', file, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hits-distortion/);
    const rows = readFileSync(join(out, 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('dataset,task,attack,budget,seed,metric,value,seconds,variant');
    expect(rows.length).toBe(1 + 3 * 2 * 2);
    expect(readdirSync(join(out, 'removed')).sort()).toContain('n2n-k20-s2.tsv');
    const removed = readFileSync(join(out, 'removed', 'n2n-k5-s1.tsv'), 'utf8').trimEnd().split('\n');
    expect(removed.length).toBe(6);
    const scores = removed.slice(1).map((l) => Number(l.split('\t')[2]));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('complete');
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/^variant,dataset,task,attack,budget,metric,mean,std,runs/);
    const again = await runCli(['run', file, '--quiet']);
    expect(again.out).toMatch(/12 runs already there and skipped/);
    expect(readFileSync(join(out, 'results.csv'), 'utf8').trimEnd().split('\n')).toEqual(rows);
  });

  it('unknown keys are errors with a suggestion and a line number', async () => {
    const file = writeTemp(dir, 'typo.yaml', pipeline(join(dir, 'run2')).replace('budgets:', 'budget:'));
    const r = await runCli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/typo\.yaml:6: unknown key 'budget' \(did you mean 'budgets'\?\)/);
    const bad = writeTemp(dir, 'atk.yaml', pipeline(join(dir, 'run3')).replace('random]', 'randm]'));
    const r2 = await runCli(['run', bad]);
    expect(r2.err).toMatch(/unknown attack 'randm' \(did you mean 'random'\?\)/);
  });
});

describe('the installed command', () => {
  it('bin/n2n.js runs as a process and exits with the command status', () => {
    const ok = spawnSync(process.execPath, ['bin/n2n.js', 'backends', '--backend', 'cpu'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/backend:\s+cpu/);
    const bad = spawnSync(process.execPath, ['bin/n2n.js', 'derive', '--task', 'hits', '--input', join(dir, 'missing.txt'), '--out', join(dir, 'x.tsv')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/missing\.txt: no such file/);
  });
});

describe('n2n derive/verify --task spectral', () => {
  /** two dense blocks joined by a few edges, plus a separate pair, as a SNAP file with both directions */
  function blocksFile(): string {
    const { src, dst } = rmatEdges({ scale: 6, edgeFactor: 6, seed: 5 });
    let text = '# Undirected graph\n';
    for (let e = 0; e < src.length; e++) if (src[e] !== dst[e]) text += `a${src[e]}\ta${dst[e]}\na${dst[e]}\ta${src[e]}\n`;
    text += 'x1\tx2\nx2\tx1\n';
    return writeTemp(dir, 'und.txt', text);
  }

  it('derive writes one line per undirected pair and the clusters of every node', async () => {
    const input = blocksFile();
    const out = join(dir, 'Bs.tsv');
    const clusters = join(dir, 'C.tsv');
    const r = await runCli(['derive', '--task', 'spectral', '--clusters', '3', '--input', input, '--out', out, '--clusters-out', clusters, '--backend', 'cpu']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/largest connected component/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const pairs = new Set(lines.slice(1).map((l) => l.split('\t').slice(0, 2).sort().join(' ')));
    expect(pairs.size).toBe(lines.length - 1);
    expect(lines[lines.length - 1]).toBe('x1\tx2\t0'); // outside the largest component
    const c = readFileSync(clusters, 'utf8').trimEnd().split('\n');
    expect(c[0]).toBe('node\tcluster');
    expect(c.find((l) => l.startsWith('x1\t'))).toBe('x1\t-1');
    const ks = new Set(c.slice(1).map((l) => Number(l.split('\t')[1])).filter((k) => k >= 0));
    expect([...ks].sort()).toEqual([0, 1, 2]);
  });

  it('verify passes and exits 0; a task option another task lacks is refused', async () => {
    const input = blocksFile();
    const r = await runCli(['verify', '--task', 'spectral', '--clusters', '3', '--input', input, '--backend', 'cpu', '--sample', '4']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/autodiff .* pass/);
    expect(r.out).toMatch(/dense float64 .* pass/);
    const bad = await runCli(['derive', '--task', 'hits', '--clusters', '3', '--input', input, '--out', join(dir, 'x.tsv')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/task 'hits' has no option 'clusters'/);
  });
});

describe('n2n derive/verify --task completion', () => {
  function ratingsFile(): string {
    let text = 'userId,movieId,rating,timestamp\n';
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let u = 1; u <= 40; u++) for (let i = 1; i <= 30; i++) if (rnd() < 0.25 || i === (u % 30) + 1) text += `${u * 10},${i + 100},${1 + Math.round(rnd() * 8) / 2},0\n`;
    return writeTemp(dir, 'ratings.csv', text);
  }

  it('writes user<TAB>item<TAB>score per rating and the factors it came from', async () => {
    const input = ratingsFile();
    const out = join(dir, 'I.tsv');
    const fac = join(dir, 'factors');
    const r = await runCli(['derive', '--task', 'completion', '--input', input, '--rank', '3', '--iters', '4', '--out', out, '--factors-out', fac, '--timings', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/ALS sweep 4\/4: objective/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const rows = readFileSync(input, 'utf8').trimEnd().split('\n').slice(1);
    expect(lines[0]).toBe('user\titem\tscore');
    expect(lines.length - 1).toBe(rows.length);
    expect(lines[1]!.split('\t').slice(0, 2)).toEqual(rows[0]!.split(',').slice(0, 2));
    const U = readFileSync(join(fac, 'U.tsv'), 'utf8').trimEnd().split('\n');
    expect(U.length).toBe(40);
    expect(U[0]!.split('\t')).toHaveLength(4);
    expect(U[0]!.split('\t')[0]).toBe('10');
    const t = JSON.parse(r.out.trimEnd().split('\n').pop()!) as Record<string, unknown>;
    expect(t).toMatchObject({ users: 40, items: 30, m: rows.length });
  });

  it('verify passes; graph-only and rating-only flags are refused with a clear message', async () => {
    const input = ratingsFile();
    const v = await runCli(['verify', '--task', 'completion', '--input', input, '--rank', '3', '--backend', 'cpu']);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/autodiff.*pass/);
    expect(v.out).toMatch(/exact \(IFT\).*info/);
    // what passed is said precisely: Lemma 6 as a formula, and what the exact comparison says
    expect(v.out).not.toMatch(/all checks passed/);
    expect(v.out).toMatch(/passed: Lemma 6 is computed as its formula says .* Not checked by that: whether it is df\/dA\. (Against the exact df\/dA at the ALS fixed point Lemma 6 has Spearman|The exact comparison is not conclusive here)/);
    // and the long phases say they are running
    expect(v.err).toMatch(/verify: autodiff through the tensor-op ALS updates/);
    expect(v.err).toMatch(/verify: exact derivative — continuing ALS to a fixed point/);
    const d = await runCli(['derive', '--task', 'completion', '--directed', '--input', input, '--out', join(dir, 'y.tsv')]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/--directed: task 'completion' reads a rating matrix/);
    const b = await runCli(['derive', '--task', 'hits', '--binary', '--input', snapFile('g3.txt', 5), '--out', join(dir, 'z.tsv')]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--binary: only for rating input/);
  });
});

describe('refusals and flags (what is not defined, not resolved, or not given)', () => {
  it('a flag that takes a value and has none is an error naming it and what it accepts; nothing is written', async () => {
    const input = snapFile('flags.txt', 9);
    const out = join(dir, 'flags.tsv');
    const cases: [string[], RegExp][] = [
      [['--clusters'], /--clusters needs a value \(a number\)/],
      [['--self-loops'], /--self-loops needs a value \(one of auto, keep, drop\)/],
      [['--duplicates'], /--duplicates needs a value \(one of max, sum, first, error\)/],
      [['--seed', '--timings'], /--seed needs a value \(a number\), got the flag --timings instead/],
      [['-r'], /-r needs a value \(a number\)/],
      [['--precision'], /--precision needs a value \(one of auto, float32, float64\)/],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli(['derive', '--task', 'spectral', '--input', input, '--out', out, '--backend', 'cpu', ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    // values that look like flags but are numbers are values
    const ok = await runCli(['derive', '--task', 'spectral', '--input', input, '--out', out, '--backend', 'cpu', '--clusters', '2', '--seed', '-3']);
    expect(ok.code).toBe(0);
  });

  it('spectral on a component of exactly r + 1 nodes is solved (exit 0), for every r up to 5', async () => {
    for (let r = 1; r <= 5; r++) {
      const n = r + 1;
      let text = '';
      for (let i = 1; i < n; i++) text += `${i - 1} ${i}\n`; // a path
      const input = writeTemp(dir, `path${n}.txt`, text);
      const out = join(dir, `path${n}.tsv`);
      const res = await runCli(['derive', '--task', 'spectral', '--clusters', String(r), '--input', input, '--out', out, '--backend', 'cpu']);
      expect(res.code, res.err).toBe(0);
      expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(n); // header + n − 1 edges
    }
  });

  it('σ1 = σ2 from identical components (a kink of f): exit 2, says why, writes nothing; --allow-ill-posed writes', async () => {
    const input = writeTemp(dir, 'kink.txt', outStarsText([4, 4, 2]));
    const out = join(dir, 'kink.tsv');
    const r = await runCli(['derive', '--task', 'hits', '--input', input, '--out', out, '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/σ1 = 2\.0+\d* and σ2 = 2\.0+\d* coincide.*kink.*Nothing written; pass --allow-ill-posed/);
    expect(existsSync(out)).toBe(false);
    const w = await runCli(['derive', '--task', 'hits', '--input', input, '--out', out, '--backend', 'cpu', '--allow-ill-posed']);
    expect(w.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('forced float32 on a cycle (λ2 = λ3) is not written as well-posed: refused, and --allow-unconverged / float64 say what they are', async () => {
    let text = '# Undirected graph\n';
    const n = 200;
    for (let i = 0; i < n; i++) text += `${i}\t${(i + 1) % n}\n`;
    const input = writeTemp(dir, 'cycle.txt', text);
    const out = join(dir, 'cycle.tsv');
    const f32 = await runCli(['derive', '--task', 'spectral', '--clusters', '2', '--precision', 'float32', '--input', input, '--out', out, '--backend', 'cpu']);
    expect(f32.code).toBe(2);
    expect(f32.err).toMatch(/did not converge|ill-posed/);
    expect(existsSync(out)).toBe(false);
    const f64 = await runCli(['derive', '--task', 'spectral', '--clusters', '2', '--precision', 'float64', '--input', input, '--out', out, '--backend', 'cpu']);
    expect(f64.code).toBe(2);
    expect(f64.err).toMatch(/ill-posed, B is not defined/);
    expect(f64.err).not.toMatch(/did not converge/);
  });
});

describe('user errors found before any work (exit 2, never 70), and what is said instead of silently done', () => {
  it('--input a folder or missing, --out a folder or in a missing folder, N2N_THREADS=banana: exit 2 with the path', async () => {
    const input = snapFile('ok.txt', 4);
    const cases: [string[], RegExp][] = [
      [['--input', dir, '--out', join(dir, 'a.tsv')], /is a folder, expected a file/],
      [['--input', join(dir, 'missing.txt'), '--out', join(dir, 'a.tsv')], /missing\.txt: no such file/],
      [['--input', input, '--out', dir], /--out .*: is a folder; give a file name/],
      [['--input', input, '--out', join(dir, 'no', 'such', 'a.tsv')], /--out .*: the folder .*no\/such does not exist/],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli(['derive', '--task', 'hits', '--backend', 'cpu', ...flags]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/internal error/);
    }
    process.env.N2N_THREADS = 'banana';
    try {
      const r = await runCli(['derive', '--task', 'hits', '--backend', 'cpu', '--input', input, '--out', join(dir, 'b.tsv')]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/N2N_THREADS must be a positive integer, got 'banana'/);
    } finally {
      delete process.env.N2N_THREADS;
    }
  });

  it('generator sizes that cannot fit are refused before allocating, saying how much they would need', async () => {
    // more memory than the machine has: checked against a stated machine size, so the test means the same everywhere
    const { checkGeneratorSize } = await import('../../src/graph/generators/generated.js');
    expect(() => checkGeneratorSize({ kind: 'rmat', scale: 24, edgeFactor: 16, seed: 1 }, 8 * 2 ** 30)).toThrow(/about 268,435,456 edges on 16,777,216 nodes would need about 17\.0 GiB of memory; this machine has 8\.0 GiB/);
    expect(() => checkGeneratorSize({ kind: 'rmat', scale: 20, edgeFactor: 16, seed: 1 }, 8 * 2 ** 30)).not.toThrow();
    const big = await runCli(['generate', 'rmat', '--scale', '30', '--edge-factor', '4', '--out', join(dir, 'big.txt')]);
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/at most 2147483647/);
    const huge = await runCli(['generate', 'er', '--n', '100000000', '--p', '0.5', '--out', join(dir, 'huge.txt')]);
    expect(huge.code).toBe(2);
    expect(huge.err).toMatch(/at most 2147483647/);
    expect(existsSync(join(dir, 'big.txt'))).toBe(false);
  });

  it('--threads above the core count is said; negative spectral weights and a completion rank above min(users, items) are refused', async () => {
    const input = snapFile('t.txt', 6);
    const t = await runCli(['derive', '--task', 'hits', '--backend', 'cpu', '--threads', '64', '--input', input, '--out', join(dir, 't.tsv')]);
    expect(t.code).toBe(0);
    expect(t.err).toMatch(/--threads 64 is more than the \d+ cores here/);
    const neg = writeTemp(dir, 'neg.tsv', '0 1 1\n1 2 -2\n2 0 1\n2 3 1\n');
    const s = await runCli(['derive', '--task', 'spectral', '--clusters', '1', '--weighted', '--backend', 'cpu', '--input', neg, '--out', join(dir, 'neg.out')]);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/edge 1 2 has weight -2; with negative weights L = D − A is not a graph Laplacian/);
    const ratings = writeTemp(dir, 'small.txt', '1 1 5\n1 2 3\n2 1 4\n');
    const c = await runCli(['derive', '--task', 'completion', '--rank', '3', '--backend', 'cpu', '--input', ratings, '--out', join(dir, 'c.tsv')]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/rank 3 exceeds min\(users, items\) = min\(2, 2\)/);
  });

  it('control bytes from a bad file are escaped in the message; --version is n2n\'s own', async () => {
    const bad = writeTemp(dir, 'esc.txt', '0 1\n\u001b[31mred\u0007 x y z\n');
    const r = await runCli(['derive', '--task', 'hits', '--backend', 'cpu', '--input', bad, '--out', join(dir, 'esc.tsv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\\x1b\[31mred\\x07/);
    expect(r.err).not.toMatch(/\u001b/);
    const v = spawnSync(process.execPath, [join(process.cwd(), 'bin/n2n.js'), '--version'], { encoding: 'utf8', cwd: dir });
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('standard input and output', () => {
  it("--input - reads the graph from standard input, --out - writes B to standard output", () => {
    const text = readFileSync(snapFile('pipe.txt', 8), 'utf8');
    const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/n2n.js'), 'derive', '--task', 'hits', '--backend', 'cpu', '--input', '-', '--out', '-'], { input: text, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // the same bytes as reading the file and writing a file
    const viaFile = join(dir, 'pipe-B.tsv');
    const f = spawnSync(process.execPath, [join(process.cwd(), 'bin/n2n.js'), 'derive', '--task', 'hits', '--backend', 'cpu', '--input', join(dir, 'pipe.txt'), '--out', viaFile], { encoding: 'utf8' });
    expect(f.status, f.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(viaFile, 'utf8'));
    expect(r.stderr).toMatch(/to standard output/);
    const both = spawnSync(process.execPath, [join(process.cwd(), 'bin/n2n.js'), 'derive', '--task', 'hits', '--input', '-', '--out', '-', '--timings'], { input: text, encoding: 'utf8' });
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--out - writes B to standard output, where --timings prints/);
  });
});

describe('long steps say what they do', () => {
  it('generate says what it generates and writes', async () => {
    const r = await runCli(['generate', 'rmat', '--scale', '8', '--edge-factor', '4', '--out', join(dir, 'say.txt')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/generating rmat: about 1,024 edges on 256 nodes/);
    expect(r.err).toMatch(/generated 1,024 edges \([\d.]+ s\); writing/);
  });
});

