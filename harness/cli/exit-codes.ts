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
