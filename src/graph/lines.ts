/**
 * Streaming line reader: constant memory, 1-based line numbers, CRLF tolerated, a UTF-8
 * byte-order mark at the start dropped (it would otherwise become part of the first label),
 * gzip-compressed files (SNAP ships `.txt.gz`) read through gunzip, recognised by their bytes.
 */
import { closeSync, createReadStream, openSync, promises as fsp, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
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
  const stream = openBytes(path);
  let first = true;
  try {
    for await (const chunk of stream) {
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
  } catch (e) {
    throw gzipDamaged(path, lineNo + 1, e) ?? e;
  }
  carry += decoder.end();
  if (carry.length > 0) {
    lineNo++;
    onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, lineNo);
  }
  return lineNo;
}

/**
 * Split a line into fields: 'comma' on commas (fields trimmed; a field in double quotes may
 * hold commas, `""` is a quote), 'tab' on tabs alone (labels may hold spaces), 'space' on runs
 * of spaces/tabs.
 */
export function splitFields(line: string, mode: 'comma' | 'tab' | 'space'): string[] {
  if (mode === 'comma') return line.includes('"') ? splitQuoted(line) : line.split(',').map((s) => s.trim());
  if (mode === 'tab') return line.split('\t').map((s) => s.trim());
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

/** CSV fields with double quotes (RFC 4180 within one line). */
function splitQuoted(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          field += line.slice(i);
          i = line.length;
          break;
        }
        field += line.slice(i, q);
        if (line[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', i);
      field = (comma < 0 ? line.slice(i) : line.slice(i, comma)).trim();
      i = comma < 0 ? line.length : comma;
    }
    out.push(field);
    if (i >= line.length) break;
    i++; // past the comma
  }
  return out;
}

/** The input error for a zlib failure (damaged or truncated gzip data), or null for any other error. */
function gzipDamaged(path: string, line: number | null, e: unknown): InputError | null {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return code.startsWith('Z_') ? new InputError(path, line, `the gzip data is damaged or cut short (${code})`) : null;
}

/** Whether the file starts with the gzip magic bytes. */
export function isGzip(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const b = Buffer.alloc(2);
      return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The file's bytes, decompressed when it is gzip. */
function openBytes(path: string): AsyncIterable<Buffer> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!isGzip(path)) return raw as AsyncIterable<Buffer>;
  const gunzip = createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip) as unknown as AsyncIterable<Buffer>;
}

/** Read the first `max` lines (for format sniffing), decompressing gzip. */
export async function headLines(path: string, max: number): Promise<string[]> {
  await fsp.access(path).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(path, null, `cannot read the file (${e.code ?? e.message})`);
  });
  const decoder = new StringDecoder('utf8');
  let text = '';
  const stream = openBytes(path);
  try {
    for await (const chunk of stream) {
      text += decoder.write(chunk);
      if (text.length >= 64 * 1024) break;
    }
  } catch (e) {
    // a damaged gzip tail does not stop sniffing the head; the full read reports it with its line
    const damaged = gzipDamaged(path, null, e);
    if (!damaged) throw new InputError(path, null, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    if (text.length === 0) throw damaged;
  }
  return text.replace(/^\ufeff/, '').split('\n').slice(0, max).map((l) => l.replace(/\r$/, ''));
}

/** A file name without a `.gz` ending (what its format is decided from). */
export function withoutGz(path: string): string {
  return path.toLowerCase().endsWith('.gz') ? path.slice(0, -3) : path;
}
