import { createWriteStream, promises as fsp } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/**
 * Write a file atomically: everything goes to a temporary file in the same folder, which is
 * renamed over the target only once it is complete. On any error the temporary file is
 * removed and the target is left as it was, so no reader ever sees a half-written file.
 */
export async function writeFileAtomic(
  path: string,
  produce: (write: (chunk: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const dir = dirname(path);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  const stream = createWriteStream(tmp, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let failed: Error | null = null;
  stream.on('error', (e) => {
    failed = e;
  });
  const write = (chunk: string): Promise<void> => {
    if (failed) return Promise.reject(failed);
    if (stream.write(chunk)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (e: Error): void => {
        stream.off('drain', onDrain);
        reject(e);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  };
  try {
    await produce(write);
    await new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (failed) throw failed;
    await fsp.rename(tmp, path);
  } catch (e) {
    stream.destroy();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** Atomic write of a whole string. */
export function writeTextAtomic(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, (write) => write(text));
}

/** Atomic write of bytes, or of several byte arrays one after another (a temporary file in the same folder, then rename). */
export async function writeBytesAtomic(path: string, data: Uint8Array | readonly Uint8Array[]): Promise<void> {
  const dir = dirname(path);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  try {
    if (data instanceof Uint8Array) await fsp.writeFile(tmp, data);
    else {
      const fh = await fsp.open(tmp, 'w');
      try {
        for (const part of data) await fh.write(part);
      } finally {
        await fh.close();
      }
    }
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}
