/** Where the CLI writes: results to `out`, progress and warnings to `err`. Tests capture both. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** the real process streams (a progress spinner may draw on stderr when it is a terminal) */
  terminal?: boolean;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  terminal: true,
};
