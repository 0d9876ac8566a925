import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnEntryPoint } from '../support/entry-point.ts';

/** Runs harness/mocks/main.ts as the container would (through tsx instead of the esbuild bundle). */
const MAIN = join(import.meta.dirname, '../../../harness/mocks/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-mocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(config: string | undefined) {
  return spawnEntryPoint<{ imds: Array<{ host: string; port: number }> }>({ args: ['--import', 'tsx', MAIN], envVar: 'ECS_SIM_MOCKS_CONFIG', config, readyPrefix: 'ecs-sim-mocks ready ' });
}

describe('mocks entry point', () => {
  it('prints the ready line, serves IMDS with the nonce, logs JSON lines, and exits 0 on SIGTERM', async () => {
    const logFile = join(dir, 'requests.jsonl');
    const proc = run(JSON.stringify({ nonce: 'main-test', imdsListen: [{ host: '127.0.0.1', port: 0 }], requestLogFile: logFile }));
    const addresses = await proc.ready;
    const port = addresses.imds[0]?.port;
    const res = await request(`http://127.0.0.1:${port}/latest/meta-data/instance-id`);
    expect(await res.body.text()).toBe('i-0ec5000000000c0de');
    expect(res.headers['x-ecs-sim-nonce']).toBe('main-test');
    const entries = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toEqual([expect.objectContaining({ service: 'imds', path: '/latest/meta-data/instance-id', status: 200 })]);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('exits 2 and lists the problems on a bad config', async () => {
    const proc = run(JSON.stringify({ nonce: '', imdsListen: [] }));
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toContain('bad ECS_SIM_MOCKS_CONFIG');
    expect(proc.output().stderr).toContain('imdsListen must be a non-empty array');
    expect(proc.output().stdout).toBe('');
  });

  it('exits 2 when the variable is missing', async () => {
    const proc = run(undefined);
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toContain('ECS_SIM_MOCKS_CONFIG is not set');
  });
});
