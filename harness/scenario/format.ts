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
  // Per file: its issues printed so far, the index of its last issue, and what is not printed.
  const perFile = new Map<string, { last: number; omitted: number; severities: Set<string> }>();
  const shown = new Map<string, number>();
  const printed = issues.map((issue, index) => {
    const entry = perFile.get(issue.file) ?? { last: index, omitted: 0, severities: new Set<string>() };
    entry.last = index;
    perFile.set(issue.file, entry);
    const untold = issue.count !== undefined;
    const n = untold ? max + 1 : (shown.get(issue.file) ?? 0) + 1;
    if (!untold) shown.set(issue.file, n);
    if (n <= max) return true;
    entry.omitted += issue.count ?? 1;
    entry.severities.add(issue.severity);
    return false;
  });
  const lines: string[] = [];
  issues.forEach((issue, index) => {
    if (printed[index]) lines.push(formatIssue(issue, options));
    const entry = perFile.get(issue.file);
    if (entry && entry.last === index && entry.omitted > 0) {
      const kind = entry.severities.size > 1 ? 'issues' : entry.severities.has('note') ? 'notes' : 'errors';
      lines.push(`${escapeText(issue.file)}: ${entry.omitted} more ${kind} in this file, not shown (the first ${Math.min(max, shown.get(issue.file) ?? 0)} are above)`);
    }
  });
  return lines.join('\n');
}
