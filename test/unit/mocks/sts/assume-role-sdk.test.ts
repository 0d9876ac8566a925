import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PolicyDocument } from '../../../../harness/iam/policy.ts';
import type { AuditRecord } from '../../../../harness/mocks/audit.ts';
import { formatPoliciesFile } from '../../../../harness/mocks/iam/policies-file.ts';
import { resolveImdsConfig } from '../../../../harness/mocks/imds/config.ts';
import { createImds } from '../../../../harness/mocks/imds/handler.ts';
import { formatIdentitiesFile } from '../../../../harness/mocks/sts/identities-file.ts';
import { createStsForImds } from '../../../../harness/mocks/sts/service.ts';
import { ACCOUNT, NONCE, TASK_ID, callerIdentity, credentialsOf, startSts, stsClient, taskEntry, writeAtomically } from './helpers.ts';

/**
 * The real SDK (client-sts AssumeRole, client-s3 GetObject) against the mocks' AWS endpoint as
 * main.ts wires it: STS and S3 on one listener, deciding by the roles' policies through the IAM
 * engine, every call audited.
 */
const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-assume-'));
const identitiesFile = join(dir, 'identities.json');
const policiesFile = join(dir, 'policies.json');
const auditFile = join(dir, 'audit.jsonl');
const app = taskEntry({ roleName: 'app' });
const other = taskEntry({ roleName: 'other', sessionName: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });
const ecsTrust = { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' } as const;
let api: Awaited<ReturnType<typeof startSts>>;

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  writeAtomically(identitiesFile, formatIdentitiesFile({ identities: [app, other] }));
  writeAtomically(
    policiesFile,
    formatPoliciesFile({
      roles: [
        // Assumes itself: its trust policy names it (the guide's note).
        { name: 'app', trustPolicy: doc(ecsTrust, { Sid: 'Self', Effect: 'Allow', Principal: { AWS: roleArn('app') }, Action: 'sts:AssumeRole' }), permissionPolicy: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-task-secrets-bucket/*' }) },
        // Trusts only the account: not enough for itself; enough for app only with app's own permission.
        { name: 'other', trustPolicy: doc(ecsTrust, { Sid: 'Account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }), permissionPolicy: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn('app') }) },
        { name: 'locked', trustPolicy: doc(ecsTrust, { Sid: 'NoOne', Effect: 'Deny', Principal: '*', Action: 'sts:*' }) },
      ],
    }),
  );
  api = await startSts(createStsForImds(createImds(resolveImdsConfig(NONCE, {})), { identitiesFile, policiesFile, auditFile }, NONCE));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function assume(who: typeof app, role: string) {
  const client = stsClient(api.endpoint, credentialsOf(who));
  let decision: string | undefined;
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args).catch((err: { $response?: { headers?: Record<string, string> } }) => {
        decision = err.$response?.headers?.['x-ecs-sim-decision'];
        throw err;
      });
      decision = (out.response as { headers?: Record<string, string> }).headers?.['x-ecs-sim-decision'];
      return out;
    },
    { step: 'deserialize', name: 'decision', priority: 'low' },
  );
  try {
    const r = await client.send(new AssumeRoleCommand({ RoleArn: roleArn(role), RoleSessionName: 'probe' }));
    return { state: 'allowed' as const, credentials: r.Credentials, arn: r.AssumedRoleUser?.Arn, decision: decodeURIComponent(decision ?? '') };
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { state: 'failed' as const, name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, decision: decodeURIComponent(decision ?? '') };
  }
}

describe('STS AssumeRole, decided by the target role\'s trust policy with the caller\'s session as principal', () => {
  it('lets a role assume itself when its trust policy names it, and the new session works', async () => {
    const r = await assume(app, 'app');
    expect(r).toMatchObject({ state: 'allowed', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/probe`, decision: 'statement "Self" of the trust policy of role "app" allows it' });
    if (r.state !== 'allowed') return;
    const again = await callerIdentity(stsClient(api.endpoint, { accessKeyId: r.credentials?.AccessKeyId ?? '', secretAccessKey: r.credentials?.SecretAccessKey ?? '', sessionToken: r.credentials?.SessionToken ?? '' }));
    expect(again).toMatchObject({ state: 'identity', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/probe` });
  });

  it('refuses a role assuming itself through the account principal alone', async () => {
    const r = await assume(other, 'other');
    expect(r).toMatchObject({ state: 'failed', name: 'AccessDenied', status: 403, decision: expect.stringMatching(/may assume itself only when its trust policy names it explicitly/) });
    expect(r.state === 'failed' && r.message).toBe(`User: arn:aws:sts::${ACCOUNT}:assumed-role/other/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb is not authorized to perform: sts:AssumeRole on resource: ${roleArn('other')}`);
  });

  it('needs the caller\'s own permission where the trust policy delegates to the account', async () => {
    expect(await assume(app, 'other')).toMatchObject({ state: 'failed', name: 'AccessDenied', decision: expect.stringMatching(/no identity-based policy of the caller allows sts:AssumeRole/) });
  });

  it('lets an explicit Deny win, and refuses a role that does not exist like any other', async () => {
    expect(await assume(app, 'locked')).toMatchObject({ state: 'failed', name: 'AccessDenied', decision: 'statement "NoOne" of the trust policy of role "locked" denies it' });
    expect(await assume(app, 'nobody')).toMatchObject({ state: 'failed', name: 'AccessDenied', decision: expect.stringMatching(/no role .* exists/) });
  });
});

describe('S3 GetObject, answered from the caller\'s effective permissions', () => {
  const read = async (who: typeof app, key: string) => {
    const s3 = new S3Client({ region: 'us-east-1', endpoint: api.endpoint, forcePathStyle: true, credentials: credentialsOf(who), maxAttempts: 1 });
    try {
      const r = await s3.send(new GetObjectCommand({ Bucket: 'my-task-secrets-bucket', Key: key }));
      return { state: 'allowed' as const, body: await r.Body?.transformToString() };
    } catch (err) {
      const e = err as Error & { $metadata?: { httpStatusCode?: number } };
      return { state: 'failed' as const, name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
    }
  };
  it('lets the role with the guide\'s grant read the object, with the run\'s nonce in it', async () => {
    expect(await read(app, 'db/password.txt')).toEqual({ state: 'allowed', body: `ecs-sim object s3://my-task-secrets-bucket/db/password.txt read by arn:aws:sts::${ACCOUNT}:assumed-role/app/${TASK_ID} (run ${NONCE})\n` });
  });
  it('denies a role without it, in S3\'s words', async () => {
    expect(await read(other, 'db/password.txt')).toMatchObject({ state: 'failed', name: 'AccessDenied', status: 403, message: expect.stringMatching(/is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::my-task-secrets-bucket\/db\/password.txt" because no identity-based policy allows/) });
  });
  it('refuses unknown keys and bad signatures as S3 does', async () => {
    expect(await read({ ...app, accessKeyId: 'ECSSIM-unknown' }, 'x')).toMatchObject({ state: 'failed', name: 'InvalidAccessKeyId', status: 403 });
    expect(await read({ ...app, secretAccessKey: 'wrong' }, 'x')).toMatchObject({ state: 'failed', name: 'SignatureDoesNotMatch', status: 403 });
  });
});

describe('the audit trail', () => {
  it('records every call: event, the caller\'s session (the task), source address, error code', () => {
    const records = readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    expect(records.find((r) => r.eventName === 'AssumeRole' && r.errorCode === undefined)).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/${TASK_ID}`, accountId: ACCOUNT },
      sourceIPAddress: '127.0.0.1',
      requestParameters: { roleArn: roleArn('app'), roleSessionName: 'probe' },
    });
    expect(records.find((r) => r.eventName === 'GetObject' && r.errorCode === 'AccessDenied')).toMatchObject({
      eventSource: 's3.amazonaws.com',
      userIdentity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/other/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb` },
      requestParameters: { bucketName: 'my-task-secrets-bucket', key: 'db/password.txt' },
    });
    expect(records.find((r) => r.errorCode === 'InvalidAccessKeyId')).not.toHaveProperty('userIdentity');
  });
});
