/** n2n report DIR…: figures (SVG and PNG) and a one-page HTML summary of pipeline results. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { writeReport } from '../../report/report.js';
import type { CliIO } from '../io.js';

export interface ReportArgs {
  dirs: string[];
  out?: string;
  png: boolean;
  quiet: boolean;
}

export function reportBuilder(y: Argv) {
  return y
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'results folders (with results.csv), or folders holding them' })
    .option('out', { type: 'string', describe: 'output folder (default: DIR/report for one DIR, else ./report)' })
    .option('png', { type: 'boolean', default: true, describe: 'write PNG copies of the figures (--no-png: SVG only)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress lines' })
    .example('$0 report results/quickstart', 'figures and results/quickstart/report/report.html')
    .example('$0 report results/paper --out report', "all the paper pipelines' results on one page");
}

export async function reportCommand(args: ArgumentsCamelCase<ReportArgs> | ReportArgs, io: CliIO): Promise<number> {
  const outcome = await writeReport(args.dirs, { out: args.out, png: args.png, log: args.quiet ? undefined : io.err });
  for (const f of outcome.findings) {
    const verdict = f.n2nRank === null ? 'n2n not run' : f.n2nRank === 1 ? 'n2n distorts most' : `n2n rank ${f.n2nRank}/${f.attacks}, ${f.best} distorts most`;
    io.out(`${f.dataset} ${f.metric} k=${f.budget}: ${verdict} (best ${f.bestMean.toPrecision(4)}${f.n2n !== null ? `, n2n ${f.n2n.toPrecision(4)}` : ''})`);
  }
  io.out(`report: ${outcome.outDir}/report.html (${outcome.files.length} files)`);
  return 0;
}
