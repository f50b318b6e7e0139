import { promises as fsp, close, closeSync, openSync, readdirSync, rmSync, write as fsWrite } from 'node:fs';
import { promisify } from 'node:util';
import { dirname, basename, join } from 'node:path';
import { onInterrupt } from './interrupt.js';
import { HOST_TAG as HOST, processAlive } from './liveness.js';

const writeAsync = promisify(fsWrite);
const closeAsync = promisify(close);

/** `.NAME.tmp-HOST-PID-TIME`: whose temporary file it is, so a later run can tell a dead one. */
const TEMP = /^\..+\.tmp-([A-Za-z0-9._]+)-(\d+)-[a-z0-9]+$/;

/**
 * Remove the temporary files that processes of this host which are no longer running left in
 * `dir` (a run killed with SIGKILL cannot clean up after itself). Returns how many.
 */
export function removeStaleTemps(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || m[1] !== HOST || processAlive(Number(m[2]))) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/**
 * Write a file atomically: everything goes to a temporary file in the same folder, which is
 * renamed over the target only once it is complete. On any error the temporary file is
 * removed and the target is left as it was, so no reader ever sees a half-written file.
 */
export async function writeFileAtomic(
  path: string,
  produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>,
): Promise<void> {
  if (path === '-') return produce(writeStdout);
  const dir = dirname(path);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${HOST}-${process.pid}-${Date.now().toString(36)}`);
  let fd: number | null = null;
  // stopped by a signal while writing: the file goes, the target stays as it was. The file is
  // opened synchronously, so no open can still be on its way in another thread when a signal's
  // cleanup runs (an asynchronous open could create the file just after the cleanup removed it)
  const forget = onInterrupt(() => rmSync(tmp, { force: true }));
  try {
    fd = openSync(tmp, 'w');
    const handle = fd;
    // once a write's promise settles its bytes are with the system, so callers may reuse the buffer
    await produce(async (chunk) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let done = 0; done < bytes.length; ) {
        done += (await writeAsync(handle, bytes, done, Math.min(bytes.length - done, 1 << 30), null)).bytesWritten;
      }
    });
    await closeAsync(handle);
    fd = null;
    await fsp.rename(tmp, path);
  } catch (e) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    await fsp.rm(tmp, { force: true });
    throw e;
  } finally {
    forget();
  }
}

/** `-`: standard output, waiting for it to drain (a pipe to a slower reader). */
function writeStdout(chunk: string | Uint8Array): Promise<void> {
  return new Promise((done, fail) => {
    process.stdout.write(chunk, (e) => (e ? fail(e) : done()));
  });
}

/** Atomic write of a whole string. */
export function writeTextAtomic(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, (write) => write(text));
}

/** Atomic write of bytes, or of several byte arrays one after another (a temporary file in the same folder, then rename). */
export function writeBytesAtomic(path: string, data: Uint8Array | readonly Uint8Array[]): Promise<void> {
  return writeFileAtomic(path, async (write) => {
    for (const part of data instanceof Uint8Array ? [data] : data) await write(part);
  });
}
