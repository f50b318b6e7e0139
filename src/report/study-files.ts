/**
 * What the studies (tasks/<name>/study.ts) share about their files: whether a folder's
 * results.csv is a given study's (by its columns), reading such a file back into typed rows,
 * whether a rerun may keep the rows (its settings.json unchanged), and writing a figure as
 * SVG and PNG.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBytesAtomic, writeTextAtomic } from '../util/atomic-write.js';
import { parseCsvLine } from '../util/csv.js';
import { InputError } from '../util/errors.js';
import { renderSvg, svgToPng } from './figures.js';

/** Whether DIR/results.csv exists and its header names every one of `columns`. */
export function resultsHave(dir: string, ...columns: string[]): boolean {
  const p = join(dir, 'results.csv');
  if (!existsSync(p)) return false;
  const head = readFileSync(p, 'utf8').split('\n', 1)[0]!.split(',');
  return columns.every((c) => head.includes(c));
}

/**
 * A study's CSV back as rows: the `columns` (all required, else an error naming `what`), the
 * `text` ones as strings, the others as numbers (an empty cell: NaN). A missing file: no rows.
 */
export function readStudyRows<T>(path: string, columns: readonly string[], text: readonly string[], what: string): T[] {
  if (!existsSync(path)) return [];
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  if (columns.some((c) => !cols.includes(c))) throw new InputError(path, 1, `not ${what}; move it away to start afresh`);
  return lines
    .filter((l) => l.trim())
    .map((line) => {
      const cells = parseCsvLine(line);
      const row: Record<string, unknown> = {};
      for (const c of columns) {
        const v = cells[cols.indexOf(c)] ?? '';
        row[c] = text.includes(c) ? v : v === '' ? Number.NaN : Number(v);
      }
      return row as T;
    });
}

/** Whether a rerun keeps the rows in `resultsPath`: they exist and were made with these settings (settings.json beside them). */
export function sameSettings(resultsPath: string, settingsPath: string, settings: string): boolean {
  return existsSync(resultsPath) && existsSync(settingsPath) && readFileSync(settingsPath, 'utf8') === settings;
}

/** DIR/NAME.svg and DIR/NAME.png from a vega-lite spec (atomically); returns the SVG's path. */
export async function writeFigure(dir: string, name: string, spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  const svg = await renderSvg(spec);
  const file = join(dir, `${name}.svg`);
  await writeTextAtomic(file, svg);
  await writeBytesAtomic(join(dir, `${name}.png`), svgToPng(svg));
  return file;
}
