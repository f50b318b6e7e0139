/**
 * Checks on the paths a command was given, made before any work: an input that is a folder or
 * missing, an output that is a folder or lies in a folder that does not exist, is a user error
 * found in milliseconds, not after the solve.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, InputError } from './errors.js';

/** The file exists and is not a folder. */
export function checkInputFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(path, null, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) throw new InputError(path, null, 'is a folder, expected a file');
}

/** `path` can be written as a file: not a folder, in a folder that exists and is writable. */
export function checkOutputFile(path: string, flag: string): void {
  try {
    if (statSync(path).isDirectory()) throw new ConfigError(`${flag} ${path}: is a folder; give a file name`);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
  }
  checkFolder(dirname(resolve(path)), flag, path);
}

/** `path` can be a folder of outputs: not a file, and its parent (or itself) writable. */
export function checkOutputFolder(path: string, flag: string): void {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) throw new ConfigError(`${flag} ${path}: is a file; give a folder`);
    checkFolder(resolve(path), flag, path);
    return;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
  }
  checkFolder(dirname(resolve(path)), flag, path);
}

function checkFolder(dir: string, flag: string, given: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new ConfigError(`${flag} ${given}: the folder ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new ConfigError(`${flag} ${given}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ConfigError(`${flag} ${given}: cannot write in ${dir} (permission denied)`);
  }
}
