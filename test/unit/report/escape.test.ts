import { describe, expect, it } from 'vitest';
import { consoleReporter } from '../../../harness/report/console.ts';
import { escapeText } from '../../../harness/report/escape.ts';
import { formatIssues, type Issue, type Scenario } from '../../../harness/scenario/index.ts';

const FORGED = 'web\n::error file=README.md,line=1::forged\u001b[2J\u2028\u202e';

describe('escapeText', () => {
  it('shows control characters, line separators and bidi overrides as escapes', () => {
    expect(escapeText(FORGED)).toBe('web\\n::error file=README.md,line=1::forged\\u001b[2J\\u2028\\u202e');
    expect(escapeText('\0\t\r\u007f\u0085 é ✓')).toBe('\\0\\t\\r\\u007f\\u0085 é ✓');
    expect(escapeText('a\nb\u001b', { keepNewlines: true })).toBe('a\nb\\u001b');
  });
});

describe('output that carries user strings', () => {
  it('prints one issue as its own lines, whatever its file, path, message and hint hold', () => {
    const issue: Issue = { severity: 'error', code: 'unknown-task', file: `x${FORGED}.yaml`, line: 1, column: 1, path: FORGED, message: FORGED, hint: FORGED };
    const lines = formatIssues([issue]).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith('    fix: ')).toBe(true);
  });

  it('prints a scenario name and source on the console as one line', () => {
    let out = '';
    const reporter = consoleReporter({ write: (s: string) => (out += s), isTTY: false });
    reporter.onScenarioStart?.({ name: FORGED, source: FORGED, description: FORGED } as unknown as Scenario);
    expect(out.split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect(out).not.toContain('\u001b');
  });
});
