import { DOCKER_ENGINES } from '../engine/images/engines.ts';
import type { ScenarioResult } from '../runner/results.ts';
import type { Paint } from './paint.ts';

/**
 * A matrix run's summary: one row per scenario, one column per engine, each cell the scenario's
 * state on that engine (`-` where it did not run: it concerns other engines only). Printed only
 * when the results span more than one engine; the truth tables of each mismatch are above it.
 */
export function engineGrid(results: ScenarioResult[], paint: Paint): string[] {
  const engines = DOCKER_ENGINES.filter((e) => results.some((r) => r.engine === e));
  if (engines.length < 2) return [];
  const names = [...new Set(results.map((r) => r.name))];
  const width = Math.max(8, ...names.map((n) => n.length));
  const col = 14; // 'docker 20.10' and a gap
  const mark = (r: ScenarioResult | undefined): string => {
    if (!r) return paint.dim('-'.padEnd(col));
    const text = r.state === 'passed' ? '✔ pass' : r.state === 'failed' ? '✘ FAIL' : '! error';
    const padded = text.padEnd(col);
    return r.state === 'passed' ? paint.green(padded) : r.state === 'failed' ? paint.red(padded) : paint.yellow(padded);
  };
  const lines = [paint.bold(`${'scenario'.padEnd(width)}  ${engines.map((e) => `docker ${e}`.padEnd(col)).join('')}`)];
  for (const n of names) {
    lines.push(`${n.padEnd(width)}  ${engines.map((e) => mark(results.find((r) => r.name === n && r.engine === e))).join('')}`);
  }
  return lines;
}
