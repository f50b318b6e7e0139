/** Read, merge (`extends:`) and validate a pipeline file, with file:line errors. */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve, join } from 'node:path';
import { parseDocument, LineCounter, isMap, type Document } from 'yaml';
import { ConfigError } from '../util/errors.js';
import { suggest } from '../util/suggest.js';
import { KNOWN_KEYS, pipelineSchema, type PipelineConfig } from './schema.js';
import { configureAttacks } from '../attacks/configured.js';
import { getTask } from '../tasks/registry.js';

type Plain = Record<string, unknown>;

export interface Parsed {
  value: Plain;
  doc: Document;
  lines: LineCounter;
  path: string;
}

export function parseFile(path: string): Parsed {
  if (!existsSync(path)) throw new ConfigError(`${path}: no such pipeline file`);
  const text = readFileSync(path, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new ConfigError(`${path}${pos ? `:${pos.line}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const value = doc.toJS() as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${path}: expected a mapping of pipeline keys (name, dataset, task, attacks, budgets, seeds, output)`);
  }
  return { value: value as Plain, doc, lines, path };
}

export function lineOf(p: Parsed, keyPath: (string | number)[]): number | null {
  const node = p.doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
  let offset = node?.range?.[0];
  if (offset === undefined && keyPath.length > 0) {
    const parent = p.doc.getIn(keyPath.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((it) => (it.key as { value?: unknown } | null)?.value === keyPath[keyPath.length - 1]);
      offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
    }
  }
  return offset === undefined ? null : p.lines.linePos(offset).line;
}

function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Plain, v as Plain)
        : v;
  }
  return out;
}

/** The package's own configs/ folder (dist/pipeline/ or src/pipeline/ → ../../configs). */
const PACKAGE_CONFIGS = fileURLToPath(new URL('../../configs/', import.meta.url));

/**
 * Resolve an `extends:` name: a path relative to the file, else `configs/<name>[.yaml]` in the
 * file's folder or any folder above it, in the current directory, or in the package.
 */
function resolveFragment(name: string, from: string): string {
  const names = name.endsWith('.yaml') || name.endsWith('.yml') ? [name] : [name, `${name}.yaml`];
  const candidates: string[] = names.map((n) => resolve(dirname(from), n));
  for (let dir = dirname(resolve(from)); ; dir = dirname(dir)) {
    candidates.push(...names.map((n) => join(dir, 'configs', n)));
    if (dirname(dir) === dir) break;
  }
  candidates.push(...names.map((n) => join(process.cwd(), 'configs', n)), ...names.map((n) => join(PACKAGE_CONFIGS, n)));
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!hit) throw new ConfigError(`${from}: extends '${name}': no such file (looked for ${names.join(' or ')} beside it and in every configs/ folder above it, in ./configs and in ${PACKAGE_CONFIGS})`);
  return hit;
}

function checkUnknownKeys(p: Parsed, value: Plain, prefix: string[], problems: string[]): void {
  const known = KNOWN_KEYS[prefix.join('.')];
  if (!known) return;
  for (const [k, v] of Object.entries(value)) {
    if (!known.includes(k)) {
      const line = lineOf(p, [...prefix, k]);
      problems.push(`${p.path}${line ? `:${line}` : ''}: unknown key '${[...prefix, k].join('.')}'${suggest(k, known)}; expected one of ${known.join(', ')}`);
      continue;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) checkUnknownKeys(p, v as Plain, [...prefix, k], problems);
  }
}

/** Every problem found, one per line (a file with several mistakes gets them all at once). */
function fail(problems: string[]): never {
  throw new ConfigError(problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
}

export function loadPipeline(path: string, seen: string[] = []): PipelineConfig {
  const p = parseFile(path);
  const problems: string[] = [];
  checkUnknownKeys(p, p.value, [], problems);
  let merged: Plain = {};
  const ext = p.value.extends;
  for (const name of ext === undefined ? [] : Array.isArray(ext) ? ext : [ext]) {
    const frag = resolveFragment(String(name), path);
    if (seen.includes(frag)) throw new ConfigError(`${path}: extends cycle through ${frag}`);
    const fp = parseFile(frag);
    checkUnknownKeys(fp, fp.value, [], problems);
    merged = deepMerge(merged, fp.value);
  }
  merged = deepMerge(merged, p.value);
  delete merged.extends;
  const r = pipelineSchema.safeParse(merged);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const keyPath = issue.path.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number');
      // an unknown key where KNOWN_KEYS reaches is reported above, with its suggestion
      if (issue.code === 'unrecognized_keys' && KNOWN_KEYS[keyPath.join('.')] !== undefined) continue;
      const line = lineOf(p, keyPath);
      const where = keyPath.length ? keyPath.join('.') : '(top level)';
      problems.push(`${path}${line ? `:${line}` : ''}: ${where}: ${issue.message}`);
    }
    fail(problems);
  }
  if (problems.length) fail(problems);
  // the task and the attacks check their own options: report those with the line too
  const at = (keyPath: (string | number)[], e: unknown): void => {
    if (!(e instanceof ConfigError)) throw e;
    const line = lineOf(p, keyPath);
    problems.push(`${path}${line ? `:${line}` : ''}: ${keyPath.join('.')}: ${e.message}`);
  };
  try {
    const { name, ...options } = r.data.task;
    getTask(name).parseOptions(options);
  } catch (e) {
    at(['task'], e);
  }
  r.data.attacks.forEach((a, i) => {
    try {
      configureAttacks([a]);
    } catch (e) {
      at(['attacks', i], e);
    }
  });
  if (problems.length === 0) {
    try {
      configureAttacks(r.data.attacks);
    } catch (e) {
      at(['attacks'], e);
    }
  }
  if (problems.length) fail(problems);
  return r.data;
}
