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

/** Collects issues for one scenario, placing each in its file through the source map. */
export class Reporter {
  readonly issues: Issue[] = [];
  /** Kept as issues are added: checks ask for it after every task, so counting would be quadratic. */
  private errors = 0;

  constructor(private readonly sources: SourceMap) {}

  error(path: Path, code: IssueCode, message: string, options: IssueOptions = {}): void {
    this.add('error', path, code, message, options);
  }

  note(path: Path, code: IssueCode, message: string, options: IssueOptions = {}): void {
    this.add('note', path, code, message, options);
  }

  /** Adds an issue whose file and position are already known (YAML syntax errors). */
  addLocated(issue: Issue): void {
    this.push(issue);
  }

  get errorCount(): number {
    return this.errors;
  }

  /** The position of a field, for the model's `location` fields. */
  location(path: Path): SourceLocation | undefined {
    const { file, position } = this.sources.locate(path, 'key');
    return position ? { file, line: position.line, column: position.column } : undefined;
  }

  private add(severity: Severity, path: Path, code: IssueCode, message: string, options: IssueOptions): void {
    const { file, position } = this.sources.locate(path, options.at ?? 'value');
    this.push({
      severity,
      code,
      file,
      ...(position ? { line: position.line, column: position.column } : {}),
      path: formatPath(path),
      message,
      ...(options.hint ? { hint: options.hint } : {}),
    });
  }

  private push(issue: Issue): void {
    this.issues.push(issue);
    if (issue.severity === 'error') this.errors += 1;
  }
}
