import type { ClientRun } from './prober.ts';
import type { Outcome } from './outcome.ts';
import { killedRun } from './deadline.ts';

/** What harness/clients/sts-identity.ts and aws-call.ts print. */
interface ClientResult {
  /** `identity`: STS named the caller (or the assumed session); `ok`: another call succeeded. */
  state: 'identity' | 'ok' | 'failed';
  arn?: string;
  summary?: string;
  /** The mock's account of the statement that decided (x-ecs-sim-decision). */
  decision?: string;
  errorName?: string;
  message?: string;
  status?: number;
  nonce?: string;
}

/** Errors by which the SDK says it found no credentials, or could not reach the service. */
const UNREACHABLE = /CredentialsProviderError|TimeoutError|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|socket hang up/;

/**
 * Turns a real client's run into an outcome (DESIGN.md principles 3 and 7): an identity with
 * this run's nonce is `allowed` (and names the role); a 4xx from our mock is `denied`; no
 * credentials, or no way to the service, is `blocked`; an answer without the nonce, or anything
 * the client did not explain, is `error`.
 */
export function classifyClient(run: ClientRun, nonce: string): { outcome: Outcome; identity?: string } {
  const durationMs = run.durationMs;
  const killed = killedRun(run, 'the client', 'the client got no answer');
  if (killed) return { outcome: killed };
  let r: ClientResult;
  try {
    r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as ClientResult;
  } catch {
    return { outcome: { state: 'error', evidence: { summary: `the client broke (exit ${run.exitCode}): ${(run.stderr || run.stdout).trim().slice(0, 200) || 'no output'}`, durationMs } } };
  }
  const answered = r.state !== 'failed' || r.status !== undefined;
  const because = r.decision ? `; ${r.decision}` : '';
  if (answered && r.nonce !== nonce) {
    return { outcome: { state: 'error', evidence: { summary: 'something that is not this run\'s STS mock answered (no nonce); content redacted', durationMs } } };
  }
  if (r.state === 'identity') {
    const role = /:assumed-role\/([^/]+)\//.exec(r.arn ?? '')?.[1];
    return { outcome: { state: 'allowed', evidence: { summary: `STS: ${r.arn}${because}`.slice(0, 480), status: 200, durationMs } }, ...(role ? { identity: role } : {}) };
  }
  if (r.state === 'ok') return { outcome: { state: 'allowed', evidence: { summary: `${r.summary ?? 'answered'}${because}`.slice(0, 480), status: 200, durationMs } } };
  const summary = `${r.errorName}: ${r.message ?? ''}`.slice(0, 240) + because.slice(0, 240);
  if (r.status !== undefined && r.status >= 400 && r.status < 500) return { outcome: { state: 'denied', evidence: { summary, status: r.status, durationMs } } };
  if (UNREACHABLE.test(`${r.errorName} ${r.message}`)) return { outcome: { state: 'blocked', evidence: { summary, durationMs } } };
  return { outcome: { state: 'error', evidence: { summary, ...(r.status ? { status: r.status } : {}), durationMs } } };
}
