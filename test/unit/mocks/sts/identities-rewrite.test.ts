import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveImdsConfig } from '../../../../harness/mocks/imds/config.ts';
import { createImds } from '../../../../harness/mocks/imds/handler.ts';
import { formatIdentitiesFile } from '../../../../harness/mocks/sts/identities-file.ts';
import { createStsForImds } from '../../../../harness/mocks/sts/service.ts';
import { ACCOUNT, NONCE, callerIdentity, credentialsOf, startSts, stsClient, taskEntry, writeAtomically } from './helpers.ts';

/** The harness replaces the identities file as tasks come and go; the running STS follows, as a real SDK sees it. */
const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-sts-rewrite-'));
const identitiesFile = join(dir, 'identities.json');
let sts: Awaited<ReturnType<typeof startSts>>;

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  sts = await startSts(createStsForImds(createImds(resolveImdsConfig(NONCE, {})), { identitiesFile }, NONCE));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sts.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the identities file, rewritten atomically while STS runs', () => {
  it('knows a task once the file names it, forgets it once the file drops it, and fails loudly on a broken file', async () => {
    const first = taskEntry({ roleName: 'first', sessionName: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    const second = taskEntry({ roleName: 'second', sessionName: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    const ask = (entry: typeof first) => callerIdentity(stsClient(sts.endpoint, credentialsOf(entry)));

    // No file yet: no task has credentials.
    expect(await ask(first)).toMatchObject({ state: 'failed', name: 'InvalidClientTokenId' });

    writeAtomically(identitiesFile, formatIdentitiesFile({ identities: [first] }));
    expect(await ask(first)).toMatchObject({ state: 'identity', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/first/${first.sessionName}` });
    expect(await ask(second)).toMatchObject({ state: 'failed', name: 'InvalidClientTokenId' });

    writeAtomically(identitiesFile, formatIdentitiesFile({ identities: [second] }));
    expect(await ask(second)).toMatchObject({ state: 'identity', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/second/${second.sessionName}` });
    expect(await ask(first)).toMatchObject({ state: 'failed', name: 'InvalidClientTokenId' });

    // A harness bug shows as a 500 the SDK names InternalFailure, never as a quiet "unknown key".
    writeAtomically(identitiesFile, '{"identities": [{}]}');
    expect(await ask(second)).toMatchObject({ state: 'failed', name: 'InternalFailure', status: 500 });
  });
});
