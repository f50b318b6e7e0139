/**
 * The front door from a packed consumer: `npm pack`, the tarball unpacked into another
 * folder's node_modules (as `npm install <tarball>` would; its dependencies linked from this
 * checkout, so no download), then a separate Node process imports 'n2n' by name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/files.js';
import { derive, loadGraph, verify } from '../../src/index.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import { loadGraph, derive } from "n2n"', () => {
  it('works from another folder after npm pack, and gives the B the checkout gives', async () => {
    const root = process.cwd();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], { cwd: root, encoding: 'utf8' });
    const tarball = join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
    const consumer = join(dir, 'consumer');
    const modules = join(consumer, 'node_modules');
    mkdirSync(join(modules, 'n2n'), { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', join(modules, 'n2n'), '--strip-components=1']);
    for (const name of readdirSync(join(root, 'node_modules'))) {
      if (name === '.bin' || name === 'n2n' || name.startsWith('.')) continue;
      symlinkSync(join(root, 'node_modules', name), join(modules, name));
    }
    const graphFile = join(dir, 'karate.tsv');
    writeFileSync(graphFile, '1\t2\n1\t3\n2\t3\n3\t4\n4\t5\n5\t6\n4\t6\n1\t6\n2\t5\n');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(
      join(consumer, 'index.mjs'),
      `import { loadGraph, derive, tasks, toGraphology } from 'n2n';
const graph = await loadGraph(${JSON.stringify(graphFile)}, { directed: false });
const { B, fit } = await derive('spectral', graph, { seed: 1, options: { clusters: 2 } });
console.log(JSON.stringify({ B: Array.from(B), f: fit.objective, tasks: tasks().map((t) => t.name), order: toGraphology(graph).order }));
`,
    );
    const r = spawnSync(process.execPath, ['index.mjs'], { cwd: consumer, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as { B: number[]; f: number; tasks: string[]; order: number };
    expect(got.tasks).toEqual(['hits', 'spectral', 'completion', 'gcrf', 'modularity', 'clusternet', 'lcc', 'detect']);
    expect(got.order).toBe(6);
    const here = await derive('spectral', await loadGraph(graphFile, { directed: false }), { seed: 1, options: { clusters: 2 } });
    expect(got.B).toEqual(Array.from(here.B));
    expect(got.f).toBe(here.fit.objective);
  });

  it('refuses what does not exist: ill-posed B, and a task given the wrong kind of data', async () => {
    const path = join(dir, 'cycle.tsv');
    writeFileSync(path, Array.from({ length: 40 }, (_, i) => `${i}\t${(i + 1) % 40}`).join('\n') + '\n');
    const cycle = await loadGraph(path, { directed: false });
    await expect(derive('spectral', cycle, { options: { clusters: 2 } })).rejects.toThrow(/ill-posed/);
    const allowed = await derive('spectral', cycle, { options: { clusters: 2 }, allowIllPosed: true });
    expect(allowed.fit.wellPosed.illPosed).toBe(true);
    await expect(derive('completion', cycle)).rejects.toThrow(/reads a rating matrix/);
  });

  it('verify runs the task\'s ladder and says what it checked', async () => {
    const path = join(dir, 'blocks.tsv');
    const lines: string[] = [];
    for (let b = 0; b < 2; b++) for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) if ((i * 7 + j) % 3 !== 0) lines.push(`${b * 8 + i}\t${b * 8 + j}`);
    lines.push('0\t8', '3\t12');
    writeFileSync(path, lines.join('\n') + '\n');
    const g = await loadGraph(path, { directed: false });
    const report = await verify('spectral', g, { options: { clusters: 2 }, sample: 4 });
    expect(report.checks.map((c) => c.name)).toEqual(['autodiff', 'finite difference', 'dense float64', 'dense finite difference']);
    expect(report.pass).toBe(true);
  });
});
