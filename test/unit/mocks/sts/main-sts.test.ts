import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatIdentitiesFile } from '../../../../harness/mocks/sts/identities-file.ts';
import { ACCOUNT, TASK_ID, callerIdentity, credentialsOf, stsClient, taskEntry, writeAtomically } from './helpers.ts';
import { spawnEntryPoint } from '../../support/entry-point.ts';

/**
 * harness/mocks/main.ts as the aws-mocks container runs it: bundled by esbuild into one .mjs (as
 * harness/engine/images/catalog.ts does) and run by node, serving IMDS and STS from one process.
 */
const MAIN = join(import.meta.dirname, '../../../../harness/mocks/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-mocks-sts-'));
const bundle = join(dir, 'mocks.mjs');
const READY = 'ecs-sim-mocks ready ';
/** What the bundle still imports at run time, as esbuild itself reports it. */
let runtimeImports: string[] = [];

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  const result = await build({ entryPoints: [MAIN], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent', metafile: true, outfile: bundle });
  writeFileSync(bundle, result.outputFiles[0]?.text ?? '');
  runtimeImports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

type Addresses = Record<'imds' | 'sts', Array<{ host: string; port: number }> | undefined>;

function run(config: unknown) {
  return spawnEntryPoint<Addresses>({ args: [bundle], envVar: 'ECS_SIM_MOCKS_CONFIG', config: JSON.stringify(config), readyPrefix: READY });
}

describe('mocks entry point with STS', () => {
  it('bundles into one file that imports only node: builtins (the image has no node_modules)', () => {
    expect(runtimeImports).toContain('node:crypto');
    expect(runtimeImports.filter((s) => !s.startsWith('node:'))).toEqual([]);
    expect(readFileSync(bundle, 'utf8')).toContain('AWS4-HMAC-SHA256');
  });

  it('serves IMDS and STS from one process: the instance role IMDS vends and the file\'s tasks are known, logs hold no secret', async () => {
    const identitiesFile = join(dir, 'identities.json');
    const requestLogFile = join(dir, 'requests.jsonl');
    const task = taskEntry();
    writeAtomically(identitiesFile, formatIdentitiesFile({ identities: [task] }));
    const local = [{ host: '127.0.0.1', port: 0 }];
    const proc = run({ nonce: 'mocks-sts-test', imdsListen: local, requestLogFile, sts: { listen: local, identitiesFile } });
    try {
      const addresses = await proc.ready;
      expect(Object.keys(addresses).sort()).toEqual(['imds', 'sts']);
      const endpoint = `http://127.0.0.1:${addresses.sts?.[0]?.port}`;

      const imdsUrl = `http://127.0.0.1:${addresses.imds?.[0]?.port}/latest/meta-data/iam/security-credentials/ecs-sim-instance-role`;
      const role = (await (await request(imdsUrl)).body.json()) as { AccessKeyId: string; SecretAccessKey: string; Token: string };
      const instance = { accessKeyId: role.AccessKeyId, secretAccessKey: role.SecretAccessKey, sessionToken: role.Token };
      expect(await callerIdentity(stsClient(endpoint, instance))).toMatchObject({
        state: 'identity',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ecs-sim-instance-role/i-0ec5000000000c0de`,
      });
      expect(await callerIdentity(stsClient(endpoint, credentialsOf(task)))).toMatchObject({
        state: 'identity',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/${TASK_ID}`,
      });
      // Every STS answer carries the run's nonce, errors too.
      const unsigned = await request(endpoint, { method: 'POST', body: 'Action=GetCallerIdentity&Version=2011-06-15' });
      await unsigned.body.text();
      expect([unsigned.statusCode, unsigned.headers['x-ecs-sim-nonce']]).toEqual([403, 'mocks-sts-test']);
      // A presigned request (not served: 400) is logged with its credential values redacted.
      const presigned = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${task.accessKeyId}&X-Amz-Security-Token=${task.sessionToken}&X-Amz-Signature=00`;
      await (await request(`${endpoint}/?Action=GetCallerIdentity&Version=2011-06-15&${presigned}`)).body.text();

      const log = readFileSync(requestLogFile, 'utf8');
      const entries = log.trim().split('\n').map((l) => JSON.parse(l) as { service: string; status: number });
      expect(entries.map((e) => `${e.service} ${e.status}`)).toEqual(['imds 200', 'sts 200', 'sts 200', 'sts 403', 'sts 400']);
      for (const secret of [task.accessKeyId, task.secretAccessKey, task.sessionToken, role.AccessKeyId, role.SecretAccessKey, role.Token]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    }
  });

  it('keeps the ready line IMDS-only when STS is not configured', async () => {
    const proc = run({ nonce: 'mocks-sts-test', imdsListen: [{ host: '127.0.0.1', port: 0 }], requestLogFile: join(dir, 'imds-only.jsonl') });
    expect(Object.keys(await proc.ready)).toEqual(['imds']);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('exits 2 for an STS on the IMDS address', async () => {
    const proc = run({
      nonce: 'mocks-sts-test',
      imdsListen: [{ host: '127.0.0.1', port: 0 }],
      requestLogFile: join(dir, 'bad.jsonl'),
      sts: { listen: [{ host: '169.254.169.254', port: 80 }], identitiesFile: join(dir, 'x.json') },
    });
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toContain('sts.listen[0].host must not be 169.254.169.254');
  });
});
