import { describe, expect, it } from 'vitest';
import { classifyClient } from '../../harness/probes/classify-client.ts';

const run = (result: object | string, exitCode = 0) => ({
  exitCode,
  stdout: typeof result === 'string' ? result : `${JSON.stringify(result)}\n`,
  stderr: '',
  durationMs: 10,
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
  it('a killed client is blocked; garbage is an error', () => {
    expect(classifyClient(run('', 137), 'n').outcome.state).toBe('blocked');
    expect(classifyClient(run('Segmentation fault', 139), 'n').outcome.state).toBe('error');
  });
});
