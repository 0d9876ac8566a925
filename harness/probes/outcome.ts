/**
 * What a probe found. Never a boolean (DESIGN.md principle 3): every outcome carries evidence,
 * and `error` means the probe itself could not decide, which no expectation may count as a pass.
 */
export type Outcome =
  /** The target answered 2xx/3xx with the run's nonce: the task reached it. */
  | { state: 'allowed'; evidence: Evidence }
  /** No answer: refused, no route, timed out, reset. */
  | { state: 'blocked'; evidence: Evidence }
  /** The (mock) service answered 4xx with the run's nonce: reached, but refused the request. */
  | { state: 'denied'; evidence: Evidence }
  /** The probe broke, a positive control failed, or something that is not our mock answered. */
  | { state: 'error'; evidence: Evidence };

export type OutcomeState = Outcome['state'];
export const OUTCOME_STATES: readonly OutcomeState[] = ['allowed', 'blocked', 'denied', 'error'];

export interface Evidence {
  /** One line a human reads first, e.g. "HTTP 200, 312 bytes" or "connect: No route to host". */
  summary: string;
  /** HTTP status, when an answer came. */
  status?: number;
  /** First bytes of the body (redacted when the answer was not our mock's). */
  bodyExcerpt?: string;
  /** errno-like cause when no answer came: ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT, ... */
  errno?: string;
  /** Wall time of the probe, ms. */
  durationMs: number;
}

export const outcome = (state: OutcomeState, evidence: Evidence): Outcome => ({ state, evidence });
