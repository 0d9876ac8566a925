import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Usage errors of `ecs-sim run` come before anything boots: the engine here is a socket that does
 * not exist, so reaching for it would end in exit 3 (environment), not 2 (usage).
 */
const run = async (args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'harness/cli.ts', ...args], {
      env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/ecs-sim-test.sock', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' },
      timeout: 60_000,
    });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'ecs-sim-usage-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ecs-sim run: usage errors before anything boots', () => {
  it.each([['0/3'], ['4/3'], ['1/0'], ['one/three'], ['1-3']])('--shard %s', async (shard) => {
    const r = await run(['run', '--shard', shard, 'scenarios/conformance']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 1/3), not "${shard}"`);
    expect(r.stderr).toMatch(/fix: give each of n runners its own --shard/);
  });

  it('an unwritable report path, naming the flag and the fix', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    const r = await run(['run', '--junit', join(file, 'sub', 'r.xml'), 'scenarios/conformance']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--junit ${join(file, 'sub', 'r.xml')}: ${file} is not a folder`);
    expect(r.stderr).toContain('fix: give --junit a file path you may write to');
  });

  it('a report path that is a folder', async () => {
    const r = await run(['run', '--html', dir, 'scenarios/conformance']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--html ${dir}: that is a folder, not a file`);
  });

  it('a shard with no files of its own writes empty reports and boots nothing', async () => {
    const json = join(dir, 'made', 'by', 'the', 'run', 'empty.json');
    const r = await run(['run', '--shard', '2/2', '--json', json, 'scenarios/conformance/01-bridge-task-reaches-imds.yaml']);
    expect(r.stderr).toContain('shard 2/2: 0 of 1 scenario(s)');
    expect(r.code).toBe(0);
    expect(JSON.parse(await readFile(json, 'utf8'))).toEqual({ version: 1, results: [] });
  });

  it('merge-reports without inputs, or with nothing to write', async () => {
    expect((await run(['merge-reports', '--json', join(dir, 'x.json')])).stderr).toMatch(/name the shards' report files/);
    const r = await run(['merge-reports', 'a.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fix: add --json FILE, --junit FILE and/or --html FILE');
  });
});

describe('ecs-sim shell: usage errors before anything boots', () => {
  const scenario = 'scenarios/conformance/02-docker-user-drop.yaml';

  it('a --step past the end, naming the number of steps and the fix', async () => {
    const r = await run(['shell', scenario, '--step', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ecs-sim: --step 3 is past the end of scenario "docker-user-drop" (${scenario}), which has 2 step(s)\n  fix: give a step number from 1 to 2`);
  });

  it('a --task the scenario does not have, with the closest name', async () => {
    const r = await run(['shell', scenario, '--task', 'deamon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no task "deamon" (did you mean "daemon"?)');
  });

  it('an invalid scenario, with its located errors; a folder of several', async () => {
    const bad = await run(['shell', 'test/fixtures/scenarios/invalid/task-not-running.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/task-not-running\.yaml:\d+:\d+: /);
    const many = await run(['shell', 'scenarios/conformance']);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/scenarios\/conformance holds \d+ scenarios; a shell opens on one/);
  });
});
