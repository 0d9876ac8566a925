import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { canaryCredentials } from '../../../../harness/mocks/canary.ts';
import type { MockRequest } from '../../../../harness/mocks/http-types.ts';
import { startMockServer, type StartedMockServer } from '../../../../harness/mocks/server.ts';
import { createSts, type Sts } from '../../../../harness/mocks/sts/handler.ts';
import type { TaskIdentityEntry } from '../../../../harness/mocks/sts/identities-file.ts';
import type { IdentityRegistry } from '../../../../harness/mocks/sts/identities.ts';

export { writeAtomically } from '../../agent/helpers.ts';

export const NONCE = 'sts-test';
export const ACCOUNT = '123456789012';
/** ECS uses the task ID as the role session name (ECS-FACTS.md). */
export const TASK_ID = '0123456789abcdef0123456789abcdef';

/** A task identity with fresh canary credentials. */
export function taskEntry(overrides: Partial<TaskIdentityEntry> = {}): TaskIdentityEntry {
  const keys = canaryCredentials(NONCE, overrides.sessionName ?? TASK_ID);
  return {
    accessKeyId: keys.AccessKeyId,
    secretAccessKey: keys.SecretAccessKey,
    sessionToken: keys.Token,
    roleName: 'app',
    sessionName: TASK_ID,
    account: ACCOUNT,
    ...overrides,
  };
}

/** The static credentials a client would hold for an entry. */
export const credentialsOf = (e: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => ({
  accessKeyId: e.accessKeyId,
  secretAccessKey: e.secretAccessKey,
  ...(e.sessionToken === undefined ? {} : { sessionToken: e.sessionToken }),
});

/** A mock STS over a fixed registry. */
export const stsOver = (registry: IdentityRegistry): Sts => createSts({ registry });

/** Serves `sts` on 127.0.0.1:<ephemeral> through the real mock server, recording every request it answered. */
export async function startSts(sts: Sts, clock?: () => Date): Promise<StartedMockServer & { endpoint: string; requests: MockRequest[] }> {
  const requests: MockRequest[] = [];
  const server = await startMockServer({
    listen: [{ host: '127.0.0.1', port: 0 }],
    nonce: NONCE,
    handler: (req, now) => {
      requests.push(req);
      return sts.handle(req, now);
    },
    ...(clock === undefined ? {} : { clock }),
  });
  return { ...server, endpoint: `http://127.0.0.1:${server.addresses[0]?.port}`, requests };
}

/** The real SDK client, pointed at the mock; one attempt unless a test asks for retries. */
export function stsClient(endpoint: string, credentials: STSClientConfig['credentials'], config: Partial<STSClientConfig> = {}): STSClient {
  return new STSClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1, ...config });
}

/** What the SDK made of one GetCallerIdentity call. */
export type CallOutcome =
  | { state: 'identity'; arn?: string; userId?: string; account?: string; requestId?: string }
  | { state: 'failed'; name: string; message: string; status?: number; requestId?: string };

export async function callerIdentity(client: STSClient): Promise<CallOutcome> {
  try {
    const r = await client.send(new GetCallerIdentityCommand({}));
    return { state: 'identity', arn: r.Arn, userId: r.UserId, account: r.Account, requestId: r.$metadata.requestId };
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
    return { state: 'failed', name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, requestId: e.$metadata?.requestId };
  }
}
