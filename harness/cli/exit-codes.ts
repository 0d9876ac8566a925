/** Exit codes of `ecs-sim` (documented in the README). */
export const EXIT = {
  /** Every expectation held. */
  ok: 0,
  /** An expectation failed (a wrong cell, a failed step). */
  failed: 1,
  /** Invalid input: a scenario file, a flag. Nothing ran. */
  input: 2,
  /** Environment problem: no engine, an image that cannot be built, a probe that errs. */
  environment: 3,
  internal: 3,
} as const;

/** A run's exit code from its results: an error outranks a failure. */
export const exitCodeOf = (results: readonly { state: 'passed' | 'failed' | 'error' }[]): number =>
  results.some((r) => r.state === 'error') ? EXIT.environment : results.some((r) => r.state === 'failed') ? EXIT.failed : EXIT.ok;
