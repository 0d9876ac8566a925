import type { Outcome } from './outcome.ts';

/** What a probe or client run needs for its end to be read as its deadline. */
export interface TimedRun {
  exitCode: number;
  durationMs: number;
  deadlineMs: number;
}

/**
 * The exit codes of a run that `timeout` ended: 124 (its own, after TERM), 137 (KILL, as the
 * probes send it: `timeout -s KILL`), 143 (TERM).
 */
const KILLED = new Set([124, 137, 143]);

/**
 * A killed run is `blocked` (ETIMEDOUT) only when it lasted its deadline (issue 11 item 7: a
 * `blocked` reached before the deadline needs proof, and a kill is none). The duration is timed
 * from outside the exec, so it always covers `timeout`'s own clock: one killed sooner was ended by
 * something else (the exec or its container stopped, the OOM killer), and says nothing about the
 * network: an error, never a verdict. `what` names the run, `silence` says what a timeout means
 * for it. Undefined: the run was not killed.
 */
export function killedRun(run: TimedRun, what: string, silence: string): Outcome | undefined {
  if (!KILLED.has(run.exitCode)) return undefined;
  const { durationMs, deadlineMs } = run;
  if (durationMs < deadlineMs) {
    return { state: 'error', evidence: { summary: `${what} was killed (exit ${run.exitCode}) after ${(durationMs / 1000).toFixed(1)}s, before its ${deadlineMs / 1000}s deadline: not a timeout`, durationMs } };
  }
  return { state: 'blocked', evidence: { summary: `${silence} within ${deadlineMs / 1000}s`, errno: 'ETIMEDOUT', durationMs } };
}
