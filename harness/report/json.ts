import type { ScenarioResult } from '../runner/results.ts';

/** The results as JSON: the same discriminated unions the runner produced, for other tools. */
export const jsonReport = (results: ScenarioResult[]): string => `${JSON.stringify({ version: 1, results }, null, 2)}\n`;
