import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { LABEL } from '../../harness/run/identity.ts';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would (bin/ecs-sim.js), optionally interrupting it when `interruptOn` shows up. */
function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; interruptOn?: RegExp } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/ecs-sim.js', ...args], { env: { ...process.env, NO_COLOR: '1', ...opts.env } });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
      if (opts.interruptOn && !interrupted && opts.interruptOn.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The runs that own labelled containers, sorted: a test compares these, not a count (the count is any run's). */
const labelled = async () =>
  [...new Set((await new Docker().listContainers({ all: true, filters: JSON.stringify({ label: [LABEL.run] }) })).map((c) => c.Labels[LABEL.run]!))].sort();

describe('[slow] the ecs-sim command line', () => {
  it('validate: exit 2 with every error located, and nothing started', async () => {
    const r = await cli(['validate', 'test/fixtures/scenarios/invalid']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/test\/fixtures\/scenarios\/invalid\/[\w-]+\.yaml:\d+:\d+: /);
    expect(r.stderr).toMatch(/nothing was run/);
  });

  it('run on invalid input: exit 2 before any container exists', async () => {
    const before = await labelled();
    const r = await cli(['run', 'test/fixtures/scenarios/invalid/unknown-target.yaml']);
    expect(r.code).toBe(2);
    expect(await labelled()).toEqual(before);
  });

  it('run with a task image the engine does not have: exit 2, naming the field and the fix, before any instance boots', async () => {
    const before = await labelled();
    const r = await cli(['run', 'test/fixtures/scenarios/runner/missing-image.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tasks.web.containerDefinitions[0].image: image "ecs-sim-test/not-here:1" is not on the Docker engine');
    expect(r.stderr).toContain('fix: build or load it on the host');
    expect(await labelled()).toEqual(before);
  });

  it('run: exit 1 on a wrong expectation, with its evidence, the grids and the summary, plus JSON, JUnit, HTML and GitHub\'s summary and annotations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ecs-sim-cli-'));
    const summary = join(dir, 'step-summary.md');
    const r = await cli(['run', 'test/fixtures/scenarios/runner/wrong-expectation.yaml', '--json', join(dir, 'r.json'), '--junit', join(dir, 'reports', 'r.xml'), '--html', join(dir, 'r.html')], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('expected   actual');
    expect(r.stdout).toMatch(/web \(bridge\)\s+B\s+A/);
    expect(r.stdout).toMatch(/✗ wrong web → imds: expected blocked, found allowed: HTTP 200/);
    // The instance step's check counts as one.
    expect(r.stdout).toContain('1 wrong, 0 error, 0 ignored, 1 correct');
    const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { results: Array<{ state: string; tally: object }> };
    expect(json.results[0]).toMatchObject({ state: 'failed', tally: { wrong: 1, correct: 1, error: 0, ignored: 0 } });
    const xml = await readFile(join(dir, 'reports', 'r.xml'), 'utf8');
    expect(xml).toMatch(/<testcase classname="test\/fixtures\/scenarios\/runner\/wrong-expectation.yaml" name="web → imds" file="test\/fixtures\/scenarios\/runner\/wrong-expectation.yaml" line="14" time="[\d.]+">\n\s+<failure message="web → imds: expected blocked, found allowed: HTTP 200/);
    expect(xml).toMatch(/<testcase classname="[^"]+" name="instance: true" file="[^"]+" line="15" /);
    expect(r.stdout).toMatch(/^::error file=test\/fixtures\/scenarios\/runner\/wrong-expectation.yaml,line=14,title=ecs-sim wrong%3A wrong-expectation%3A web → imds::web → imds: expected blocked, found allowed: HTTP 200/m);
    expect(await readFile(summary, 'utf8')).toContain('| web (bridge) | ❌ **allowed** (expected blocked) |');
    expect(await readFile(join(dir, 'r.html'), 'utf8')).toMatch(/<td class="wrong" [^>]*data-cell="web → imds">B → A<\/td>/);
  });

  it('run --debug-dir: the instance\'s and each task\'s state and logs gathered before teardown, the report naming the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ecs-sim-debug-'));
    const r = await cli(['run', '--debug-dir', dir, 'test/fixtures/scenarios/runner/wrong-expectation.yaml']);
    expect(r.code).toBe(1);
    const bundle = /debug bundle: (\S+)/.exec(r.stdout)?.[1];
    expect(bundle).toBeDefined();
    expect(bundle!.startsWith(dir)).toBe(true);
    // The instance's filter table as ecs-init left it, and the task's own namespace.
    expect(await readFile(join(bundle!, 'instance', 'iptables-save.txt'), 'utf8')).toMatch(/^\*filter$/m);
    expect(await readFile(join(bundle!, 'instance', 'ecs.config'), 'utf8')).toMatch(/^# no \/etc\/ecs\/ecs.config: the scenario set no keys/);
    expect(await readFile(join(bundle!, 'instance', 'agent-environment.txt'), 'utf8')).toMatch(/^ECS_SIM_AGENT_CONFIG=\{"nonce":/m);
    expect(await readFile(join(bundle!, 'instance', 'sysctl.txt'), 'utf8')).toMatch(/^net\.ipv4\.conf\.all\.route_localnet = \d$/m);
    expect(await readFile(join(bundle!, 'tasks', 'web', 'ip-route.txt'), 'utf8')).toMatch(/^default via /m);
    expect((await readFile(join(bundle!, 'mocks', 'mocks.log'), 'utf8')).length).toBeGreaterThan(0);
    expect(await labelled()).toEqual([]);
  });

  it('run --concurrency 2: scenarios overlap, each printed whole, results and exit code as if one by one', async () => {
    const r = await cli(['run', '--concurrency', '2', 'test/fixtures/scenarios/runner/wrong-expectation.yaml', 'scenarios/conformance/02-docker-user-drop.yaml']);
    expect(r.code).toBe(1);
    // Each scenario's block runs from its ▶ line to its verdict line, with no other ▶ inside.
    for (const [name, verdict] of [['wrong-expectation', '✘'], ['docker-user-drop', '✔']] as const) {
      const start = r.stdout.indexOf(`▶ ${name}`);
      const end = r.stdout.indexOf(`${verdict} ${name}:`);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThan(start);
      expect(r.stdout.slice(start + 1, end)).not.toContain('▶');
    }
    expect(r.stdout).toContain('1 wrong, 0 error, 0 ignored, 6 correct');
    expect(await labelled()).toEqual([]);
  });

  it('run: Ctrl-C tears down and leaves nothing', async () => {
    const r = await cli(['run', 'test/fixtures/scenarios/runner/slow.yaml'], { interruptOn: /step 2: instance/ });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: tearing down run/);
    expect(await labelled()).toEqual([]);
  });

  it('run --keep leaves the instance up to poke at, and gc removes it once the run is gone', async () => {
    const r = await cli(['run', '--keep', 'test/fixtures/scenarios/runner/wrong-expectation.yaml']);
    expect(r.code).toBe(1);
    const name = /kept: instance (\S+)/.exec(r.stdout)?.[1];
    expect(name).toBeDefined();
    const docker = new Docker();
    expect((await docker.getContainer(name!).inspect()).State.Running).toBe(true);
    const gc = await cli(['gc']);
    expect(gc.code).toBe(0);
    // The instance and its mocks; its link; its disk and the run's image cache it mounts.
    expect(gc.stdout).toMatch(/removed 2 container\(s\), 1 network\(s\), 2 volume\(s\)/);
    expect(await labelled()).toEqual([]);
  });

  it('run without an engine: exit 3, naming the cause and the fix', async () => {
    const r = await cli(['run', 'test/fixtures/scenarios/runner/slow.yaml'], { env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no Docker engine answers at unix:\/\/\/nonexistent.sock/);
    expect(r.stderr).toMatch(/fix: /);
  });
});
