import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { classifyClient } from '../../harness/probes/classify-client.ts';

/**
 * The STS client's "something real answered" path, end to end in one process: the real AWS SDK
 * client (harness/clients/sts-identity.ts) with no AWS_ENDPOINT_URL_STS goes to the real STS host
 * name, where nock answers a genuine-looking identity without this run's nonce. The harness must
 * call that an error, never an identity: a task that reached real AWS proves nothing about the
 * simulation (DESIGN.md principle 7).
 */
async function runClient(preload: string) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    // The host's real IMDS must never be asked (README, host safety).
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const t0 = Date.now();
  const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', preload, 'harness/clients/sts-identity.ts'], { env, timeout: 60_000 }).catch(
    (e: { code: number; stdout: string; stderr: string }) => ({ ...e, code: e.code }),
  );
  return { exitCode: 'code' in r ? (r.code as number) : 0, stdout: r.stdout, stderr: r.stderr, durationMs: Date.now() - t0, deadlineMs: 60_000 };
}

describe('the STS client when something real answers', () => {
  it('reads the real host\'s identity, and classification refuses it for lack of the nonce', async () => {
    const run = await runClient('./test/unit/support/real-sts-answers.ts');
    const printed = JSON.parse(run.stdout.trim()) as { state: string; arn?: string; nonce?: string };
    // The client did reach "STS" and parse its answer: the path under test really ran.
    expect(printed).toEqual({ state: 'identity', arn: 'arn:aws:sts::210987654321:assumed-role/someone-real/i-0abc', account: '210987654321' });
    const { outcome, identity } = classifyClient(run, 'this-runs-nonce');
    expect(outcome.state).toBe('error');
    expect(outcome.evidence.summary).toBe("something that is not this run's STS mock answered (no nonce); content redacted");
    expect(identity).toBeUndefined();
  });
});
