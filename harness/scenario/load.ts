import createDebug from 'debug';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { formatPath, sortIssues, type Issue } from './issues.ts';
import type { Scenario } from './model.ts';
import { parseYamlText } from './parse-yaml.ts';
import { MAX_FILE_BYTES, readFailureCode, readTextFile } from './read-file.ts';
import { scenarioDirs } from './references.ts';
import { SourceMap } from './source-map.ts';
import { validateTree } from './validate.ts';

/**
 * Loading scenario files: everything is read and validated before anything runs, and every error
 * of every file is reported at once (or, when all is well, the notes). Never throws on bad input.
 */

export type LoadResult =
  | { ok: true; scenarios: Scenario[]; notes: Issue[] }
  | { ok: false; errors: Issue[]; notes: Issue[] };

export interface LoadOptions {
  /** Largest scenario or referenced (JSON) file read. Default 1 MiB. */
  maxFileBytes?: number;
}

const debug = createDebug('ecs-sim:scenario');

const SCENARIO_EXTENSIONS = new Set(['.yaml', '.yml']);

/** Loads one scenario file (YAML), with the JSON files it references. */
export async function loadScenarioFile(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  const { result } = loadOne(file, options);
  return result.ok ? { ok: true, scenarios: [result.scenario], notes: result.notes } : result;
}

/**
 * Loads files and folders (searched recursively for *.yaml and *.yml, in name order). Scenario
 * names must be unique across everything loaded together.
 */
export async function loadScenarios(pathsOrFolders: string | readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const inputs = typeof pathsOrFolders === 'string' ? [pathsOrFolders] : pathsOrFolders;
  const errors: Issue[] = [];
  const notes: Issue[] = [];
  const scenarios: Scenario[] = [];
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) errors.push({ severity: 'error', code: 'file-missing', file: input, path: '', message: 'no such file or folder' });
    else if (info.isDirectory()) {
      const found = await scenarioFilesIn(input);
      if (found.length === 0) errors.push({ severity: 'error', code: 'no-scenarios', file: input, path: '', message: 'no scenario files (*.yaml, *.yml) in this folder' });
      files.push(...found);
    } else files.push(input);
  }
  const names = new Map<string, string>();
  for (const file of [...new Set(files)]) {
    const { result, nameAt } = loadOne(file, options);
    notes.push(...result.notes);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const first = names.get(result.scenario.name);
    if (first !== undefined) {
      errors.push({ severity: 'error', code: 'duplicate-name', file, ...nameAt, path: 'name', message: `scenario name "${result.scenario.name}" is already used by ${first}`, hint: 'scenario names must be unique: reports are keyed by them' });
      continue;
    }
    names.set(result.scenario.name, file);
    scenarios.push(result.scenario);
  }
  return errors.length === 0 ? { ok: true, scenarios, notes } : { ok: false, errors, notes };
}

async function scenarioFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await scenarioFilesIn(path)));
    else if (!SCENARIO_EXTENSIONS.has(extname(entry.name))) continue;
    // Symbolic links are followed to files only, never to folders (no loops).
    else if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) out.push(path);
  }
  return out;
}

type OneResult = { ok: true; scenario: Scenario; notes: Issue[] } | { ok: false; errors: Issue[]; notes: Issue[] };

/**
 * One file, never throwing: should a check still throw on some input (a bug, which the fuzz test
 * hunts for), the file gets an error naming it rather than the command a stack trace.
 */
function loadOne(file: string, options: LoadOptions): { result: OneResult; nameAt: { line?: number; column?: number } } {
  try {
    return loadOneUnguarded(file, options);
  } catch (err) {
    debug('internal error while loading %s: %O', file, err);
    const message = `ecs-sim could not check this file (an internal error: ${err instanceof Error ? err.message : String(err)})`;
    const issue: Issue = { severity: 'error', code: 'internal-error', file, path: '', message, hint: 'please report it with the file; DEBUG=ecs-sim:* shows the stack' };
    return { result: { ok: false, errors: [issue], notes: [] }, nameAt: {} };
  }
}

function loadOneUnguarded(file: string, options: LoadOptions): { result: OneResult; nameAt: { line?: number; column?: number } } {
  const read = readTextFile(file, options.maxFileBytes ?? MAX_FILE_BYTES);
  if (!read.ok) {
    const code = readFailureCode(read);
    const base = { severity: 'error', code, file, path: '' } as const;
    const issue: Issue =
      read.reason === 'encoding'
        ? { ...base, line: read.position.line, column: read.position.column, message: read.detail, hint: read.hint }
        : read.reason === 'too-large'
          ? { ...base, message: `file too large: ${read.detail}`, hint: 'a scenario is a few KiB; is this the right file?' }
          : { ...base, message: read.reason === 'refused' ? `not read: ${read.detail}` : `cannot read the file: ${read.detail}` };
    return { result: { ok: false, errors: [issue], notes: [] }, nameAt: {} };
  }
  const parsed = parseYamlText(read.text);
  const earlier: Issue[] = (parsed.ok ? [] : parsed.problems).map((p) => ({
    severity: 'error',
    code: p.code,
    file,
    line: p.position.line,
    column: p.position.column,
    path: formatPath(p.path),
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
  const value = parsed.value;
  if (value === undefined) return { result: { ok: false, errors: sortIssues(earlier), notes: [] }, nameAt: {} };
  const sources = new SourceMap(file, parsed.locator);
  const result = validateTree(value, sources, { ...scenarioDirs(file), ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}) }, earlier);
  const at = parsed.locator?.locate(['name'], 'value');
  return { result, nameAt: at ? { line: at.line, column: at.column } : {} };
}

