/**
 * Byte-level reader for the common case of large edge lists: `src dst [weight [extra]]` with
 * non-negative integer node labels, separated by spaces or tabs, comment lines starting with
 * a given character. It parses the bytes of 8 MiB chunks directly (no strings per line, no
 * field arrays) and maps labels to node ids through a flat table while they are below 2^25
 * (a Map above), in order of first appearance as the general reader does.
 *
 * It declines (returns null) on anything outside that case: a label that is not plain digits
 * or has a leading zero (it would read back as a different string), a line with the wrong
 * number of fields, a weight that is not a number, a comma. The caller then reads the file
 * with the general reader, which either handles it or reports the exact file and line.
 */
import { promises as fsp } from 'node:fs';

export interface NumericEdges {
  labels: string[];
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
  line: Int32Array;
  /** lines in the file */
  lines: number;
  commentLines: number;
  /** the text of the first comment lines (headers), at most 64 */
  comments: string[];
}

export interface NumericEdgeOptions {
  /** the byte that starts a comment line (`#`, `%`); a second one may be given */
  comment: number;
  comment2?: number;
  /** at most this many fields per line (the third is the weight) */
  maxFields: number;
  /** bytes read at a time (default 8 MiB; lines may span reads) */
  chunkSize?: number;
}

const CHUNK = 8 << 20;
const TABLE_LIMIT = 1 << 25;

export async function readNumericEdges(path: string, options: NumericEdgeOptions): Promise<NumericEdges | null> {
  const fh = await fsp.open(path, 'r');
  try {
    const { comment, maxFields } = options;
    const comment2 = options.comment2 ?? comment;
    let buf = Buffer.allocUnsafe(options.chunkSize ?? CHUNK);
    let carry = 0; // bytes of an unfinished line at the start of buf
    let eof = false;
    let lineNo = 0;
    let commentLines = 0;
    const comments: string[] = [];
    let size = 0;
    let cap = 1 << 16;
    let src: Int32Array = new Int32Array(cap);
    let dst: Int32Array = new Int32Array(cap);
    let weight: Float64Array = new Float64Array(cap);
    let line: Int32Array = new Int32Array(cap);
    let table = new Int32Array(1 << 16).fill(-1);
    const big = new Map<number, number>();
    const labelValues: number[] = [];
    const idOf = (v: number): number => {
      if (v < TABLE_LIMIT) {
        if (v >= table.length) {
          let len = table.length;
          while (len <= v) len *= 2;
          const t = new Int32Array(len).fill(-1);
          t.set(table);
          table = t;
        }
        let id = table[v]!;
        if (id < 0) {
          id = labelValues.length;
          table[v] = id;
          labelValues.push(v);
        }
        return id;
      }
      let id = big.get(v);
      if (id === undefined) {
        id = labelValues.length;
        big.set(v, id);
        labelValues.push(v);
      }
      return id;
    };

    while (!eof || carry > 0) {
      let end = carry;
      if (!eof) {
        if (carry === buf.length) {
          // one line longer than the buffer: grow it
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, carry);
          buf = bigger;
        }
        const { bytesRead } = await fh.read(buf, carry, buf.length - carry, null);
        if (bytesRead === 0) eof = true;
        end = carry + bytesRead;
      }
      // process whole lines; at EOF the last line may lack its newline
      let stop = end;
      if (!eof) {
        stop = buf.lastIndexOf(10, end - 1);
        if (stop < 0) {
          carry = end;
          continue;
        }
        stop++;
      }
      let p = 0;
      while (p < stop) {
        lineNo++;
        let c = buf[p]!;
        // a comment starts in the first column (as in the general reader)
        if (c === comment || c === comment2) {
          const s = p;
          while (p < stop && buf[p] !== 10) p++;
          commentLines++;
          if (comments.length < 64) comments.push(buf.toString('utf8', s, p).replace(/\r$/, ''));
          p++;
          continue;
        }
        // skip leading blanks
        while (p < stop && (c === 32 || c === 9 || c === 13)) c = buf[++p]!;
        if (p >= stop) break;
        // (c is buf[p], p < stop)
        if (c === 10) {
          p++;
          continue;
        }
        let fields = 0;
        let a = 0;
        let b = 0;
        let w = 1;
        while (p < stop) {
          c = buf[p]!;
          if (c === 10) break;
          if (c === 32 || c === 9 || c === 13) {
            p++;
            continue;
          }
          fields++;
          if (fields > maxFields) return null;
          if (fields <= 2) {
            // plain digits, no leading zero, at most 15 of them (exact as a double)
            let v = 0;
            let digits = 0;
            const first = c;
            // bounded by `stop`: past it the buffer holds stale bytes
            while (p < stop) {
              c = buf[p]!;
              if (c < 48 || c > 57) break;
              v = v * 10 + (c - 48);
              digits++;
              p++;
            }
            c = p < stop ? buf[p]! : 10;
            if (digits === 0 || digits > 15 || (first === 48 && digits > 1)) return null;
            if (p < stop && c !== 32 && c !== 9 && c !== 13 && c !== 10) return null;
            if (fields === 1) a = v;
            else b = v;
          } else {
            const s = p;
            while (p < stop && c !== 32 && c !== 9 && c !== 13 && c !== 10) {
              p++;
              c = p < stop ? buf[p]! : 10;
            }
            if (fields === 3) {
              w = Number(buf.toString('latin1', s, p));
              if (!Number.isFinite(w)) return null;
            }
          }
        }
        p++; // the newline
        if (fields === 0) continue;
        if (fields < 2) return null;
        if (size === cap) {
          cap *= 2;
          src = grow(src, cap);
          dst = grow(dst, cap);
          line = grow(line, cap);
          const ww = new Float64Array(cap);
          ww.set(weight);
          weight = ww;
        }
        src[size] = idOf(a);
        dst[size] = idOf(b);
        weight[size] = w;
        line[size] = lineNo;
        size++;
      }
      // move the unfinished line to the front
      carry = end - stop;
      if (carry > 0) buf.copy(buf, 0, stop, end);
      if (eof && carry > 0 && stop === end) carry = 0;
    }
    return {
      labels: labelValues.map(String),
      src: src.slice(0, size),
      dst: dst.slice(0, size),
      weight: weight.slice(0, size),
      line: line.slice(0, size),
      lines: lineNo,
      commentLines,
      comments,
    };
  } finally {
    await fh.close();
  }
}

function grow(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
