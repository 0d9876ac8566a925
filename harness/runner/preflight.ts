import type { Issue } from '../scenario/issues.ts';
import type { Scenario } from '../scenario/model.ts';
import { SIMULATED_TARGETS } from './probe-target.ts';

/**
 * What a valid scenario may still ask for that this version does not simulate yet. Refused
 * before anything runs (exit 2), never discovered halfway through a run as an `error` cell.
 */
export function preflight(scenario: Scenario): Issue[] {
  const issues: Issue[] = [];
  const at = (path: string, message: string, hint: string, loc?: { line: number; column: number }): Issue => ({
    severity: 'error',
    code: 'not-simulated',
    file: scenario.source,
    ...(loc ? { line: loc.line, column: loc.column } : {}),
    path,
    message,
    hint,
  });
  for (const step of scenario.steps) {
    if (step.kind !== 'expect') continue;
    for (const e of step.expectations) {
      if (!SIMULATED_TARGETS.has(e.target.kind)) {
        issues.push(at(`steps[${step.index}].expect`, `the target "${e.target.id}" is not simulated yet`, `simulated targets: ${[...SIMULATED_TARGETS].join(', ')}`, e.location));
      }
    }
  }
  return issues;
}
