/** Whose files these are: this host's name, and whether a process of this host still runs. */
import { hostname } from 'node:os';

/** This host's name as it appears in file names (characters other than letters, digits and dots as _). */
export const HOST_TAG = hostname().replace(/[^A-Za-z0-9.]/g, '_');

/** Whether process `pid` of this host is running (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
