import { describe, expect, it } from 'vitest';
import { classifyClient } from '../../harness/probes/classify-client.ts';

const run = (result: object | string, exitCode = 0, durationMs = 10) => ({
  exitCode,
  stdout: typeof result === 'string' ? result : `${JSON.stringify(result)}\n`,
  stderr: '',
  durationMs,
  deadlineMs: 10_000,
});

describe('classifyClient', () => {
  it('an identity from our mock is allowed and names the role', () => {
    const r = classifyClient(run({ state: 'identity', arn: 'arn:aws:sts::123456789012:assumed-role/web-role/abc', nonce: 'n' }), 'n');
    expect(r).toMatchObject({ outcome: { state: 'allowed' }, identity: 'web-role' });
  });
  it('an identity without our nonce is an error, never an identity', () => {
    const r = classifyClient(run({ state: 'identity', arn: 'arn:aws:sts::1:assumed-role/x/y' }), 'n');
    expect(r.outcome.state).toBe('error');
    expect(r.identity).toBeUndefined();
  });
  it('no credentials found is blocked; a 403 from our mock is denied', () => {
    expect(classifyClient(run({ state: 'failed', errorName: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }), 'n').outcome.state).toBe('blocked');
    expect(classifyClient(run({ state: 'failed', errorName: 'SignatureDoesNotMatch', status: 403, nonce: 'n' }), 'n').outcome.state).toBe('denied');
  });
  it('a client killed at its deadline is blocked, one killed before it an error; garbage is an error', () => {
    expect(classifyClient(run('', 137, 10_020), 'n').outcome).toMatchObject({ state: 'blocked', evidence: { errno: 'ETIMEDOUT' } });
    expect(classifyClient(run('', 137, 2_000), 'n').outcome.state).toBe('error');
    expect(classifyClient(run('Segmentation fault', 139), 'n').outcome.state).toBe('error');
  });
  it('another call that succeeded is allowed, a refusal denied, each with the deciding statement; no nonce is an error', () => {
    const ok = classifyClient(run({ state: 'ok', summary: 'ecs-sim object s3://b/k', decision: 'statement "Read" of the permission policy of role "app" allows it', nonce: 'n' }), 'n');
    expect(ok.outcome).toMatchObject({ state: 'allowed', evidence: { summary: 'ecs-sim object s3://b/k; statement "Read" of the permission policy of role "app" allows it' } });
    const no = classifyClient(run({ state: 'failed', errorName: 'AccessDeniedException', message: 'denied: ssmmessages:OpenDataChannel', status: 403, decision: 'OpenDataChannel: no statement allows ssmmessages:OpenDataChannel', nonce: 'n' }), 'n');
    expect(no.outcome).toMatchObject({ state: 'denied', evidence: { summary: expect.stringMatching(/^AccessDeniedException: denied: ssmmessages:OpenDataChannel; OpenDataChannel: no statement/) } });
    expect(classifyClient(run({ state: 'ok', summary: 'x' }), 'n').outcome.state).toBe('error');
  });
  it('a refused connection inside fetch is blocked', () => {
    expect(classifyClient(run({ state: 'failed', errorName: 'TypeError', message: 'CreateControlChannel: fetch failed (ECONNREFUSED)' }), 'n').outcome.state).toBe('blocked');
  });
});
