/**
 * Progress for long runs: a spinner line with the count and the last run (ora) when stderr is
 * a terminal that can draw it (at least 20 columns, TERM not dumb) and CI is not set; plain
 * `[done/total] …` lines otherwise (logs, CI, a 0-column pseudo-terminal); nothing with --quiet.
 * Progress never blocks work. Warnings and log lines always come through as lines of their own.
 */
import ora, { type Ora } from 'ora';
import type { CliIO } from './io.js';
import type { Progress } from '../pipeline/run-pipeline.js';

export interface Reporter {
  log(message: string): void;
  progress(p: Progress): void;
  stop(): void;
}

/** The smallest terminal a spinner line is drawn on; narrower (some containers and CI runners report 0) gets plain lines. */
const MIN_COLUMNS = 20;

export function reporter(io: CliIO, options: { quiet: boolean; stream?: { isTTY?: boolean; columns?: number } }): Reporter {
  if (options.quiet) return { log: () => {}, progress: () => {}, stop: () => {} };
  const stream = options.stream ?? process.stderr;
  const interactive =
    io.terminal === true && Boolean(stream.isTTY) && (stream.columns ?? 0) >= MIN_COLUMNS && process.env.TERM !== 'dumb' && !process.env.CI;
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
