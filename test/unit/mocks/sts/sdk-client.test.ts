import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveImdsConfig } from '../../../../harness/mocks/imds/config.ts';
import { createImds } from '../../../../harness/mocks/imds/handler.ts';
import { formatIdentitiesFile } from '../../../../harness/mocks/sts/identities-file.ts';
import { createStsForImds } from '../../../../harness/mocks/sts/service.ts';
import { mockRequest } from '../helpers.ts';
import { ACCOUNT, NONCE, TASK_ID, callerIdentity, credentialsOf, startSts, stsClient, taskEntry, writeAtomically } from './helpers.ts';

/**
 * The real AWS SDK for JavaScript v3 against the mock STS as main.ts wires it (createStsForImds:
 * the instance role from the same IMDS, tasks from the identities file), served by the real mock
 * server on an ephemeral port. Static credentials only, and IMDS disabled, so nothing real is asked.
 */
const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-sts-sdk-'));
const identitiesFile = join(dir, 'identities.json');
const task = taskEntry();
const imds = createImds(resolveImdsConfig(NONCE, {}));
let sts: Awaited<ReturnType<typeof startSts>>;

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  writeAtomically(identitiesFile, formatIdentitiesFile({ identities: [task] }));
  sts = await startSts(createStsForImds(imds, { identitiesFile }, NONCE));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sts.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The instance role's credentials exactly as a client on the instance reads them from IMDS. */
function instanceRoleCredentials() {
  const res = imds.handle(mockRequest({ path: '/latest/meta-data/iam/security-credentials/ecs-sim-instance-role' }), new Date());
  const body = JSON.parse(res.body) as { AccessKeyId: string; SecretAccessKey: string; Token: string };
  return { accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, sessionToken: body.Token };
}

describe('GetCallerIdentity through the real SDK', () => {
  it('names the task role session for task credentials', async () => {
    const outcome = await callerIdentity(stsClient(sts.endpoint, credentialsOf(task)));
    expect(outcome).toEqual({
      state: 'identity',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/${TASK_ID}`,
      userId: `ECSSIMROLE-app:${TASK_ID}`,
      account: ACCOUNT,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('names the instance role session (the instance id) for the credentials IMDS vends', async () => {
    const outcome = await callerIdentity(stsClient(sts.endpoint, instanceRoleCredentials()));
    expect(outcome).toMatchObject({
      state: 'identity',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ecs-sim-instance-role/i-0ec5000000000c0de`,
      userId: 'ECSSIMROLE-ecs-sim-instance-role:i-0ec5000000000c0de',
      account: ACCOUNT,
    });
  });

  it('answers a wrong secret with SignatureDoesNotMatch', async () => {
    const outcome = await callerIdentity(stsClient(sts.endpoint, { ...credentialsOf(task), secretAccessKey: `${task.secretAccessKey}x` }));
    expect(outcome).toMatchObject({ state: 'failed', name: 'SignatureDoesNotMatch', status: 403 });
    if (outcome.state === 'failed') expect(outcome.message).toMatch(/^The request signature we calculated does not match/);
  });

  it('answers an unknown key with InvalidClientTokenId', async () => {
    const outcome = await callerIdentity(stsClient(sts.endpoint, { ...credentialsOf(task), accessKeyId: 'ECSSIM-nobody-0000' }));
    expect(outcome).toMatchObject({ state: 'failed', name: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
  });

  it('answers a missing or wrong session token with InvalidClientTokenId, even with the right secret', async () => {
    const { sessionToken: _dropped, ...noToken } = credentialsOf(task);
    expect(await callerIdentity(stsClient(sts.endpoint, noToken))).toMatchObject({ state: 'failed', name: 'InvalidClientTokenId', status: 403 });
    const otherToken = { ...credentialsOf(task), sessionToken: instanceRoleCredentials().sessionToken };
    expect(await callerIdentity(stsClient(sts.endpoint, otherToken))).toMatchObject({ state: 'failed', name: 'InvalidClientTokenId', status: 403 });
  });

  it('refuses a client clock more than 15 minutes off, either way, and accepts 14', async () => {
    const behind = await callerIdentity(stsClient(sts.endpoint, credentialsOf(task), { systemClockOffset: -20 * 60_000 }));
    expect(behind).toMatchObject({ state: 'failed', name: 'SignatureDoesNotMatch', status: 403 });
    if (behind.state === 'failed') expect(behind.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
    const ahead = await callerIdentity(stsClient(sts.endpoint, credentialsOf(task), { systemClockOffset: 20 * 60_000 }));
    expect(ahead).toMatchObject({ state: 'failed', name: 'SignatureDoesNotMatch' });
    if (ahead.state === 'failed') expect(ahead.message).toMatch(/^Signature not yet current: .* \+ 15 min\.\)$/);
    const close = await callerIdentity(stsClient(sts.endpoint, credentialsOf(task), { systemClockOffset: -14 * 60_000 }));
    expect(close.state).toBe('identity');
  });
});

describe('clock skew correction', () => {
  it("lets the SDK correct its clock from the answer's Date (the mock's clock), then succeed", async () => {
    // The mock runs 30 minutes ahead; its Date header says so, and the SDK retries with that offset.
    const ahead = await startSts(createStsForImds(imds, { identitiesFile }, NONCE), () => new Date(Date.now() + 30 * 60_000));
    try {
      const once = await callerIdentity(stsClient(ahead.endpoint, credentialsOf(task)));
      expect(once).toMatchObject({ state: 'failed', name: 'SignatureDoesNotMatch' });
      const retried = await callerIdentity(stsClient(ahead.endpoint, credentialsOf(task), { maxAttempts: 3 }));
      expect(retried).toMatchObject({ state: 'identity', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/${TASK_ID}` });
      expect(ahead.requests).toHaveLength(3);
    } finally {
      await ahead.close();
    }
  });
});
