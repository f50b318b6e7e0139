/** n2n backends: what loaded, whether a GPU is used, versions. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { BACKEND_CHOICES, formatBackendReport, initBackend, type BackendChoice } from '../../backend/load-backend.js';
import type { CliIO } from '../io.js';

export interface BackendsArgs {
  backend: string;
  json: boolean;
}

export function backendsBuilder(y: Argv) {
  return y
    .option('backend', { type: 'string', choices: [...BACKEND_CHOICES], default: 'auto', describe: 'backend to load' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON' });
}

export async function backendsCommand(args: ArgumentsCamelCase<BackendsArgs> | BackendsArgs, io: CliIO): Promise<number> {
  const report = await initBackend(args.backend as BackendChoice);
  io.out(args.json ? JSON.stringify(report, null, 2) : formatBackendReport(report));
  return 0;
}
