import type { Outcome } from '../probes/outcome.ts';
import { VERDICT_OUTCOMES, type Verdict } from '../scenario/verdicts.ts';

/** One cell of a truth table: what was expected, what was found, and whether they agree. */
export type Judgement =
  | { state: 'correct'; expected: Verdict; actual: Outcome; found: string }
  | { state: 'wrong'; expected: Verdict; actual: Outcome; found: string }
  /** The probe could not decide: never a pass (DESIGN.md principle 3). */
  | { state: 'error'; expected: Verdict; actual: Outcome; found: string };

/**
 * Compares an expectation with a probe's outcome. `found` is what the outcome amounts to in the
 * expectation's own vocabulary (e.g. `leaked` rather than `allowed` for credentials-of).
 */
export function judge(expected: Verdict, actual: Outcome, extra: { identity?: string; leaked?: boolean } = {}): Judgement {
  const found = foundText(expected, actual, extra);
  if (actual.state === 'error') return { state: 'error', expected, actual, found };
  const accepts = VERDICT_OUTCOMES[expected.kind].includes(actual.state);
  const ok =
    accepts &&
    (expected.kind !== 'identity' || extra.identity === expected.role) &&
    (expected.kind !== 'leaked' || extra.leaked === true) &&
    (expected.kind !== 'not-leaked' || extra.leaked !== true);
  return { state: ok ? 'correct' : 'wrong', expected, actual, found };
}

function foundText(expected: Verdict, actual: Outcome, extra: { identity?: string; leaked?: boolean }): string {
  if (actual.state === 'error') return 'error';
  if (expected.kind === 'leaked' || expected.kind === 'not-leaked') return extra.leaked ? 'leaked' : actual.state === 'allowed' ? 'allowed' : 'not-leaked';
  if (expected.kind === 'identity' && actual.state === 'allowed') return extra.identity ? `identity:${extra.identity}` : 'allowed';
  return actual.state;
}

