/**
 * Text tables written as bytes: rows are appended to 1 MiB buffers (ASCII copied code unit by
 * code unit, anything else UTF-8 encoded, labels copied from a table encoded once) and the
 * full buffers handed to an atomic file write. Writing 16.6M lines of two labels and a number
 * this way takes a third of the time of building a string per line and joining batches.
 */
import { writeFileAtomic } from './atomic-write.js';

/** Every label's UTF-8 bytes, back to back: label i is bytes[offsets[i] .. offsets[i+1]). */
export interface LabelBytes {
  readonly bytes: Buffer;
  readonly offsets: Float64Array;
}

export function labelBytes(labels: readonly string[]): LabelBytes {
  const offsets = new Float64Array(labels.length + 1);
  for (let i = 0; i < labels.length; i++) offsets[i + 1] = offsets[i]! + Buffer.byteLength(labels[i]!, 'utf8');
  const bytes = Buffer.allocUnsafe(offsets[labels.length]!);
  for (let i = 0; i < labels.length; i++) bytes.write(labels[i]!, offsets[i]!, 'utf8');
  return { bytes, offsets };
}

const CHUNK = 1 << 20;

export class ByteRows {
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  /** filled buffers waiting to be written, with their lengths */
  private readonly full: Array<[Buffer, number]> = [];
  /** written buffers, to be filled again */
  private readonly spare: Buffer[] = [];

  /** make room for n more bytes, retiring the current buffer when it is too full */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.full.push([this.buf, this.pos]);
    this.buf = n <= CHUNK ? (this.spare.pop() ?? Buffer.allocUnsafe(CHUNK)) : Buffer.allocUnsafe(n);
    this.pos = 0;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  text(s: string): void {
    const n = s.length;
    this.room(3 * n);
    const b = this.buf;
    const start = this.pos;
    let p = start;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = start + b.write(s, start, 'utf8');
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  label(table: LabelBytes, i: number): void {
    const s = table.offsets[i]!;
    const e = table.offsets[i + 1]!;
    this.room(e - s);
    if (e - s > 32) {
      table.bytes.copy(this.buf, this.pos, s, e);
      this.pos += e - s;
      return;
    }
    const b = this.buf;
    const from = table.bytes;
    let p = this.pos;
    for (let k = s; k < e; k++) b[p++] = from[k]!;
    this.pos = p;
  }

  /**
   * Hand every filled buffer (`all`: the partial one too) to `write`, one at a time, and
   * reuse each once its write has settled.
   */
  async flush(write: (bytes: Uint8Array) => Promise<void>, all = false): Promise<void> {
    if (all && this.pos > 0) {
      this.full.push([this.buf, this.pos]);
      this.buf = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK);
      this.pos = 0;
    }
    while (this.full.length) {
      const [b, n] = this.full.shift()!;
      await write(b.subarray(0, n));
      if (b.length === CHUNK) this.spare.push(b);
    }
  }
}

/**
 * An optional header line, then `count` rows, each written by `row(k, out)` and ended with a
 * newline, into `path` atomically (a temporary file renamed once complete).
 */
export async function writeRowsAtomic(path: string, header: string | null, count: number, row: (k: number, out: ByteRows) => void): Promise<void> {
  await writeFileAtomic(path, async (write) => {
    const out = new ByteRows();
    if (header !== null) {
      out.text(header);
      out.byte(10);
    }
    for (let k = 0; k < count; k++) {
      row(k, out);
      out.byte(10);
      if ((k & 1023) === 1023) await out.flush(write);
    }
    await out.flush(write, true);
  });
}
