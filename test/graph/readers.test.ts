import { fitHits } from '../../src/tasks/hits/index.js';
import { spectralTask } from '../../src/tasks/spectral/index.js';
import { denseSvd } from '../helpers/dense.js';
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { loadGraph, sniffFormat } from '../../src/graph/load-graph.js';
import { buildGraph, removeEdges } from '../../src/graph/graph.js';
import { writeEdgeTable } from '../../src/graph/write-edges.js';
import { formatFloat32 } from '../../src/util/format-float32.js';
import { toGraphology, fromGraphology } from '../../src/graph/graphology.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { InputError } from '../../src/util/errors.js';
import { tempDir, writeTemp } from '../helpers/files.js';

const dir = tempDir();

async function expectInputError(p: Promise<unknown>, line: number | null, pattern: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  const ie = e as InputError;
  expect(ie.line).toBe(line);
  expect(ie.message).toMatch(pattern);
}

describe('readers', () => {
  it('SNAP: comments, header directedness, labels kept in first-appearance order', async () => {
    const p = writeTemp(dir, 'a.txt', '# Directed graph\n# FromNodeId\tToNodeId\n10\t20\n20\t30\n30\t10\n10\t30\n');
    expect(await sniffFormat(p)).toBe('snap');
    const { graph, info } = await loadGraph(p);
    expect(info.format).toBe('snap');
    expect(graph.directed).toBe(true);
    expect(graph.labels).toEqual(['10', '20', '30']);
    expect(graph.edges.src.length).toBe(4);
    expect(graph.csr.nnz).toBe(4);
    expect(Array.from(graph.csr.values)).toEqual([1, 1, 1, 1]);
  });

  it('KONECT: % sym header makes the graph undirected; weights ignored unless asked', async () => {
    const p = writeTemp(dir, 'out.test', '% sym positive\n% 3 3 3\n1 2 5\n2 3 7\n3 1 2\n');
    expect(await sniffFormat(p)).toBe('konect');
    const { graph, info } = await loadGraph(p);
    expect(info.declaredEdges).toBe(3);
    expect(graph.directed).toBe(false);
    expect(graph.csr.nnz).toBe(6);
    expect(Math.max(...graph.csr.values)).toBe(1);
    const w = await loadGraph(p, { weighted: true });
    expect(w.graph.csr.values[w.graph.edgeToCsr[1]!]).toBe(7);
    expect(w.graph.csr.values[w.graph.edgeToCsrT[1]!]).toBe(7);
  });

  it('Matrix Market: symmetric pattern and general real; size line checked', async () => {
    const p = writeTemp(dir, 'm.mtx', '%%MatrixMarket matrix coordinate pattern symmetric\n% c\n4 4 3\n2 1\n3 1\n4 3\n');
    const { graph } = await loadGraph(p);
    expect(graph.directed).toBe(false);
    expect(graph.csr.nnz).toBe(6);
    const q = writeTemp(dir, 'g.mtx', '%%MatrixMarket matrix coordinate real general\n3 3 2\n1 2 0.5\n3 1 -2\n');
    const g2 = (await loadGraph(q, { weighted: true })).graph;
    expect(g2.directed).toBe(true);
    expect(Array.from(g2.edges.weight)).toEqual([0.5, -2]);
    const bad = writeTemp(dir, 'bad.mtx', '%%MatrixMarket matrix coordinate real general\n3 3 2\n1 2 0.5\n');
    await expectInputError(loadGraph(bad), 3, /announced 2 entries, the file has 1/);
    const out = writeTemp(dir, 'oob.mtx', '%%MatrixMarket matrix coordinate real general\n3 3 1\n1 9 0.5\n');
    await expectInputError(loadGraph(out), 3, /within 3 × 3/);
  });

  it('Matrix Market: the size line declares the nodes; isolated ones exist (after the others, in index order)', async () => {
    const p = writeTemp(dir, 'iso.mtx', '%%MatrixMarket matrix coordinate pattern general\n6 6 3\n2 1\n2 3\n5 3\n');
    const { graph, info } = await loadGraph(p);
    expect(info.declaredNodes).toBe(6);
    expect(graph.n).toBe(6);
    expect(graph.labels).toEqual(['2', '1', '3', '5', '4', '6']);
    const dense = graph.csr.toDense();
    expect(dense.reduce((a, x) => a + x, 0)).toBe(3);
    expect(dense[0 * 6 + 1]).toBe(1); // 2 → 1
    // HITS on the declared 6 × 6 matrix equals the dense float64 reference on that matrix
    const fit = fitHits(graph.csr, { seed: 1, precision: 'float64' });
    const ref = denseSvd(dense, 6, 6, 3);
    expect(fit.objective).toBeCloseTo(ref.s[0]! ** 2 - ref.s[1]! ** 2, 10);
    // spectral on the whole declared graph sees its isolated nodes as components
    const und = (await loadGraph(p, { directed: false })).graph;
    const whole = spectralTask.fit(und, { seed: 1, options: { clusters: 2, component: 'all' } });
    expect(whole.wellPosed.illPosed).toBe(true);
    expect(whole.wellPosed.detail).toMatch(/3 connected components/);
    // a rectangular size line: max(rows, cols) nodes
    const r = writeTemp(dir, 'rect.mtx', '%%MatrixMarket matrix coordinate pattern general\n3 7 1\n1 2\n');
    expect((await loadGraph(r)).graph.n).toBe(7);
  });

  it('a CSV header row (pandas writes one) is recognised and said; --header yes|no decides by force', async () => {
    const pandas = writeTemp(dir, 'pandas.csv', 'source,target\n0,1\n1,2\n2,0\n');
    const { graph, info } = await loadGraph(pandas);
    expect(graph.n).toBe(3);
    expect(graph.edges.src.length).toBe(3);
    expect(info.header).toMatchObject({ line: 1, text: 'source,target' });
    expect(graph.notes?.[0]).toMatch(/line 1 'source,target' read as a column header \(it names the columns/);
    // unknown names over numeric rows: still a header
    const named = writeTemp(dir, 'named.tsv', 'alpha\tbeta\n5\t6\n6\t7\n');
    const g2 = (await loadGraph(named)).graph;
    expect(g2.labels).toEqual(['5', '6', '7']);
    expect(g2.notes?.[0]).toMatch(/node fields are not numbers/);
    // labels that are words everywhere are data, not a header
    const words = writeTemp(dir, 'words.csv', 'a,b\nb,c\n');
    const g3 = await loadGraph(words);
    expect(g3.graph.labels).toEqual(['a', 'b', 'c']);
    expect(g3.info.header).toBeUndefined();
    // by force
    expect((await loadGraph(pandas, { header: 'no' })).graph.n).toBe(5);
    expect((await loadGraph(words, { header: 'yes' })).graph.labels).toEqual(['b', 'c']);
    // a numeric file has no header, and --header yes skips its first line even on the byte reader's path
    const nums = writeTemp(dir, 'nums.tsv', '7 8\n8 9\n');
    expect((await loadGraph(nums)).graph.edges.src.length).toBe(2);
    expect((await loadGraph(nums, { header: 'yes' })).graph.labels).toEqual(['8', '9']);
  });

  it('a UTF-8 byte-order mark is dropped in every graph reader (and does not hide a SNAP header)', async () => {
    const cases: [string, string, string][] = [
      ['bom.tsv', '\ufeff0 1\n1 2\n', 'tsv'],
      ['bom.csv', '\ufeff0,1\n1,2\n', 'tsv'],
      ['bom.snap', '\ufeff# Undirected graph\n0\t1\n1\t2\n', 'snap'],
      ['bom.mtx', '\ufeff%%MatrixMarket matrix coordinate pattern general\n3 3 2\n1 2\n2 3\n', 'mtx'],
      ['out.bom', '\ufeff% sym unweighted\n0 1\n1 2\n', 'konect'],
    ];
    for (const [name, text, format] of cases) {
      const p = writeTemp(dir, name, text);
      expect(await sniffFormat(p)).toBe(format);
      const { graph } = await loadGraph(p);
      expect(graph.labels[0], name).toMatch(/^[01]$/);
      expect(graph.labels.every((l) => !l.includes('\ufeff'))).toBe(true);
    }
    expect((await loadGraph(join(dir, 'bom.snap'))).graph.directed).toBe(false);
  });

  it('gzip-compressed edge lists (SNAP ships .txt.gz) read like the plain file; damaged gzip is an input error', async () => {
    const text = '# Directed graph\n# Nodes: 3 Edges: 3\n0\t1\n1\t2\n2\t0\n';
    const plain = writeTemp(dir, 'g.txt', text);
    const gz = join(dir, 'g.txt.gz');
    writeFileSync(gz, gzipSync(Buffer.from(text)));
    expect(await sniffFormat(gz)).toBe('snap');
    const a = (await loadGraph(plain)).graph;
    const b = (await loadGraph(gz)).graph;
    expect(b.labels).toEqual(a.labels);
    expect(Array.from(b.edges.src)).toEqual(Array.from(a.edges.src));
    expect(Array.from(b.edges.dst)).toEqual(Array.from(a.edges.dst));
    expect(b.directed).toBe(true);
    const cut = join(dir, 'cut.txt.gz');
    writeFileSync(cut, gzipSync(Buffer.from(text.repeat(200))).subarray(0, 60));
    await expect(loadGraph(cut)).rejects.toThrow(/cut\.txt\.gz:\d+: the gzip data is damaged or cut short/);
  });

  it('labels with spaces in tab-separated files, and quoted CSV fields', async () => {
    const tabs = writeTemp(dir, 'names.tsv', 'Ada Lovelace\tCharles Babbage\nCharles Babbage\tAlan Turing\n');
    expect((await loadGraph(tabs)).graph.labels).toEqual(['Ada Lovelace', 'Charles Babbage', 'Alan Turing']);
    const quoted = writeTemp(dir, 'quoted.csv', 'source,target,weight\n"Smith, J.","Doe, ""Jane""",2\n"Doe, ""Jane""",x,1\n');
    const q = await loadGraph(quoted, { weighted: true });
    expect(q.graph.labels).toEqual(['Smith, J.', 'Doe, "Jane"', 'x']);
    expect(Array.from(q.graph.edges.weight)).toEqual([2, 1]);
  });

  it('weights the reader ignores are said (0/1 adjacency unless --weighted)', async () => {
    const w = writeTemp(dir, 'w.tsv', '0 1 2.5\n1 2 1\n');
    expect((await loadGraph(w)).graph.notes).toEqual(['the weights in column 3 are ignored (0/1 adjacency; --weighted uses them)']);
    expect((await loadGraph(w, { weighted: true })).graph.notes).toBeUndefined();
  });

  it('CSV and whitespace TSV', async () => {
    const p = writeTemp(dir, 'e.csv', 'a,b,2\nb,c,3\n');
    expect(await sniffFormat(p)).toBe('tsv');
    const { graph } = await loadGraph(p, { weighted: true });
    expect(graph.labels).toEqual(['a', 'b', 'c']);
    expect(Array.from(graph.edges.weight)).toEqual([2, 3]);
    const q = writeTemp(dir, 'e.tsv', 'x  y\r\ny\tz\n\n');
    expect((await loadGraph(q)).graph.edges.src.length).toBe(2);
  });

  it('malformed input names file, line and what was expected', async () => {
    await expectInputError(loadGraph(writeTemp(dir, 'm1.txt', '1 2\n3\n')), 2, /expected 'src dst' or 'src dst weight', got 1 field/);
    await expectInputError(loadGraph(writeTemp(dir, 'm2.txt', '1 2\n3 4 x\n'), { weighted: true }), 2, /numeric edge weight in field 3, got 'x'/);
    await expectInputError(loadGraph(writeTemp(dir, 'm3.txt', '1 2 3 4\n')), 1, /got 4 fields/);
    await expectInputError(loadGraph(writeTemp(dir, 'm4.txt', '# only comments\n')), null, /no edges found/);
    await expectInputError(loadGraph(join(dir, 'missing.txt')), null, /no such file/);
    await expectInputError(loadGraph(writeTemp(dir, 'm5.mtx', '%%MatrixMarket matrix array real general\n')), 1, /only 'matrix coordinate'/);
    const e = await loadGraph(writeTemp(dir, 'm6.txt', '1 2\n2 3\n1 2\n'), { duplicates: 'error' }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/m6\.txt:3: duplicate edge 1 -> 2 \(first at line 1\)/);
  });
});

describe('graph policy', () => {
  it('merges duplicates (max, sum, first), keeps first orientation, handles self-loops', () => {
    const labels = ['a', 'b', 'c'];
    const raw = { src: Int32Array.from([0, 1, 0, 2, 1]), dst: Int32Array.from([1, 0, 1, 2, 2]), weight: Float64Array.from([1, 4, 2, 9, 3]) };
    const d = buildGraph(labels, raw, { directed: true, weighted: true, duplicates: 'sum' });
    expect(d.edges.src.length).toBe(4); // a→b (1+2), b→a, c→c, b→c
    expect(d.edges.weight[0]).toBe(3);
    expect(d.stats.selfLoops).toBe(1);
    const u = buildGraph(labels, raw, { directed: false, weighted: true, duplicates: 'max' });
    expect(u.edges.src.length).toBe(2); // {a,b} (max 4), {b,c}; loop dropped
    expect(u.edges.weight[0]).toBe(4);
    expect(u.stats.selfLoopsDropped).toBe(1);
    expect(u.csr.nnz).toBe(4);
    const f = buildGraph(labels, raw, { directed: false, weighted: true, duplicates: 'first', selfLoops: 'keep' });
    expect(f.edges.weight[0]).toBe(1);
    expect(f.csr.nnz).toBe(5);
    expect(f.edgeToCsr[1]).toBe(f.edgeToCsrT[1]); // the self-loop (c,c) is edge 1 in input order
  });

  it('the CSR built from the merging groups equals a fresh sort of the unique edges (random multigraphs)', () => {
    let seed = 17;
    const rand = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    for (const directed of [true, false]) {
      for (const selfLoops of ['keep', 'drop'] as const) {
        const n = 40;
        const m = 600;
        const src = Int32Array.from({ length: m }, () => rand(n));
        const dst = Int32Array.from({ length: m }, (_, k) => (k % 7 === 0 ? src[k]! : rand(n)));
        const weight = Float64Array.from({ length: m }, () => 1 + rand(5));
        const g = buildGraph(Array.from({ length: n }, (_, i) => `n${i}`), { src, dst, weight }, { directed, weighted: true, duplicates: 'sum', selfLoops });
        const ref = removeEdges(g, []); // assemble: every (row, col) entry sorted afresh
        expect(Array.from(g.csr.rowPtr)).toEqual(Array.from(ref.csr.rowPtr));
        expect(Array.from(g.csr.colIdx)).toEqual(Array.from(ref.csr.colIdx));
        expect(Array.from(g.csr.values)).toEqual(Array.from(ref.csr.values));
        expect(Array.from(g.edgeToCsr)).toEqual(Array.from(ref.edgeToCsr));
        expect(Array.from(g.edgeToCsrT)).toEqual(Array.from(ref.edgeToCsrT));
        for (let e = 0; e < g.edges.src.length; e++) {
          expect(g.csr.colIdx[g.edgeToCsr[e]!]).toBe(g.edges.dst[e]);
          // undirected: edgeToCsrT is A(dst, src); directed: the same entry as edgeToCsr
          expect(g.csr.colIdx[g.edgeToCsrT[e]!]).toBe(directed ? g.edges.dst[e] : g.edges.src[e]);
        }
      }
    }
  });

  it('removeEdges keeps nodes and labels', () => {
    const g = buildGraph(['x', 'y', 'z'], { src: Int32Array.from([0, 1, 2]), dst: Int32Array.from([1, 2, 0]), weight: new Float64Array(3).fill(1) }, { directed: true });
    const h = removeEdges(g, [1]);
    expect(h.n).toBe(3);
    expect(h.edges.src.length).toBe(2);
    expect(h.csr.find(1, 2)).toBe(-1);
    expect(h.csr.find(2, 0)).toBeGreaterThanOrEqual(0);
  });

  it('graphology round trip', () => {
    const g = buildGraph(['p', 'q', 'r'], { src: Int32Array.from([0, 1]), dst: Int32Array.from([1, 2]), weight: Float64Array.from([2, 3]) }, { directed: false, weighted: true });
    const gg = toGraphology(g, { edgeAttributes: { score: [0.5, 0.25] } });
    expect(gg.order).toBe(3);
    expect(gg.size).toBe(2);
    expect(gg.getEdgeAttribute(gg.edge('q', 'r')!, 'score')).toBe(0.25);
    const back = fromGraphology(gg);
    expect(back.directed).toBe(false);
    expect(back.labels).toEqual(['p', 'q', 'r']);
    expect(Array.from(back.edges.weight)).toEqual([2, 3]);
  });
});

describe('writers', () => {
  it('writes labels and float32 scores, and round-trips through the reader', async () => {
    const p = writeTemp(dir, 'w.txt', 'n1 n2\nn2 n3\n');
    const { graph } = await loadGraph(p);
    const out = join(dir, 'scores.tsv');
    await writeEdgeTable(out, graph, [{ name: 'score', values: [0.1, -2.5e-9] }]);
    expect(readFileSync(out, 'utf8')).toBe('src\tdst\tscore\nn1\tn2\t0.1\nn2\tn3\t-2.5e-9\n');
    expect(Math.fround(Number(formatFloat32(Math.PI)))).toBe(Math.fround(Math.PI));
  });

  it('a failed write leaves neither a partial file nor a temporary one', async () => {
    const sub = join(dir, 'atomic');
    const target = join(sub, 'x.tsv');
    await expect(
      writeFileAtomic(target, async (write) => {
        await write('half');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(sub)).toEqual([]);
  });
});
