import type { OutcomeState } from '../probes/outcome.ts';

/**
 * What an expectation says a probe will find. A verdict is a predicate over the probe's outcome:
 * the three decisive outcome states, plus two words that read better for credential targets and
 * one that names an identity.
 *
 * `error` is deliberately not a verdict: a probe that errs means nothing was decided, and an
 * expectation that meets `error` fails as an error, never as a pass (DESIGN.md principle 3). So
 * nobody can "expect" it.
 */
export type Verdict =
  /** The target answered 2xx with the run's nonce. */
  | { kind: 'allowed' }
  /** No answer: refused, no route, timed out. */
  | { kind: 'blocked' }
  /** Reached, and the (mock) service answered 4xx. */
  | { kind: 'denied' }
  /** `credentials-of:<task>` only: the answer carried exactly that task's canary credentials. */
  | { kind: 'leaked' }
  /** `credentials-of:<task>` only: that task's credentials did not come back (blocked or denied). */
  | { kind: 'not-leaked' }
  /** `sts-identity` only: STS says the caller is `assumed-role/<role>/...` (or the instance role). */
  | { kind: 'identity'; role: string };

export type VerdictKind = Verdict['kind'];

export const VERDICT_KINDS: readonly VerdictKind[] = ['allowed', 'blocked', 'denied', 'leaked', 'not-leaked', 'identity'];

/** The outcome states each verdict accepts (identity also needs the right role in the answer). */
export const VERDICT_OUTCOMES: Readonly<Record<VerdictKind, readonly OutcomeState[]>> = {
  allowed: ['allowed'],
  blocked: ['blocked'],
  denied: ['denied'],
  leaked: ['allowed'],
  'not-leaked': ['blocked', 'denied'],
  identity: ['allowed'],
};

/** How a verdict is written: `blocked`, `identity:web-role`. */
export function verdictText(verdict: Verdict): string {
  return verdict.kind === 'identity' ? `identity:${verdict.role}` : verdict.kind;
}

export type ParsedVerdict =
  | { ok: true; verdict: Verdict }
  | { ok: false; reason: 'error-verdict' | 'unknown' | 'identity-without-role' };

/** Parses the text of a verdict; whether it suits its target is the caller's check. */
export function parseVerdict(text: string): ParsedVerdict {
  if (text === 'error') return { ok: false, reason: 'error-verdict' };
  if (text.startsWith('identity:')) {
    const role = text.slice('identity:'.length);
    return role === '' ? { ok: false, reason: 'identity-without-role' } : { ok: true, verdict: { kind: 'identity', role } };
  }
  const kind = VERDICT_KINDS.find((k) => k === text && k !== 'identity');
  return kind === undefined || kind === 'identity' ? { ok: false, reason: 'unknown' } : { ok: true, verdict: { kind } };
}

/** How each verdict kind is written in a file, for suggestions and hints. */
export const verdictSpelling = (kind: VerdictKind): string => (kind === 'identity' ? 'identity:<role>' : kind);
