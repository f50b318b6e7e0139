/** n2n run FILE.yaml: run a pipeline (or one shard of its sweep) and print a short table. */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { formatTables, runTablesStudy, tablesStudySchema } from '../../tasks/clusternet/tables.js';
import { loadPipeline } from '../../pipeline/load-config.js';
import { formatTable, runPipeline } from '../../pipeline/run-pipeline.js';
import { parseShard } from '../../pipeline/sweep.js';
import { reporter } from '../progress.js';
import type { CliIO } from '../io.js';
import { applyThreads, threadsOption } from '../common-options.js';
import { loadStudy, studyKind, validateDocument } from '../../scale/study.js';
import { checkKronStudy, formatKronStudy, kronStudySchema, runKronStudy } from '../../tasks/gcrf/kronecker/study.js';
import { formatStudy, runStudy } from '../../scale/run-study.js';
import { ConfigError } from '../../util/errors.js';
import { formatInterventionStudy, interventionStudyKeys, interventionStudySchema, runInterventionStudy } from '../../tasks/lcc/study.js';
import { detectionStudySchema, formatDetectionStudy, runDetectionStudy } from '../../tasks/detect/study.js';

export interface RunArgs {
  pipeline: string;
  quiet: boolean;
  shard?: string;
  force?: boolean;
  dataDir?: string;
  threads?: number;
}

export function runBuilder(y: Argv) {
  return threadsOption(y)
    .positional('pipeline', { type: 'string', demandOption: true, describe: 'pipeline YAML file' })
    .option('force', { type: 'boolean', default: false, describe: "write into an output folder that holds another pipeline's results, replacing them" })
    .option('shard', { type: 'string', describe: 'run share i of N (i = 0..N−1) of the (variant, seed) units; writes <output>/shard-i-of-N' })
    .option('data-dir', { type: 'string', describe: 'the folder ${N2N_DATA} stands for in dataset paths (default: $N2N_DATA)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress or log lines on stderr' })
    .example('$0 run pipelines/quickstart.yaml', 'the quickstart: HITS on a generated graph, three attacks')
    .example('$0 run pipelines/paper/grqc.yaml --data-dir ../shared/data', 'a paper experiment on a local copy of the data')
    .example('$0 run pipelines/scalability.yaml', 'Figure 4: time per phase and peak memory over three decades of sizes, with log-log slopes')
    .example('$0 run sweep.yaml --shard 3/8', 'the fourth of eight shares of a sweep (then: n2n merge results/sweep)');
}

/** Run `f` with a progress reporter on stderr (quiet: none), stopped however `f` ends. */
async function withReporter<T>(io: CliIO, quiet: boolean, f: (log: (m: string) => void) => Promise<T>): Promise<T> {
  const rep = reporter(io, { quiet });
  try {
    return await f(rep.log);
  } finally {
    rep.stop();
  }
}

export async function runCommand(args: ArgumentsCamelCase<RunArgs> | RunArgs, io: CliIO): Promise<number> {
  applyThreads(args.threads, io.err);
  const kind = studyKind(args.pipeline);
  if (kind === 'gcrf-kronecker') {
    if (args.shard !== undefined) throw new ConfigError(`--shard: ${args.pipeline} is a study; its points run one after another`);
    const study = validateDocument(args.pipeline, kronStudySchema, (kp) => (kp.length === 0 ? Object.keys(kronStudySchema.shape) : []));
    checkKronStudy(study);
    const outcome = await withReporter(io, args.quiet, (log) => runKronStudy(study, { log }));
    io.out(formatKronStudy(outcome));
    io.out(`results: ${outcome.outputDir}/results.csv, summary.csv and the figures ${outcome.figures.map((f) => f.split('/').pop()).join(', ')} (+ .png)`);
    return 0;
  }
  if (kind === 'clusternet-tables') {
    if (args.shard !== undefined) throw new ConfigError(`--shard: ${args.pipeline} is a study; its datasets run one after another`);
    const study = validateDocument(args.pipeline, tablesStudySchema, (kp) => (kp.length === 0 ? Object.keys(tablesStudySchema.shape) : []));
    const outcome = await withReporter(io, args.quiet, (log) => runTablesStudy(study, { log, dataDir: args.dataDir, baseDir: process.cwd() }));
    io.out(formatTables(outcome.rows));
    io.out(`results: ${outcome.outputDir}/results.csv (n2n report ${outcome.outputDir} draws the tables)`);
    return 0;
  }
  if (kind === 'intervention') {
    if (args.shard !== undefined) throw new ConfigError(`--shard: ${args.pipeline} is a study; its datasets run one after another`);
    const study = validateDocument(args.pipeline, interventionStudySchema, (kp) => (kp.length === 0 ? interventionStudyKeys : []));
    const outcome = await withReporter(io, args.quiet, (log) => runInterventionStudy(study, { log, dataDir: args.dataDir, baseDir: process.cwd() }));
    io.out(formatInterventionStudy(outcome.rows));
    io.out(`results: ${outcome.outputDir}/results.csv, plans.jsonl and the figures ${outcome.figures.map((f) => f.split('/').pop()).join(', ')} (+ .png)`);
    return 0;
  }
  if (kind === 'detection') {
    if (args.shard !== undefined) throw new ConfigError(`--shard: ${args.pipeline} is a study; its datasets run one after another`);
    const study = validateDocument(args.pipeline, detectionStudySchema, (kp) => (kp.length === 0 ? Object.keys(detectionStudySchema.shape) : []));
    const outcome = await withReporter(io, args.quiet, (log) => runDetectionStudy(study, { log, dataDir: args.dataDir, baseDir: process.cwd() }));
    io.out(formatDetectionStudy(outcome.rows));
    io.out(`results: ${outcome.outputDir}/results.csv, blocks.csv and the figures ${outcome.figures.map((f) => f.split('/').pop()).join(', ')} (+ .png)`);
    return 0;
  }
  if (kind !== null) {
    if (args.shard !== undefined) throw new ConfigError(`--shard: ${args.pipeline} is a scalability study; its points run one after another`);
    const study = loadStudy(args.pipeline);
    const outcome = await withReporter(io, args.quiet, (log) => runStudy(study, { log }));
    io.out(formatStudy(outcome));
    io.out(`results: ${outcome.outputDir}/points.csv, slopes.csv, figure-4.svg and figure-4.png`);
    return 0;
  }
  const config = loadPipeline(args.pipeline);
  const shard = args.shard !== undefined ? parseShard(args.shard) : undefined;
  const rep = reporter(io, { quiet: args.quiet });
  let outcome;
  try {
    outcome = await runPipeline(config, { log: rep.log, progress: rep.progress, shard, dataDir: args.dataDir, force: args.force });
  } finally {
    rep.stop();
  }
  io.out(formatTable(outcome.rows));
  const extra = [outcome.skipped ? `${outcome.skipped} runs already there and skipped` : '', shard ? `shard ${shard.index}/${shard.count}` : ''].filter(Boolean).join(', ');
  io.out(`results: ${outcome.outputDir}/results.csv (${outcome.rows.length} rows${extra ? `; ${extra}` : ''})`);
  const notMade = [
    outcome.skippedRuns.length ? `${outcome.skippedRuns.length} runs skipped (the attack's scores are not defined on this data)` : '',
    outcome.failedRuns.length ? `${outcome.failedRuns.length} runs failed` : '',
  ].filter(Boolean);
  if (notMade.length) io.out(`not made: ${notMade.join(', ')}; manifest.json lists each with why (skippedRuns, failedRuns)`);
  return 0;
}

