import type { ScenarioResult } from '../runner/results.ts';

/**
 * Joining the reports of shards (`ecs-sim merge-reports`). JSON reports carry everything, so
 * their results are concatenated and every other format is written anew from them; JUnit files
 * (from ecs-sim or elsewhere) are joined suite by suite, the totals added up again.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The results of one JSON report (`{ version: 1, results: [...] }`, as jsonReport writes it). */
export function parseJsonReport(text: string): Parsed<ScenarioResult[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `not JSON: ${(err as Error).message}` };
  }
  const d = doc as { version?: unknown; results?: unknown };
  if (typeof d !== 'object' || d === null || d.version !== 1 || !Array.isArray(d.results)) {
    return { ok: false, problem: 'not an ecs-sim JSON report (expected { "version": 1, "results": [...] }, as `ecs-sim run --json` writes)' };
  }
  const bad = d.results.findIndex((r: unknown) => typeof r !== 'object' || r === null || typeof (r as ScenarioResult).name !== 'string' || !Array.isArray((r as ScenarioResult).steps) || typeof (r as ScenarioResult).tally !== 'object');
  if (bad !== -1) return { ok: false, problem: `results[${bad}] is not a scenario result (name, steps, tally)` };
  return { ok: true, value: d.results as ScenarioResult[] };
}

const SUITE = /<testsuite\b[^>]*?(?:\/>|>[\s\S]*?<\/testsuite>)/g;
const COUNTED = ['tests', 'failures', 'errors', 'skipped'] as const;

/** The <testsuite> elements of one JUnit file. */
export function parseJunitSuites(text: string): Parsed<string[]> {
  if (!/<testsuites?\b/.test(text)) return { ok: false, problem: 'not a JUnit report (no <testsuites> or <testsuite>)' };
  return { ok: true, value: text.match(SUITE) ?? [] };
}

/** One JUnit document of the suites of several, its totals those of the suites. */
export function mergeJunit(suites: string[]): string {
  const sums = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const s of suites) {
    const open = /^<testsuite\b[^>]*>/.exec(s)![0];
    const num = (name: string) => Number(new RegExp(`\\s${name}="([0-9.]+)"`).exec(open)?.[1] ?? 0);
    for (const k of COUNTED) sums[k] += num(k);
    sums.time += num('time');
  }
  const totals = `tests="${sums.tests}" failures="${sums.failures}" errors="${sums.errors}" skipped="${sums.skipped}" time="${sums.time.toFixed(3)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ecs-sim" ${totals}>\n${suites.map((s) => `  ${s}`).join('\n')}\n</testsuites>\n`;
}
