import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCredentialsFile, parseCredentialsFile } from '../../../harness/agent/credentials-file.ts';
import { createCredentialsReader } from '../../../harness/agent/credentials-reader.ts';
import { APP_ID, INSTANCE_ARN, PENDING_ID, sampleFile, writeAtomically } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-agent-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errorsOf = (value: unknown) => {
  const parsed = parseCredentialsFile(JSON.stringify(value));
  return parsed.ok ? [] : parsed.errors;
};

describe('credentials file format', () => {
  it('parses into the instance identity and an ID → task map', () => {
    const parsed = parseCredentialsFile(formatCredentialsFile(sampleFile()));
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.store.instance).toEqual({ cluster: 'ecs-sim', containerInstanceArn: INSTANCE_ARN, agentVersion: '1.61.0' });
    expect([...parsed.store.tasks.keys()]).toHaveLength(3);
    expect(parsed.store.tasks.get(APP_ID)).toMatchObject({ state: 'ready', credentials: { AccessKeyId: 'ECSSIM-app' } });
    expect(parsed.store.tasks.get(PENDING_ID)?.state).toBe('uninitialized');
  });

  it('accepts a file with no tasks', () => {
    expect(errorsOf({ ...sampleFile(), tasks: [] })).toEqual([]);
  });

  it('collects every problem, each with its path', () => {
    const file = sampleFile();
    const errors = errorsOf({
      cluster: '',
      containerInstanceArn: file.containerInstanceArn,
      agentVersion: 'v1',
      extra: true,
      tasks: [
        { ...file.tasks[0], roleType: 'Admin' },
        { ...file.tasks[1], state: 'ready', credentials: undefined },
        { ...file.tasks[2], credentials: { AccessKeyId: 'a', SecretAccessKey: 'b', Token: 'c', Expiration: 'd' } },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cluster: /),
        expect.stringMatching(/^agentVersion: must be a version/),
        expect.stringMatching(/^\(file\): .*extra/),
        expect.stringMatching(/^tasks\.0\.roleType: /),
        expect.stringMatching(/^tasks\.1\.credentials: /),
        expect.stringMatching(/^tasks\.2: .*credentials/),
      ]),
    );
  });

  it('refuses a duplicate credentialsId', () => {
    const file = sampleFile();
    expect(errorsOf({ ...file, tasks: [file.tasks[0], file.tasks[0]] })).toEqual(['tasks.1.credentialsId: duplicate credentialsId']);
  });

  it('says when the text is not JSON', () => {
    expect(parseCredentialsFile('{')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^not JSON: /)] });
  });
});

describe('credentials reader', () => {
  it('reads a missing file as no tasks', () => {
    expect(createCredentialsReader(join(dir, 'never-written.json'))()).toEqual({ state: 'absent' });
  });

  it('sees an atomic rewrite (rename over) and re-reads only on change', () => {
    const path = join(dir, 'rewrite.json');
    const read = createCredentialsReader(path);
    expect(read().state).toBe('absent');
    const one = sampleFile();
    writeAtomically(path, formatCredentialsFile({ ...one, tasks: [one.tasks[0]!] }));
    const first = read();
    if (first.state !== 'ready') throw new Error(`expected ready, got ${first.state}`);
    expect([...first.store.tasks.keys()]).toEqual([APP_ID]);
    expect(read()).toBe(first); // unchanged file: the cached read, not a new parse

    // Same size, new content: a rename gives a new inode, so the change is seen even so.
    const renamed = { ...one, tasks: [{ ...one.tasks[0]!, credentialsId: APP_ID.replace('4f', '5f') }] };
    writeAtomically(path, formatCredentialsFile(renamed));
    const second = read();
    if (second.state !== 'ready') throw new Error(`expected ready, got ${second.state}`);
    expect([...second.store.tasks.keys()]).toEqual([APP_ID.replace('4f', '5f')]);

    unlinkSync(path);
    expect(read().state).toBe('absent');
  });

  it('reports a malformed file as invalid, and recovers when it is fixed', () => {
    const path = join(dir, 'broken.json');
    const read = createCredentialsReader(path);
    writeFileSync(path, '{"cluster": 1}');
    expect(read()).toMatchObject({ state: 'invalid', errors: expect.arrayContaining([expect.stringMatching(/^cluster: /)]) });
    writeAtomically(path, formatCredentialsFile(sampleFile()));
    expect(read().state).toBe('ready');
  });

  it('reports an unreadable path as invalid', () => {
    // A directory where the file should be: stat works, read fails with EISDIR.
    expect(createCredentialsReader(dir)()).toMatchObject({ state: 'invalid', errors: [expect.stringMatching(/^cannot read /)] });
  });
});
