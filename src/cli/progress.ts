/**
 * Progress for long runs: a spinner line with the count and the last run (ora) when stderr is
 * a terminal and CI is not set; plain `[done/total] …` lines otherwise (logs, CI); nothing
 * with --quiet. Warnings and log lines always come through as lines of their own.
 */
import ora, { type Ora } from 'ora';
import type { CliIO } from './io.js';
import type { Progress } from '../pipeline/run-pipeline.js';

export interface Reporter {
  log(message: string): void;
  progress(p: Progress): void;
  stop(): void;
}

export function reporter(io: CliIO, options: { quiet: boolean }): Reporter {
  if (options.quiet) return { log: () => {}, progress: () => {}, stop: () => {} };
  const interactive = io.terminal === true && Boolean(process.stderr.isTTY) && !process.env.CI;
  const started = performance.now();
  const eta = (p: Progress): string => {
    if (p.done === 0 || p.done >= p.total) return '';
    const s = ((performance.now() - started) / 1000 / p.done) * (p.total - p.done);
    return s < 90 ? `, ~${Math.ceil(s)} s left` : `, ~${Math.ceil(s / 60)} min left`;
  };
  if (!interactive) {
    return {
      log: (m) => io.err(m),
      progress: (p) => io.err(`[${p.done}/${p.total}] ${p.label}`),
      stop: () => {},
    };
  }
  const spinner: Ora = ora({ stream: process.stderr, text: 'starting' }).start();
  return {
    log(m) {
      spinner.stop();
      io.err(m);
      spinner.start();
    },
    progress(p) {
      spinner.text = `[${p.done}/${p.total}${eta(p)}] ${p.label}`;
    },
    stop() {
      spinner.stop();
    },
  };
}
