import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath, type Issue } from '../../../harness/scenario/index.ts';

const issue: Issue = {
  severity: 'error',
  code: 'unknown-target',
  file: 'scenarios/x.yaml',
  line: 12,
  column: 5,
  path: 'steps[2].expect.targets.imdss',
  message: 'unknown target "imdss" (did you mean "imds"?)',
  hint: 'targets: imds, ...',
};

describe('formatIssue', () => {
  it('writes file:line:column: path: message, and the hint under it', () => {
    expect(formatIssue(issue)).toBe('scenarios/x.yaml:12:5: steps[2].expect.targets.imdss: unknown target "imdss" (did you mean "imds"?)\n    fix: targets: imds, ...');
    expect(formatIssue(issue, { hints: false })).toBe('scenarios/x.yaml:12:5: steps[2].expect.targets.imdss: unknown target "imdss" (did you mean "imds"?)');
  });

  it('marks notes and leaves out what is unknown', () => {
    const { line: _l, column: _c, hint: _h, ...bare } = issue;
    expect(formatIssue({ ...bare, severity: 'note', path: '', message: 'accepted, not simulated' })).toBe('scenarios/x.yaml: note: accepted, not simulated');
  });
});

describe('formatPath', () => {
  it('uses dots for keys, brackets for indices, and quotes odd keys', () => {
    expect(formatPath(['steps', 2, 'expect', 'targets', 'credentials-of:db'])).toBe('steps[2].expect.targets.credentials-of:db');
    expect(formatPath(['tasks', 'bad name'])).toBe('tasks["bad name"]');
    expect(formatPath([])).toBe('');
  });
});
