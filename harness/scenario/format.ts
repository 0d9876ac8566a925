import type { Issue } from './issues.ts';

/**
 * Issues as text, one per line in the compiler style editors and CI annotate:
 *   scenarios/x.yaml:12:5: steps[2].expect.targets.imdss: unknown target "imdss" (did you mean "imds"?)
 *       fix: targets: imds, imds-token, ...
 * Notes say "note:" after the path; errors say nothing extra.
 */

export interface FormatOptions {
  /** Print each issue's fix hint on an indented line under it. Default true. */
  hints?: boolean;
}

export function formatIssue(issue: Issue, options: FormatOptions = {}): string {
  const where = issue.line !== undefined ? `${issue.file}:${issue.line}:${issue.column ?? 1}` : issue.file;
  const field = issue.path === '' ? '' : `${issue.path}: `;
  const kind = issue.severity === 'note' ? 'note: ' : '';
  const line = `${where}: ${field}${kind}${issue.message}`;
  return (options.hints ?? true) && issue.hint ? `${line}\n    fix: ${issue.hint}` : line;
}

export function formatIssues(issues: readonly Issue[], options: FormatOptions = {}): string {
  return issues.map((issue) => formatIssue(issue, options)).join('\n');
}
