/**
 * What validation found. Every problem is collected (never thrown) so that one run of the loader
 * reports all of them at once, each with where it is and how to fix it (netassert's practice,
 * STYLE.md).
 */

/** A path into the scenario document: mapping keys and sequence indices. */
export type Path = readonly (string | number)[];

/** Stable codes, so that tools can filter issues without parsing messages. */
export type IssueCode =
  | 'file-missing'
  | 'file-unreadable'
  | 'file-too-large'
  | 'file-encoding'
  | 'file-refused'
  | 'outside-folder'
  | 'too-deep'
  | 'too-large'
  | 'unsafe-value'
  | 'no-scenarios'
  | 'yaml-syntax'
  | 'yaml-alias-limit'
  | 'yaml-unsupported'
  | 'empty-document'
  | 'invalid-json'
  | 'unknown-api-version'
  | 'unknown-key'
  | 'missing-key'
  | 'wrong-type'
  | 'out-of-range'
  | 'invalid-value'
  | 'duplicate-name'
  | 'unknown-task'
  | 'unknown-role'
  | 'unknown-container'
  | 'unknown-volume'
  | 'unknown-target'
  | 'unknown-verdict'
  | 'not-applicable'
  | 'bad-step'
  | 'task-state'
  | 'invalid-regex'
  | 'not-simulated'
  | 'image-unavailable'
  | 'unused'
  | 'untrusted-role'
  | 'internal-error'
  /** Stands for `count` issues that were counted but not kept (reporter.ts). */
  | 'untold'
  | 'invalid-policy';

export type Severity = 'error' | 'note';

/** One problem (severity `error`) or remark (severity `note`) about one place in one file. */
export interface Issue {
  severity: Severity;
  code: IssueCode;
  /** The file as the caller named it (or the `sourceName` given to `validateScenario`). */
  file: string;
  /** 1-based; absent when the scenario came from a TypeScript object, which has no lines. */
  line?: number;
  /** 1-based; present whenever `line` is. */
  column?: number;
  /** The field, e.g. `steps[2].expect.targets.imdss`; '' for the document (or file) itself. */
  path: string;
  message: string;
  /** How to fix it, when there is more to say than the message. */
  hint?: string;
  /** Only on an `untold` issue: how many issues it stands for. */
  count?: number;
}

/** How many issues a list stands for (an `untold` issue counts as many as it says). */
export const issueCount = (issues: readonly Issue[]): number => issues.reduce((n, i) => n + (i.count ?? 1), 0);

/** `steps[2].expect.targets.imdss`: keys joined with dots, indices in brackets, odd keys quoted. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z0-9_$:@+=,-]+$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export const isError = (issue: Issue): boolean => issue.severity === 'error';

/**
 * Orders issues for reading: files in the order they first appear (a scenario before the files it
 * references), then by position; issues without a position keep the order they were found in.
 */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  const fileOrder = new Map<string, number>();
  for (const issue of issues) if (!fileOrder.has(issue.file)) fileOrder.set(issue.file, fileOrder.size);
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (fileOrder.get(a.issue.file) ?? 0) - (fileOrder.get(b.issue.file) ?? 0) ||
        (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}
