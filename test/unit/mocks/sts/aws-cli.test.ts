import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityRegistry } from '../../../../harness/mocks/sts/identities.ts';
import { ACCOUNT, TASK_ID, startSts, stsOver, taskEntry } from './helpers.ts';

/**
 * The AWS CLI (botocore) as a second real client (ECS-FACTS.md: Debian ships it). Skipped where
 * no `aws` is installed; the integration images carry one.
 */
const run = promisify(execFile);
const cli = await run('aws', ['--version'], { timeout: 20_000 }).then(
  (r) => `${r.stdout}${r.stderr}`.trim(),
  () => undefined,
);
const task = taskEntry();
let sts: Awaited<ReturnType<typeof startSts>>;

beforeAll(async () => {
  const byKey = new Map([[task.accessKeyId, task]]);
  sts = await startSts(stsOver(createIdentityRegistry({ taskIdentities: () => ({ state: 'ready', byKey }) })));
});
afterAll(() => sts.close());

/** Runs `aws sts get-caller-identity` against the mock with only these credentials: no profile, no IMDS. */
async function getCallerIdentity(secret: string): Promise<{ ok: true; out: Record<string, string> } | { ok: false; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: task.accessKeyId,
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_SESSION_TOKEN: task.sessionToken,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  const args = ['sts', 'get-caller-identity', '--endpoint-url', sts.endpoint, '--region', 'us-east-1', '--output', 'json'];
  try {
    const r = await run('aws', args, { env, timeout: 30_000 });
    return { ok: true, out: JSON.parse(r.stdout) as Record<string, string> };
  } catch (err) {
    return { ok: false, stderr: String((err as { stderr?: string }).stderr ?? err) };
  }
}

describe.skipIf(cli === undefined)(`the AWS CLI (${cli ?? 'not installed'})`, () => {
  it('gets the task identity with the right secret, SignatureDoesNotMatch with a wrong one', async () => {
    expect(await getCallerIdentity(task.secretAccessKey)).toEqual({
      ok: true,
      out: { UserId: `ECSSIMROLE-app:${TASK_ID}`, Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/${TASK_ID}` },
    });
    const wrong = await getCallerIdentity(`${task.secretAccessKey}x`);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.stderr).toContain('An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation');
    // What botocore sent: the classic query form POST, with a charset.
    expect(sts.requests[0]).toMatchObject({ method: 'POST', path: '/', body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(sts.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
  }, 60_000);
});
