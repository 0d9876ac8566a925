import type { CellResult, IgnoredCell, ScenarioResult, StepResult } from '../runner/results.ts';
import { CHECK_KINDS } from '../runner/results.ts';
import type { SourceLocation } from '../scenario/model.ts';
import { verdictText } from '../scenario/verdicts.ts';

/**
 * Every check of a scenario, flat: one per expectation cell and per exec or instance step, plus
 * one for any other step (or the scenario itself) that could not run. JUnit, the GitHub summary
 * and annotations, and the HTML report are views of this list, so they agree on names and counts.
 */
export type CheckState = 'correct' | 'wrong' | 'error' | 'ignored';

export interface Check {
  /**
   * Stable across edits: `from → target` (or `id → target` when the row has an `id`) for a cell,
   * the step's label (`exec web: curl …`) for a command; never the step's index, so that inserting
   * a step does not rename every later check. A name that repeats gets ` (2)`, ` (3)`, ….
   */
  name: string;
  state: CheckState;
  /** 0-based step index. */
  step: number;
  location?: SourceLocation;
  /** One line: expected what, found what, and why. */
  message: string;
  /** Everything a reader needs to judge the check, several lines. */
  evidence: string;
  durationMs: number;
}

export function checksOf(r: ScenarioResult): Check[] {
  const checks = r.steps.flatMap(stepChecks);
  // A scenario that failed before (or outside) any step still shows up as a failing check.
  if (r.error && !checks.some((c) => c.state === 'error')) {
    checks.push({ name: 'scenario', state: 'error', step: -1, message: r.error, evidence: r.error, durationMs: r.durationMs });
  }
  const seen = new Map<string, number>();
  return checks.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return n === 1 ? c : { ...c, name: `${c.name} (${n})` };
  });
}

const cellName = (c: IgnoredCell) => `${c.id ?? c.from} → ${c.target}`;
const at = (l: SourceLocation | undefined) => (l ? { location: l } : {});

function stepChecks(s: StepResult): Check[] {
  const stepName = s.label ?? `step ${s.index + 1}: ${s.kind}`;
  switch (s.state) {
    case 'checked':
      return s.cells.map((c) => cellCheck(s.index, c));
    case 'skipped':
      if (s.cells) return s.cells.map((c) => ({ name: cellName(c), state: 'ignored', step: s.index, ...at(c.location), message: `not probed: ${s.detail}`, evidence: s.detail, durationMs: 0 }));
      return CHECK_KINDS.has(s.kind) ? [{ name: stepName, state: 'ignored', step: s.index, ...at(s.location), message: `not run: ${s.detail}`, evidence: s.detail, durationMs: 0 }] : [];
    case 'ok':
    case 'failed':
      if (!CHECK_KINDS.has(s.kind)) return [];
      return [{ name: stepName, state: s.state === 'ok' ? 'correct' : 'wrong', step: s.index, ...at(s.location), message: s.detail.split('\n')[0]!, evidence: s.detail, durationMs: s.durationMs }];
    case 'error':
      return [{ name: stepName, state: 'error', step: s.index, ...at(s.location), message: `could not run: ${s.detail.split('\n')[0]}`, evidence: s.detail, durationMs: s.durationMs }];
  }
}

function cellCheck(step: number, c: CellResult): Check {
  const j = c.judgement;
  const e = j.actual.evidence;
  const message = `${c.from} → ${c.target}: expected ${verdictText(j.expected)}, found ${j.found}: ${e.summary}`;
  const evidence = [
    `from: ${c.from} (${c.origin})`,
    `target: ${c.target}`,
    `expected: ${verdictText(j.expected)}`,
    `found: ${j.found} (probe outcome ${j.actual.state})`,
    `evidence: ${e.summary}`,
    ...(e.status !== undefined ? [`HTTP status: ${e.status}`] : []),
    ...(e.errno ? [`errno: ${e.errno}`] : []),
    ...(e.bodyExcerpt ? [`body: ${JSON.stringify(e.bodyExcerpt)}`] : []),
    `probe took ${e.durationMs} ms`,
    ...(c.location ? [`written at ${c.location.file}:${c.location.line}`] : []),
  ].join('\n');
  return { name: cellName(c), state: j.state, step, ...at(c.location), message, evidence, durationMs: e.durationMs };
}
