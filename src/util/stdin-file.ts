/**
 * `--input -`: standard input is read once into a temporary file (the readers sniff the
 * format from the first lines, then read the whole file), which is removed afterwards, also
 * when the process is interrupted.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { onInterrupt } from './interrupt.js';

export async function withStdinFile<T>(use: (path: string) => Promise<T>, stdin: Readable = process.stdin): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'n2n-stdin-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  const forget = onInterrupt(remove);
  try {
    const path = join(dir, 'stdin');
    await pipeline(stdin, createWriteStream(path));
    return await use(path);
  } finally {
    forget();
    remove();
  }
}
