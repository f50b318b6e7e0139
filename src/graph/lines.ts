/**
 * Streaming line reader: constant memory, 1-based line numbers, CRLF tolerated, a UTF-8
 * byte-order mark at the start dropped (it would otherwise become part of the first label).
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../util/errors.js';

export type LineHandler = (line: string, lineNo: number) => void;

export async function forEachLine(path: string, onLine: LineHandler): Promise<number> {
  try {
    const st = await fsp.stat(path);
    if (st.isDirectory()) throw new InputError(path, null, 'is a folder, expected a file');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, null, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text = carry + decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      lineNo++;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(start, end), lineNo);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  }
  carry += decoder.end();
  if (carry.length > 0) {
    lineNo++;
    onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, lineNo);
  }
  return lineNo;
}

/** Split on runs of spaces/tabs (or on commas, trimming spaces around fields). */
export function splitFields(line: string, comma: boolean): string[] {
  if (comma) return line.split(',').map((s) => s.trim());
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    while (i < n && (c === 32 || c === 9)) c = line.charCodeAt(++i);
    if (i >= n) break;
    const s = i;
    while (i < n && c !== 32 && c !== 9) c = line.charCodeAt(++i);
    out.push(line.slice(s, i));
  }
  return out;
}

/** Read the first `max` lines (for format sniffing). */
export async function headLines(path: string, max: number): Promise<string[]> {
  const fh = await fsp.open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(path, null, `cannot read the file (${e.code ?? e.message})`);
  });
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, bytesRead).replace(/^\ufeff/, '').split('\n').slice(0, max).map((l) => l.replace(/\r$/, ''));
  } finally {
    await fh.close();
  }
}
