import { describe, expect, it } from 'vitest';
import { AGENT_CONFIG_KEYS, parseTarget, parseVerdict, SIMULATED_AGENT_KEYS, TARGETS, VERDICT_KINDS } from '../../../harness/scenario/index.ts';

describe('the target table', () => {
  it('names each target once and only known verdicts', () => {
    expect(new Set(TARGETS.map((t) => t.name)).size).toBe(TARGETS.length);
    for (const t of TARGETS) for (const v of t.verdicts) expect(VERDICT_KINDS).toContain(v);
  });

  it('keeps IMDS targets to EC2 and own-credentials to tasks', () => {
    for (const t of TARGETS.filter((t) => t.name.startsWith('imds'))) expect(t.kinds).toEqual(['ec2']);
    expect(TARGETS.find((t) => t.name === 'own-credentials')?.from).not.toContain('instance');
  });

  it('parses targets with and without a task', () => {
    expect(parseTarget('imds')).toEqual({ ok: true, target: { kind: 'imds', id: 'imds' } });
    expect(parseTarget('credentials-of:db')).toEqual({ ok: true, target: { kind: 'credentials-of', id: 'credentials-of:db', task: 'db' } });
    expect(parseTarget('credentials-of')).toMatchObject({ ok: false, reason: 'missing-parameter' });
    expect(parseTarget('imds:x')).toMatchObject({ ok: false, reason: 'unexpected-parameter' });
    expect(parseTarget('imdss')).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('parses the IAM targets: a role, an S3 object (ARN or bucket/key), ECS Exec', () => {
    expect(parseTarget('assume-role:app')).toEqual({ ok: true, target: { kind: 'assume-role', id: 'assume-role:app', role: 'app' } });
    expect(parseTarget('s3-get-object:arn:aws:s3:::my-task-secrets-bucket/a/b.txt')).toEqual({
      ok: true,
      target: { kind: 's3-get-object', id: 's3-get-object:arn:aws:s3:::my-task-secrets-bucket/a/b.txt', bucket: 'my-task-secrets-bucket', key: 'a/b.txt' },
    });
    expect(parseTarget('s3-get-object:bucket/key')).toMatchObject({ ok: true, target: { bucket: 'bucket', key: 'key' } });
    expect(parseTarget('s3-get-object:bucket')).toMatchObject({ ok: false, reason: 'bad-parameter' });
    expect(parseTarget('s3-get-object:arn:aws:s3:::bucket/')).toMatchObject({ ok: false, reason: 'bad-parameter' });
    expect(parseTarget('ecs-exec')).toEqual({ ok: true, target: { kind: 'ecs-exec', id: 'ecs-exec' } });
    expect(parseTarget('assume-role')).toMatchObject({ ok: false, reason: 'missing-parameter' });
  });
});

describe('verdicts', () => {
  it('parses the vocabulary and refuses "error"', () => {
    expect(parseVerdict('blocked')).toEqual({ ok: true, verdict: { kind: 'blocked' } });
    expect(parseVerdict('identity:web-role')).toEqual({ ok: true, verdict: { kind: 'identity', role: 'web-role' } });
    expect(parseVerdict('identity:')).toEqual({ ok: false, reason: 'identity-without-role' });
    expect(parseVerdict('identity')).toEqual({ ok: false, reason: 'unknown' });
    expect(parseVerdict('error')).toEqual({ ok: false, reason: 'error-verdict' });
  });
});

describe('agent config keys', () => {
  it('lists each key once, simulated ones first', () => {
    expect(new Set(AGENT_CONFIG_KEYS).size).toBe(AGENT_CONFIG_KEYS.length);
    expect(AGENT_CONFIG_KEYS.slice(0, SIMULATED_AGENT_KEYS.length)).toEqual(SIMULATED_AGENT_KEYS.map((k) => k.key));
    expect(AGENT_CONFIG_KEYS.length).toBeGreaterThan(50);
  });
});
