import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelBytes, writeRowsAtomic } from '../../src/util/byte-rows.js';
import { Rng } from '../../src/util/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'n2n-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('byte rows', () => {
  it('writes the same text as joined strings: ASCII, UTF-8 (accents, CJK, surrogate pairs), long labels, across buffer boundaries', async () => {
    const rng = new Rng(4);
    const alphabet = ['a', 'Z', '7', '_', 'ë', '東', '京', '😀', '-', ' '];
    const labels = Array.from({ length: 500 }, (_, i) => {
      const len = i === 3 ? 70_000 : 1 + rng.int(i % 50 === 0 ? 60 : 8);
      let s = '';
      for (let k = 0; k < len; k++) s += alphabet[rng.int(alphabet.length)];
      return s;
    });
    const table = labelBytes(labels);
    const m = 60_000;
    const a = Int32Array.from({ length: m }, () => rng.int(labels.length));
    const b = Int32Array.from({ length: m }, () => rng.int(labels.length));
    const texts = ['0.25', '-1e-7', 'naïve', '∞', ''];
    const path = join(dir, 'rows.tsv');
    await writeRowsAtomic(path, 'h1\th2\tx', m, (k, out) => {
      out.label(table, a[k]!);
      out.byte(9);
      out.label(table, b[k]!);
      out.byte(9);
      out.text(texts[k % texts.length]!);
    });
    let expected = 'h1\th2\tx\n';
    for (let k = 0; k < m; k++) expected += `${labels[a[k]!]}\t${labels[b[k]!]}\t${texts[k % texts.length]}\n`;
    const got = readFileSync(path);
    expect(got.length).toBeGreaterThan(3 << 20);
    expect(got.equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('an empty table is its header line', async () => {
    const path = join(dir, 'empty.tsv');
    await writeRowsAtomic(path, 'x', 0, () => undefined);
    expect(readFileSync(path, 'utf8')).toBe('x\n');
  });
});
