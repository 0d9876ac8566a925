import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCredentialsFile } from '../../../harness/agent/credentials-file.ts';
import { APP_ID, EXEC_ID, sampleFile, writeAtomically } from './helpers.ts';
import { spawnEntryPoint } from '../support/entry-point.ts';

/**
 * Runs harness/agent/main.ts as the instance will: bundled by esbuild into one .mjs, run by node.
 * Bundling here also checks that the bundle needs nothing but node: builtins at run time.
 */
const MAIN = join(import.meta.dirname, '../../../harness/agent/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-agent-main-'));
const bundle = join(dir, 'agent.mjs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const result = await build({ entryPoints: [MAIN], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
  writeFileSync(bundle, result.outputFiles[0]?.text ?? '');
});

type Addresses = { credentials: Array<{ host: string; port: number }>; introspection: Array<{ host: string; port: number }> };

function run(config: string | undefined) {
  return spawnEntryPoint<Addresses>({ args: [bundle], envVar: 'ECS_SIM_AGENT_CONFIG', config, readyPrefix: 'ecs-sim-agent ready ' });
}

const get = async (url: string) => {
  const res = await request(url, { headers: { 'user-agent': 'main-test/1' } });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
};

describe('agent entry point', () => {
  it('bundles into one file that imports only node: builtins', () => {
    const text = readFileSync(bundle, 'utf8');
    const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s?.startsWith('node:'))).toEqual([]);
  });

  it('serves both ports with the nonce, audits without IDs, logs redacted lines, and exits 0 on SIGTERM', async () => {
    const credentialsFile = join(dir, 'credentials.json');
    const auditLogFile = join(dir, 'nested', 'ecs', 'audit.log');
    const requestLogFile = join(dir, 'requests.jsonl');
    writeAtomically(credentialsFile, formatCredentialsFile(sampleFile()));
    const local = [{ host: '127.0.0.1', port: 0 }];
    const proc = run(JSON.stringify({ nonce: 'agent-main-test', credentialsFile, credentialsListen: local, introspectionListen: local, auditLogFile, requestLogFile }));
    const addresses = await proc.ready;
    const creds = `http://127.0.0.1:${addresses.credentials[0]?.port}`;
    const intro = `http://127.0.0.1:${addresses.introspection[0]?.port}`;

    const v2 = await get(`${creds}/v2/credentials/${APP_ID}`);
    expect(v2).toMatchObject({ status: 200, headers: { 'x-ecs-sim-nonce': 'agent-main-test', 'content-type': 'application/json' } });
    expect(JSON.parse(v2.body)).toMatchObject({ AccessKeyId: 'ECSSIM-app' });
    expect((await get(`${creds}/v1/credentials?id=${EXEC_ID}`)).status).toBe(200);
    expect((await get(`${creds}/v2/credentials/`)).status).toBe(400);
    const metadata = await get(`${intro}/v1/metadata`);
    expect(metadata.headers['x-ecs-sim-nonce']).toBe('agent-main-test');
    expect(JSON.parse(metadata.body)).toMatchObject({ Cluster: 'ecs-sim' });

    // A task starts: the harness rewrites the file; the running agent serves the new ID at once.
    const file = sampleFile();
    const newId = 'c0ffee00-1111-4222-8333-444455556666';
    writeAtomically(credentialsFile, formatCredentialsFile({ ...file, tasks: [...file.tasks, { ...file.tasks[0]!, credentialsId: newId }] }));
    expect((await get(`${creds}/v2/credentials/${newId}`)).status).toBe(200);

    const audit = readFileSync(auditLogFile, 'utf8');
    expect(audit.split('\n').filter((l) => l !== '')).toHaveLength(4);
    expect(audit).toMatch(/^\S+Z 200 127\.0\.0\.1:\d+ "\/v2\/credentials" "main-test\/1" arn:aws:ecs:\S+ GetCredentials 2 ecs-sim arn:\S+$/m);
    const requests = readFileSync(requestLogFile, 'utf8');
    const entries = requests.trim().split('\n').map((l) => JSON.parse(l) as { service: string; path: string });
    expect(entries.map((e) => [e.service, e.path])).toEqual([
      ['agent-credentials', '/v2/credentials/REDACTED'],
      ['agent-credentials', '/v1/credentials?id=REDACTED'],
      ['agent-credentials', '/v2/credentials/REDACTED'],
      ['agent-introspection', '/v1/metadata'],
      ['agent-credentials', '/v2/credentials/REDACTED'],
    ]);
    for (const id of [APP_ID, EXEC_ID, newId]) {
      expect(audit).not.toContain(id);
      expect(requests).not.toContain(id);
    }

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('writes no audit log when auditLogFile is null', async () => {
    // A broken null would fall back to the default path; its size must not change.
    const defaultAuditLog = '/var/log/ecs/audit.log';
    const sizeOf = (path: string) => {
      try {
        return statSync(path).size;
      } catch {
        return undefined;
      }
    };
    const before = sizeOf(defaultAuditLog);
    const requestLogFile = join(dir, 'no-audit-requests.jsonl');
    const local = [{ host: '127.0.0.1', port: 0 }];
    const proc = run(
      JSON.stringify({ nonce: 'n', credentialsFile: join(dir, 'absent.json'), credentialsListen: local, introspectionListen: local, auditLogFile: null, requestLogFile }),
    );
    const addresses = await proc.ready;
    expect((await get(`http://127.0.0.1:${addresses.credentials[0]?.port}/v2/credentials/x`)).status).toBe(400);
    expect(sizeOf(defaultAuditLog)).toBe(before);
    expect(proc.output().stderr).not.toContain('audit log');
    expect(readFileSync(requestLogFile, 'utf8')).toContain('/v2/credentials/REDACTED');
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('exits 2 and lists the problems on a bad config', async () => {
    const proc = run(JSON.stringify({ nonce: '', credentialsListen: [] }));
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toContain('bad ECS_SIM_AGENT_CONFIG');
    expect(proc.output().stderr).toContain('credentialsListen: must be a non-empty array');
    expect(proc.output().stderr).toContain('credentialsFile: ');
    expect(proc.output().stdout).toBe('');
  });

  it('exits 2 when the variable is missing', async () => {
    const proc = run(undefined);
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toContain('ECS_SIM_AGENT_CONFIG is not set');
  });
});
