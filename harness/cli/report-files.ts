import { accessSync, constants, statSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EcsSimError } from '../errors.ts';
import { githubAnnotations, githubSummary } from '../report/github.ts';
import { htmlReport } from '../report/html.ts';
import { jsonReport } from '../report/json.ts';
import { junitReport } from '../report/junit.ts';
import type { ScenarioResult } from '../runner/results.ts';

/** The report files a command was asked for (`--json`, `--junit`, `--html`). */
export interface ReportFiles {
  json?: string | undefined;
  junit?: string | undefined;
  html?: string | undefined;
}

const FLAGS = { json: '--json', junit: '--junit', html: '--html' } as const;

/**
 * Fails before anything boots when a report could not be written afterwards: a whole run's
 * results lost to a typo in a path is the costliest usage error there is.
 */
export function checkReportPaths(files: ReportFiles): void {
  for (const [key, flag] of Object.entries(FLAGS) as [keyof ReportFiles, string][]) {
    const path = files[key];
    if (path === undefined) continue;
    const problem = unwritable(path);
    if (problem) throw new EcsSimError('BAD_ARGUMENT', `${flag} ${path}: ${problem}`, { kind: 'input', fix: `give ${flag} a file path you may write to (missing folders are made)` });
  }
}

/** A folder the run will write into (made when missing): the same checks, but a folder is right. */
export function checkFolderPath(flag: string, path: string): void {
  const st = stat(resolve(path));
  const problem = st?.isDirectory() ? access(resolve(path), `the folder ${path} cannot be written`) : st ? 'that is a file, not a folder' : unwritable(join(path, 'x'));
  if (problem) throw new EcsSimError('BAD_ARGUMENT', `${flag} ${path}: ${problem}`, { kind: 'input', fix: `give ${flag} a folder you may write to (it is made when missing)` });
}

/** What is at `path`, or undefined when nothing is (or a part of it is not a folder). */
const stat = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/** Why `path` could not be written, if it could not. Missing folders are fine: they are made. */
function unwritable(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  const full = resolve(path);
  const st = stat(full);
  if (st?.isDirectory()) return 'that is a folder, not a file';
  if (st) return access(full, 'the file exists and cannot be written');
  // The nearest part of the path that exists must be a folder we may write in.
  let dir = dirname(full);
  let at = stat(dir);
  while (!at && dirname(dir) !== dir) at = stat((dir = dirname(dir)));
  if (!at?.isDirectory()) return `${dir} is not a folder`;
  return access(dir, `the folder ${dir} cannot be written`);
}

function access(path: string, problem: string): string | undefined {
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch {
    return problem;
  }
}

/**
 * Writes the reports asked for, and in GitHub Actions the job summary (GITHUB_STEP_SUMMARY) and
 * the annotations (stdout, where the runner reads workflow commands).
 */
export async function writeReports(results: ScenarioResult[], files: ReportFiles, env: NodeJS.ProcessEnv = process.env, out: { write(s: string): unknown } = process.stdout): Promise<void> {
  const write = async (path: string | undefined, text: () => string) => {
    if (!path) return;
    await mkdir(dirname(resolve(path)), { recursive: true });
    await writeFile(path, text());
  };
  await write(files.json, () => jsonReport(results));
  await write(files.junit, () => junitReport(results));
  await write(files.html, () => htmlReport(results));
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, githubSummary(results));
  if (env.GITHUB_ACTIONS === 'true') for (const line of githubAnnotations(results)) out.write(`${line}\n`);
}
