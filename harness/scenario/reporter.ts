import { formatPath, type Issue, type IssueCode, type Path, type Severity } from './issues.ts';
import type { SourceLocation } from './model.ts';
import type { Anchor } from './positions.ts';
import type { SourceMap } from './source-map.ts';

/** Where in the field an issue points: see SourceMap.locate. */
export type IssueAnchor = Anchor | 'parent-key';

export interface IssueOptions {
  hint?: string | undefined;
  /** Default 'value'. */
  at?: IssueAnchor;
}

/**
 * Issues of each severity kept per scenario; the rest are counted (issue 14: a list of 100k wrong
 * items made 100k messages and half a gigabyte). Far more than are printed (format.ts).
 */
export const MAX_KEPT_ISSUES = 1000;

/** Collects issues for one scenario, placing each in its file through the source map. */
export class Reporter {
  private readonly kept: Issue[] = [];
  private readonly counts = { error: 0, note: 0 };
  private readonly untold = { error: 0, note: 0 };

  constructor(private readonly sources: SourceMap) {}

  error(path: Path, code: IssueCode, message: string, options: IssueOptions = {}): void {
    this.add('error', path, code, message, options);
  }

  note(path: Path, code: IssueCode, message: string, options: IssueOptions = {}): void {
    this.add('note', path, code, message, options);
  }

  /** Adds an issue whose file and position are already known (YAML syntax errors). */
  addLocated(issue: Issue): void {
    if (this.keeps(issue.severity)) this.kept.push(issue);
  }

  /** Counted as issues are added: checks ask after every task, so counting then would be quadratic. */
  get errorCount(): number {
    return this.counts.error;
  }

  /** What was found: the issues kept and, for each severity past the limit, one that counts the rest. */
  get issues(): Issue[] {
    const summaries = (['error', 'note'] as const)
      .filter((severity) => this.untold[severity] > 0)
      .map((severity): Issue => {
        const n = this.untold[severity];
        return { severity, code: 'untold', file: this.sources.rootFile, path: '', message: `${n} more ${severity}s, not kept`, count: n };
      });
    return [...this.kept, ...summaries];
  }

  /** The position of a field, for the model's `location` fields. */
  location(path: Path): SourceLocation | undefined {
    const { file, position } = this.sources.locate(path, 'key');
    return position ? { file, line: position.line, column: position.column } : undefined;
  }

  private add(severity: Severity, path: Path, code: IssueCode, message: string, options: IssueOptions): void {
    if (!this.keeps(severity)) return;
    const { file, position } = this.sources.locate(path, options.at ?? 'value');
    this.kept.push({
      severity,
      code,
      file,
      ...(position ? { line: position.line, column: position.column } : {}),
      path: formatPath(path),
      message,
      ...(options.hint ? { hint: options.hint } : {}),
    });
  }

  /** Counts one more issue; false when its severity is past the limit, so that it is only counted. */
  private keeps(severity: Severity): boolean {
    this.counts[severity] += 1;
    if (this.counts[severity] <= MAX_KEPT_ISSUES) return true;
    this.untold[severity] += 1;
    return false;
  }
}
