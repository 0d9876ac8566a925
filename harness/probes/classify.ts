import type { Outcome } from './outcome.ts';
import { NONCE_HEADER, parseRawResponse } from './http-response.ts';
import { killedRun } from './deadline.ts';

/** What the probe command reported: its exit code, the bytes it read, and nc's complaint. */
export interface ProbeRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  deadlineMs: number;
}

/** busybox nc's messages, mapped to the errno they stand for. */
const ERRNO: Array<[RegExp, string]> = [
  [/connection refused/i, 'ECONNREFUSED'],
  [/no route to host/i, 'EHOSTUNREACH'],
  [/network is unreachable/i, 'ENETUNREACH'],
  [/invalid argument/i, 'EINVAL'], // connect() through a blackhole route
  [/connection reset/i, 'ECONNRESET'],
  [/timed out/i, 'ETIMEDOUT'],
  [/operation not permitted/i, 'EPERM'], // an iptables REJECT/DROP on OUTPUT
];

/**
 * Turns a probe's raw result into an outcome (DESIGN.md principles 3 and 7): an answer without
 * this run's nonce did not come from our mocks, so it is an error with its content redacted; a
 * killed probe (the deadline) or a refused/unroutable connect is `blocked`; a 4xx is `denied`.
 */
export function classify(run: ProbeRun, nonce: string): Outcome {
  const durationMs = run.durationMs;
  const response = parseRawResponse(run.stdout);
  if (response) {
    if (response.headers[NONCE_HEADER] !== nonce) {
      return {
        state: 'error',
        evidence: { summary: `something that is not this run's mock answered (HTTP ${response.status}, no nonce); content redacted`, status: response.status, durationMs },
      };
    }
    const evidence = { summary: `HTTP ${response.status}, ${response.body.length} bytes`, status: response.status, bodyExcerpt: response.body.slice(0, 160), durationMs };
    if (response.status < 400) return { state: 'allowed', evidence };
    if (response.status < 500) return { state: 'denied', evidence };
    return { state: 'error', evidence: { ...evidence, summary: `the mock failed: HTTP ${response.status}` } };
  }
  const killed = killedRun(run, 'the probe', 'no answer');
  if (killed) return killed;
  for (const [re, errno] of ERRNO) {
    if (re.test(run.stderr)) return { state: 'blocked', evidence: { summary: `connect: ${run.stderr.trim().split('\n')[0]}`, errno, durationMs } };
  }
  if (run.exitCode === 0 && run.stdout === '') {
    return { state: 'blocked', evidence: { summary: 'connection closed without an answer', errno: 'ECONNRESET', durationMs } };
  }
  return {
    state: 'error',
    evidence: { summary: `the probe broke (exit ${run.exitCode}): ${(run.stderr || run.stdout).trim().slice(0, 200) || 'no output'}`, durationMs },
  };
}
