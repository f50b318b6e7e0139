import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { Rng } from '../../src/util/rng.js';
import { readNumericEdges } from '../../src/graph/numeric-edge-reader.js';
import { readEdges } from '../../src/graph/load-graph.js';
import { EdgeSink } from '../../src/graph/edge-sink.js';
import { snapFormat } from '../../src/graph/formats/snap.js';
import { konectFormat } from '../../src/graph/formats/konect.js';
import { delimitedFormat } from '../../src/graph/formats/delimited.js';
import type { EdgeFormat } from '../../src/graph/formats/format.js';
import { tempDir } from '../helpers/files.js';

const dir = tempDir();

/** A messy but valid numeric edge list: comments, blank lines, tabs and spaces, CRLF, weights. */
function messyFile(rng: Rng, lines: number, opts: { comment: string; fields: number; crlf: boolean; finalNewline: boolean }): string {
  const out: string[] = [`${opts.comment} Directed graph (each unordered pair of nodes is saved once)`, `${opts.comment} 123 45`];
  for (let k = 0; k < lines; k++) {
    const r = rng.uniform();
    if (r < 0.03) out.push('');
    else if (r < 0.05) out.push(`${opts.comment} comment ${k}`);
    else if (r < 0.06) out.push('   \t ');
    else {
      const big = rng.uniform() < 0.05;
      const a = big ? 40_000_000 + rng.int(1000) : rng.int(300);
      const b = rng.int(300);
      const sep = () => (rng.uniform() < 0.5 ? '\t' : ' '.repeat(1 + rng.int(3)));
      let line = (rng.uniform() < 0.1 ? '  ' : '') + a + sep() + b;
      if (opts.fields >= 3 && rng.uniform() < 0.5) line += sep() + (rng.normal() * 3).toPrecision(5);
      if (opts.fields >= 4 && rng.uniform() < 0.3) line += sep() + rng.int(1e9);
      out.push(line + (rng.uniform() < 0.1 ? ' ' : ''));
    }
  }
  const nl = opts.crlf ? '\r\n' : '\n';
  return out.join(nl) + (opts.finalNewline ? nl : '');
}

async function general(path: string, fmt: EdgeFormat) {
  const sink = new EdgeSink();
  const info = await fmt.read(path, sink);
  return { labels: sink.labels, raw: sink.arrays(), info };
}

describe('byte-level numeric edge reader', () => {
  it('gives exactly what the general reader gives (labels, edges, weights, line numbers, header) across chunk boundaries', async () => {
    const rng = new Rng(21);
    const cases: [EdgeFormat, string, number][] = [
      [snapFormat, '#', 3],
      [konectFormat, '%', 4],
      [delimitedFormat, '#', 3],
    ];
    let t = 0;
    for (const [fmt, comment, fields] of cases) {
      for (const crlf of [false, true]) {
        for (const finalNewline of [true, false]) {
          const path = join(dir, `messy-${t++}.txt`);
          writeFileSync(path, messyFile(rng, 700, { comment, fields, crlf, finalNewline }));
          const want = await general(path, fmt);
          for (const chunkSize of [64, 1000, 1 << 20]) {
            const fast = await readNumericEdges(path, { ...fmt.numeric!.options, chunkSize });
            expect(fast, `${fmt.name} chunk ${chunkSize}`).not.toBeNull();
            expect(fast!.labels).toEqual(want.labels);
            expect(Array.from(fast!.src)).toEqual(Array.from(want.raw.src));
            expect(Array.from(fast!.dst)).toEqual(Array.from(want.raw.dst));
            expect(Array.from(fast!.weight)).toEqual(Array.from(want.raw.weight));
            expect(Array.from(fast!.line)).toEqual(Array.from(want.raw.line));
            expect(fast!.lines).toBe(want.info.lines);
            expect(fast!.commentLines).toBe(want.info.commentLines);
          }
          const viaLoad = await readEdges(path, fmt);
          expect(viaLoad.info).toEqual(want.info);
        }
      }
    }
  });

  it('declines what it does not cover, and the general reader takes over with the same result or error', async () => {
    const cases: [string, string][] = [
      ['names.txt', 'alice\tbob\nbob\tcarol\n'],
      ['leading-zero.txt', '007\t1\n7\t2\n'],
      ['comma.txt', '1,2\n2,3\n'],
      ['negative.txt', '-1 2\n'],
      ['one-field.txt', '1 2\n3\n'],
      ['bad-weight.txt', '1 2 x\n'],
      ['too-many.txt', '1 2 3 4\n'],
    ];
    for (const [name, text] of cases) {
      const path = join(dir, name);
      writeFileSync(path, text);
      expect(await readNumericEdges(path, delimitedFormat.numeric!.options), name).toBeNull();
      const want = await general(path, delimitedFormat).then(
        (r) => ({ ok: true as const, r }),
        (e: Error) => ({ ok: false as const, message: e.message }),
      );
      const got = await readEdges(path, delimitedFormat).then(
        (r) => ({ ok: true as const, r }),
        (e: Error) => ({ ok: false as const, message: e.message }),
      );
      expect(got.ok).toBe(want.ok);
      if (got.ok && want.ok) expect(got.r.labels).toEqual(want.r.labels);
      if (!got.ok && !want.ok) expect(got.message).toBe(want.message);
    }
  });
});

describe('binary edge cache', () => {
  it('serves the second read from the cache, re-parses when the source changes, ignores a damaged entry', async () => {
    const cacheDir = join(dir, 'cache');
    const path = join(dir, 'cached.txt');
    writeFileSync(path, '# Undirected graph\n1 2\n2 3 2.5\nalice bob\n');
    const first = await readEdges(path, snapFormat, { dir: cacheDir, minBytes: 0 });
    expect(first.cached).toBeUndefined();
    const second = await readEdges(path, snapFormat, { dir: cacheDir, minBytes: 0 });
    expect(second.cached).toBe(true);
    expect(second.labels).toEqual(first.labels);
    expect(second.labels).toContain('alice');
    expect(Array.from(second.raw.weight)).toEqual([1, 2.5, 1]);
    expect(Array.from(second.raw.line)).toEqual(Array.from(first.raw.line));
    expect(second.info).toEqual(first.info);
    expect(second.info.directed).toBe(false);
    // the source changes: a new entry, the new content
    writeFileSync(path, '# Undirected graph\n1 2\n2 3 2.5\nalice bob\n3 4\n');
    const changed = await readEdges(path, snapFormat, { dir: cacheDir, minBytes: 0 });
    expect(changed.cached).toBeUndefined();
    expect(changed.raw.src.length).toBe(4);
    // damage every entry: it is ignored and the file parsed again
    const { readdirSync, truncateSync } = await import('node:fs');
    for (const f of readdirSync(cacheDir)) truncateSync(join(cacheDir, f), 20);
    const again = await readEdges(path, snapFormat, { dir: cacheDir, minBytes: 0 });
    expect(again.cached).toBeUndefined();
    expect(again.raw.src.length).toBe(4);
    expect((await readEdges(path, snapFormat, { dir: cacheDir, minBytes: 0 })).cached).toBe(true);
    // small files and N2N_CACHE=off skip the cache
    expect((await readEdges(path, snapFormat, { dir: cacheDir })).cached).toBeUndefined();
    process.env.N2N_CACHE = 'off';
    try {
      expect((await readEdges(path, snapFormat, { dir: cacheDir, minBytes: 0 })).cached).toBeUndefined();
    } finally {
      delete process.env.N2N_CACHE;
    }
  });
});
