import { describe, expect, it } from 'vitest';
import { canaryCredentials } from '../../../harness/mocks/canary.ts';

/** What secret scanners match for AWS key ids (canary.ts explains why ours must not). */
const REAL_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
/** The generic "AWS secret" shape: a run of 40 base64-alphabet characters. */
const SECRET_RUN = /[A-Za-z0-9/+=]{40}/;

describe('canaryCredentials', () => {
  it('differs on every call, field by field, even for the same nonce and subject', () => {
    const a = canaryCredentials('run1', 'instance-role');
    const b = canaryCredentials('run1', 'instance-role');
    expect(a.AccessKeyId).not.toBe(b.AccessKeyId);
    expect(a.SecretAccessKey).not.toBe(b.SecretAccessKey);
    expect(a.Token).not.toBe(b.Token);
  });

  it('names the run nonce and the subject in every field', () => {
    const c = canaryCredentials('n0nce42', 'task-7');
    for (const value of Object.values(c)) {
      expect(value).toContain('n0nce42');
      expect(value).toContain('task-7');
    }
  });

  it('never looks like a real AWS key id or secret', () => {
    for (let i = 0; i < 200; i++) {
      const c = canaryCredentials('ABCDEF0123456789', 'ROLE');
      expect(c.AccessKeyId).not.toMatch(REAL_KEY_ID);
      expect(c.AccessKeyId).toMatch(/^ECSSIM-/);
      expect(c.SecretAccessKey).not.toMatch(SECRET_RUN);
      expect(c.Token).not.toMatch(SECRET_RUN);
    }
  });

  it('keeps `/` and spaces out, since SigV4 puts the key id in a `/`-separated scope', () => {
    const c = canaryCredentials('a/b c', 'arn:aws:iam::1:role/x');
    expect(c.AccessKeyId).not.toMatch(/[/\s]/);
    expect(c.AccessKeyId).toMatch(/^ECSSIM-a-b-c-arn-aws-iam-1-role-x-[0-9a-f]{8}$/);
  });
});
