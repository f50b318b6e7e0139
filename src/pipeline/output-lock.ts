/**
 * One writer per output folder. `n2n run` takes `<output>/.n2n-run.lock` (created exclusively,
 * holding its pid, host, start time and pipeline) before it reads or writes results, and gives
 * it back when it ends, fails or is interrupted. A second run into the same folder is refused
 * with the holder named; a lock whose process is gone (same host, pid not running) is stale and
 * taken over. Shards write to folders of their own, so they never contend.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../util/errors.js';
import { onInterrupt } from '../util/interrupt.js';
import { processAlive } from '../util/liveness.js';

export const LOCK_FILE = '.n2n-run.lock';

export interface LockHolder {
  pid: number;
  host: string;
  started: string;
  pipeline: string;
}

/** The run holding DIR's lock, or null when there is no lock or it cannot be read (being written this instant, or damaged). */
export function readLockHolder(dir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/** A holder on this host whose process is gone: its lock is stale. */
export const holderGone = (holder: LockHolder): boolean => holder.host === hostname() && !processAlive(holder.pid);

/** Take the folder's lock or throw naming its holder; returns the release function. */
export function acquireOutputLock(dir: string, pipeline: string, log: (message: string) => void = () => {}): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), pipeline };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // unreadable (being written this instant, or damaged): treated as held
      const holder = readLockHolder(dir);
      if (holder && holderGone(holder)) {
        log(`${dir}: taking over the lock of run ${holder.pid} (pipeline '${holder.pipeline}', started ${holder.started}), which is no longer running`);
        rmSync(path, { force: true });
        continue;
      }
      const who = holder ? `pid ${holder.pid} on ${holder.host}, pipeline '${holder.pipeline}', started ${holder.started}` : `an unreadable lock file ${path}`;
      throw new ConfigError(`${dir} is being written by another n2n run (${who}); wait for it to finish, or write to another output folder. If that run is gone, delete ${path}`);
    }
    writeSync(fd, JSON.stringify(me) + '\n');
    closeSync(fd);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      forget();
      rmSync(path, { force: true });
    };
    const forget = onInterrupt(release);
    return release;
  }
  throw new ConfigError(`${dir}: could not take the lock ${path}`);
}
