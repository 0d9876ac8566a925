import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseBootState, readBootStateScript, RESOLVED_CONFIG, waitBootStateScript } from '../../../harness/instance/boot-state.ts';

const BOOT = ['stage', 'ready', 'failed'] as const;

const line = (name: string, content: string) => `${name}=${Buffer.from(content).toString('base64')}\n`;

describe("reading boot.sh's state files", () => {
  it('keeps each file to itself, whatever its content', () => {
    // A stage file holding two lines (two writers, or a read mid-write) once shifted ready's "1" into failed.
    const out = line('stage', 'ecs agent\nt 1)\n') + line('ready', '1\n') + 'failed=\n';
    expect(parseBootState(out, BOOT)).toEqual({ stage: 'ecs agent\nt 1)', ready: '1', failed: '' });
  });
  it('reads a failure, and an instance that has written nothing yet', () => {
    expect(parseBootState(line('stage', 'dockerd\n') + 'ready=\n' + line('failed', 'dockerd exited: unknown flag\n'), BOOT)).toEqual({ stage: 'dockerd', ready: '', failed: 'dockerd exited: unknown flag' });
    expect(parseBootState('', BOOT)).toEqual({ stage: '', ready: '', failed: '' });
  });

  it('reads the restart counters the same way, and names only the files asked for', () => {
    expect(readBootStateScript(['agent-generation', 'failed'])).toContain('for f in agent-generation failed;');
    expect(parseBootState(line('agent-generation', '3\n') + 'failed=\n', ['agent-generation', 'failed'] as const)).toEqual({ 'agent-generation': '3', failed: '' });
  });
});

describe("waiting for boot.sh's state files inside the instance", () => {
  // The script runs under the machine's /bin/sh (dash here, as in the instance's Debian).
  const sh = async (script: string) => (await promisify(execFile)('sh', ['-c', script])).stdout;
  const inDir = async (work: (dir: string) => Promise<void>) => {
    const dir = await mkdtemp(join(tmpdir(), 'ecs-sim-boot-state-'));
    try {
      await work(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('returns once the file reaches the number, reading the state as then', () =>
    inDir(async (dir) => {
      await writeFile(join(dir, 'ready'), '1\n');
      setTimeout(() => void writeFile(join(dir, 'ready'), '2\n'), 150);
      const out = await sh(waitBootStateScript(BOOT, 'ready', 2, 10_000, dir));
      expect(parseBootState(out, BOOT).ready).toBe('2');
    }));
  it('returns on a failure, and after its limit with what there is', () =>
    inDir(async (dir) => {
      setTimeout(() => void writeFile(join(dir, 'failed'), 'dockerd exited\n'), 100);
      expect(parseBootState(await sh(waitBootStateScript(BOOT, 'ready', 1, 10_000, dir)), BOOT)).toMatchObject({ ready: '', failed: 'dockerd exited' });
      await rm(join(dir, 'failed'));
      await writeFile(join(dir, 'ready'), 'half');
      expect(parseBootState(await sh(waitBootStateScript(BOOT, 'ready', 1, 100, dir)), BOOT)).toMatchObject({ ready: 'half', failed: '' });
    }));
  it("reads ecs-init's resolved config, in its folder and over several lines, with the boot's ready", () =>
    inDir(async (dir) => {
      const resolved = JSON.stringify({ config: { ECS_CLUSTER: 'a=b' }, findings: [] }, null, 2);
      await mkdir(join(dir, 'ecs-init'));
      await writeFile(join(dir, RESOLVED_CONFIG), resolved);
      await writeFile(join(dir, 'ready'), '1\n');
      const files = [...BOOT, RESOLVED_CONFIG] as const;
      const state = parseBootState(await sh(waitBootStateScript(files, 'ready', 1, 10_000, dir)), files);
      expect(state.ready).toBe('1');
      expect(JSON.parse(state[RESOLVED_CONFIG])).toEqual(JSON.parse(resolved));
    }));
  it('reads nothing, and waits for nothing, before boot.sh made its folder', async () => {
    expect(await sh(waitBootStateScript(BOOT, 'ready', 1, 10_000, '/nonexistent/ecs-sim'))).toBe('');
  });
});
