import { escapeText } from '../report/escape.ts';
import type { Issue } from './issues.ts';

/**
 * Issues as text, one per line in the compiler style editors and CI annotate:
 *   scenarios/x.yaml:12:5: steps[2].expect.targets.imdss: unknown target "imdss" (did you mean "imds"?)
 *       fix: targets: imds, imds-token, ...
 * Notes say "note:" after the path; errors say nothing extra. Every part comes from the user's
 * files, so each is escaped (report/escape.ts): an issue is always exactly its lines.
 */

/** Issues printed per file; the rest are counted (a 100k-item list of mistakes is one mistake). */
export const MAX_ISSUES_PER_FILE = 50;

export interface FormatOptions {
  /** Print each issue's fix hint on an indented line under it. Default true. */
  hints?: boolean;
  /** Issues printed per file, then a line counting the rest. Default MAX_ISSUES_PER_FILE (50). */
  maxPerFile?: number;
}

export function formatIssue(issue: Issue, options: FormatOptions = {}): string {
  const file = escapeText(issue.file);
  const where = issue.line !== undefined ? `${file}:${issue.line}:${issue.column ?? 1}` : file;
  const field = issue.path === '' ? '' : `${escapeText(issue.path)}: `;
  const kind = issue.severity === 'note' ? 'note: ' : '';
  const line = `${where}: ${field}${kind}${escapeText(issue.message)}`;
  return (options.hints ?? true) && issue.hint ? `${line}\n    fix: ${escapeText(issue.hint)}` : line;
}

export function formatIssues(issues: readonly Issue[], options: FormatOptions = {}): string {
  const max = options.maxPerFile ?? MAX_ISSUES_PER_FILE;
  const perFile = new Map<string, { total: number; last: number; omitted: Issue[] }>();
  issues.forEach((issue, index) => {
    const entry = perFile.get(issue.file) ?? { total: 0, last: index, omitted: [] };
    entry.total += 1;
    entry.last = index;
    if (entry.total > max) entry.omitted.push(issue);
    perFile.set(issue.file, entry);
  });
  const seen = new Map<string, number>();
  const lines: string[] = [];
  issues.forEach((issue, index) => {
    const count = (seen.get(issue.file) ?? 0) + 1;
    seen.set(issue.file, count);
    if (count <= max) lines.push(formatIssue(issue, options));
    const entry = perFile.get(issue.file);
    if (entry && entry.last === index && entry.omitted.length > 0) lines.push(`${escapeText(issue.file)}: ${entry.omitted.length} more ${kindOf(entry.omitted)} in this file, not shown (the first ${max} are above)`);
  });
  return lines.join('\n');
}

const kindOf = (issues: readonly Issue[]): string =>
  issues.every((i) => i.severity === 'error') ? 'errors' : issues.every((i) => i.severity === 'note') ? 'notes' : 'issues';
