import { accessSync, constants, statSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
    if (problem) throw new EcsSimError('BAD_ARGUMENT', `${flag} ${path}: ${problem}`, { kind: 'input', fix: `give ${flag} a file in a folder that exists and that you may write to` });
  }
}

function unwritable(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  const full = resolve(path);
  try {
    const st = statSync(full, { throwIfNoEntry: false });
    if (st?.isDirectory()) return 'that is a folder, not a file';
    if (st) return access(full, 'the file exists and cannot be written');
    const dir = statSync(dirname(full), { throwIfNoEntry: false });
    if (!dir) return `the folder ${dirname(path)} does not exist`;
    if (!dir.isDirectory()) return `${dirname(path)} is not a folder`;
    return access(dirname(full), `the folder ${dirname(path)} cannot be written`);
  } catch (err) {
    return (err as Error).message;
  }
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
  if (files.json) await writeFile(files.json, jsonReport(results));
  if (files.junit) await writeFile(files.junit, junitReport(results));
  if (files.html) await writeFile(files.html, htmlReport(results));
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, githubSummary(results));
  if (env.GITHUB_ACTIONS === 'true') for (const line of githubAnnotations(results)) out.write(`${line}\n`);
}
