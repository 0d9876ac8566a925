import { describe, expect, it } from 'vitest';
import { renderGrids } from '../../harness/report/grid.ts';
import { paintFor } from '../../harness/report/paint.ts';
import type { CellResult } from '../../harness/runner/results.ts';

const plain = paintFor({ isTTY: false }, {});
const cell = (from: string, target: string, expected: 'allowed' | 'blocked', found: 'allowed' | 'blocked'): CellResult => ({
  from,
  origin: 'bridge',
  target,
  judgement: {
    state: expected === found ? 'correct' : 'wrong',
    expected: { kind: expected },
    actual: { state: found, evidence: { summary: found, durationMs: 1 } },
    found,
  },
});

describe('truth-table grids', () => {
  it('put expected and actual side by side, one character a cell, columns aligned under their titles', () => {
    const lines = renderGrids([cell('web', 'imds', 'blocked', 'allowed'), cell('api', 'imds', 'allowed', 'allowed')], plain, '');
    expect(lines).toEqual([
      '              expected   actual',
      '              imds       imds',
      'web (bridge)  B          A   ',
      'api (bridge)  A          A   ',
    ]);
    // The actual column starts where its title does.
    const at = lines[0]!.indexOf('actual');
    expect(lines.slice(1).every((l) => l.length > at && l[at] !== ' ')).toBe(true);
  });

  it('marks cells not probed with a dot', () => {
    const lines = renderGrids([cell('web', 'imds', 'blocked', 'blocked'), cell('api', 'imds-token', 'allowed', 'allowed')], plain, '');
    expect(lines[2]).toContain('B    .');
  });
});
