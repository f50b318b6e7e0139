/** n2n backends: what loaded, whether a GPU is used, versions. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { BACKEND_CHOICES, formatBackendReport, initBackend, type BackendChoice } from '../../backend/load-backend.js';
import type { CliIO } from '../io.js';
import { getPool } from '../../parallel/pool.js';
import { deviceFirst } from '../../backend/placement.js';
import { applyThreads, threadsOption } from '../common-options.js';

export interface BackendsArgs {
  backend: string;
  json: boolean;
  threads?: number;
}

export function backendsBuilder(y: Argv) {
  return threadsOption(y)
    .option('backend', { type: 'string', choices: [...BACKEND_CHOICES], default: 'auto', describe: 'backend to load' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON' });
}

export async function backendsCommand(args: ArgumentsCamelCase<BackendsArgs> | BackendsArgs, io: CliIO): Promise<number> {
  applyThreads(args.threads, io.err);
  const report = await initBackend(args.backend as BackendChoice);
  // start the pool, so the count is the threads that actually run (workers may fail to start)
  const hostThreads = getPool().size;
  const autoPath = deviceFirst() ? 'float32 on the device first, refined in float64 on the host when float32 cannot resolve the answer' : 'float64 on the host';
  io.out(
    args.json
      ? JSON.stringify({ ...report, hostThreads, deviceFirst: deviceFirst() }, null, 2)
      : `${formatBackendReport(report)}\nhost:      ${hostThreads} thread${hostThreads === 1 ? '' : 's'} for the float64 solvers (--threads, $N2N_THREADS)\nauto:      --precision auto solves in ${autoPath} (N2N_DEVICE_FIRST=1|0 overrides)`,
  );
  return 0;
}
