import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canaryCredentials } from '../../../../harness/mocks/canary.ts';
import { formatIdentitiesFile, parseIdentitiesFile } from '../../../../harness/mocks/sts/identities-file.ts';
import { createIdentitiesReader } from '../../../../harness/mocks/sts/identities-reader.ts';
import { createIdentityRegistry } from '../../../../harness/mocks/sts/identities.ts';
import { ACCOUNT, NONCE, TASK_ID, taskEntry, writeAtomically } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-sts-identities-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseIdentitiesFile', () => {
  it('accepts the documented format', () => {
    const entry = taskEntry();
    const parsed = parseIdentitiesFile(formatIdentitiesFile({ identities: [entry] }));
    expect(parsed).toEqual({ ok: true, byKey: new Map([[entry.accessKeyId, entry]]) });
  });

  it('collects every problem at once', () => {
    const good = taskEntry();
    const parsed = parseIdentitiesFile(
      JSON.stringify({
        identities: [
          good,
          { ...good, roleName: 'a/b', account: '12', sessionName: 'x', colour: 1 },
          { ...good, accessKeyId: 'has/slash', sessionToken: '' },
        ],
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^identities\.1: .*colour/),
        expect.stringMatching(/^identities\.1\.roleName: /),
        expect.stringMatching(/^identities\.1\.account: must be 12 digits/),
        expect.stringMatching(/^identities\.1\.sessionName: /),
        expect.stringMatching(/^identities\.2\.accessKeyId: /),
        expect.stringMatching(/^identities\.2\.sessionToken: /),
      ]),
    );
    expect(parseIdentitiesFile('{nope')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^not JSON/)] });
  });

  it('refuses one key held twice', () => {
    const a = taskEntry();
    const parsed = parseIdentitiesFile(JSON.stringify({ identities: [a, { ...a, roleName: 'other' }] }));
    expect(parsed).toEqual({ ok: false, errors: ['identities.1.accessKeyId: duplicate accessKeyId'] });
  });
});

describe('createIdentitiesReader', () => {
  it('is absent, then follows atomic renames and in-place rewrites, and reports a broken file', () => {
    const path = join(dir, 'reader.json');
    const read = createIdentitiesReader(path);
    expect(read()).toEqual({ state: 'absent' });
    const first = taskEntry({ sessionName: 'task-one' });
    writeAtomically(path, formatIdentitiesFile({ identities: [first] }));
    expect(read()).toMatchObject({ state: 'ready', byKey: new Map([[first.accessKeyId, first]]) });
    const second = taskEntry({ sessionName: 'task-two' });
    writeAtomically(path, formatIdentitiesFile({ identities: [second] }));
    const afterRename = read();
    expect(afterRename.state === 'ready' && [...afterRename.byKey.keys()]).toEqual([second.accessKeyId]);
    writeFileSync(path, formatIdentitiesFile({ identities: [first, second] }));
    const afterRewrite = read();
    expect(afterRewrite.state === 'ready' && afterRewrite.byKey.size).toBe(2);
    writeAtomically(path, '{"identities": 3}');
    expect(read()).toMatchObject({ state: 'invalid', errors: [expect.stringContaining('identities')] });
  });
});

describe('createIdentityRegistry', () => {
  const keys = canaryCredentials(NONCE, 'instance-role');
  const instanceRole = { keys, roleName: 'ecs-sim-instance-role', instanceId: 'i-0ec5000000000c0de', account: ACCOUNT };

  it('finds the instance role without any file, with its session named after the instance', () => {
    const registry = createIdentityRegistry({ instanceRole });
    expect(registry(keys.AccessKeyId)).toEqual({
      state: 'found',
      credentials: {
        secretAccessKey: keys.SecretAccessKey,
        sessionToken: keys.Token,
        identity: {
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ecs-sim-instance-role/i-0ec5000000000c0de`,
          userId: 'ECSSIMROLE-ecs-sim-instance-role:i-0ec5000000000c0de',
          account: ACCOUNT,
        },
      },
    });
    expect(registry('ECSSIM-other')).toEqual({ state: 'unknown' });
  });

  it('finds tasks in the file, says unknown for other keys, and unavailable while the file is broken', () => {
    const entry = taskEntry();
    let read: ReturnType<ReturnType<typeof createIdentitiesReader>> = { state: 'ready', byKey: new Map([[entry.accessKeyId, entry]]) };
    const registry = createIdentityRegistry({ instanceRole, taskIdentities: () => read });
    expect(registry(entry.accessKeyId)).toMatchObject({ state: 'found', credentials: { identity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/${TASK_ID}` } } });
    expect(registry('ECSSIM-other')).toEqual({ state: 'unknown' });
    read = { state: 'invalid', errors: ['broken'] };
    expect(registry('ECSSIM-other')).toEqual({ state: 'unavailable', errors: ['broken'] });
    // The instance role does not depend on the file.
    expect(registry(keys.AccessKeyId).state).toBe('found');
  });

  it('makes user ids that no secret scanner takes for an AWS id (canary.ts)', () => {
    const registry = createIdentityRegistry({ instanceRole });
    const found = registry(keys.AccessKeyId);
    const text = JSON.stringify(found.state === 'found' ? found.credentials.identity : null);
    // The key-id prefixes gitleaks and GitHub push protection match (AKIA, ASIA, AROA, AIDA, ...).
    expect(text).not.toMatch(/(A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}/);
    expect(text).toContain('ECSSIMROLE-');
  });
});
