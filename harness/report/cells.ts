import type { Judgement } from '../assert/judge.ts';
import type { Verdict } from '../scenario/verdicts.ts';

/** One-character cells of the truth tables, and their legend. */
export const CELL_CHARS: Record<string, string> = {
  allowed: 'A',
  blocked: 'B',
  denied: 'D',
  leaked: 'L',
  'not-leaked': 'N',
  identity: 'I',
  error: 'E',
};
export const LEGEND = 'A allowed  B blocked  D denied  L leaked  N not-leaked  I identity  E error  . not probed';

export const expectedChar = (v: Verdict): string => CELL_CHARS[v.kind] ?? '?';
export const foundChar = (j: Judgement): string => CELL_CHARS[j.found.startsWith('identity:') ? 'identity' : j.found] ?? '?';

