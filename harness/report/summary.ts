import type { ScenarioResult, Tally } from '../runner/results.ts';

/** The one summary line every report prints: "N wrong, N error, N ignored, N correct". */
export const summaryLine = (t: Tally): string => `${t.wrong} wrong, ${t.error} error, ${t.ignored} ignored, ${t.correct} correct`;

/** The tallies of several scenarios added up. */
export function totalTally(results: readonly ScenarioResult[]): Tally {
  const t: Tally = { correct: 0, wrong: 0, error: 0, ignored: 0 };
  for (const r of results) for (const k of Object.keys(t) as (keyof Tally)[]) t[k] += r.tally[k];
  return t;
}
