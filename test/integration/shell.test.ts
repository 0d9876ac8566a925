import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gc } from '../../harness/run/gc.ts';
import { leftovers } from './support.ts';

/**
 * `ecs-sim shell` through a real pseudo-terminal: tmux runs the CLI in a detached session (its own
 * server socket, so no one else's tmux is touched), keys go in with send-keys and the screen comes
 * back with capture-pane, as a user would type and read.
 */
const run = promisify(execFile);
const socket = `ecs-sim-test-${process.pid}`;
const tmux = async (...args: string[]): Promise<string> => (await run('tmux', ['-L', socket, ...args])).stdout;
const SCENARIO = 'scenarios/conformance/02-docker-user-drop.yaml';
const docker = new Docker();
let dir: string;

/**
 * Starts `ecs-sim shell <args>` in a new tmux session; its exit status lands in `<dir>/<name>.code`
 * and the terminal's modes after it in `<dir>/<name>.stty` (the pane stays to be read).
 */
async function startShell(name: string, args: string[]): Promise<void> {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  await tmux('new-session', '-d', '-s', name, '-x', '200', '-y', '50', `cd '${process.cwd()}' && NO_COLOR=1 node bin/ecs-sim.js shell ${quoted}; echo $? > '${join(dir, `${name}.code`)}'; stty -a > '${join(dir, `${name}.stty`)}'; sleep 300`);
}

/** The session's screen and scroll-back, wrapped lines joined. */
const screen = (name: string) => tmux('capture-pane', '-p', '-J', '-S', '-300', '-t', name);

/** Polls the screen until `pattern` shows; on timeout, fails with what the screen held. */
async function waitForScreen(name: string, pattern: RegExp, timeoutMs = 240_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await screen(name).catch(() => text);
    const m = pattern.exec(text);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${pattern} in tmux session ${name}; the screen:\n${text}`);
}

/** Waits for the CLI to end in its session, and gives its exit status. */
async function exitStatus(name: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await readFile(join(dir, `${name}.code`), 'utf8').catch(() => undefined);
    if (text !== undefined && text.trim() !== '') return Number(text.trim());
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ecs-sim shell to exit in tmux session ${name}; the screen:\n${await screen(name).catch(() => '')}`);
}

/** The terminal's modes once the CLI has exited: cooked again (icanon, echo), not left raw. */
async function expectTerminalRestored(name: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let modes = '';
  while (Date.now() < deadline && !modes) modes = await readFile(join(dir, `${name}.stty`), 'utf8').catch(() => '');
  expect(modes).toMatch(/(^|\s)icanon(\s|$)/);
  expect(modes).toMatch(/(^|\s)echo(\s|$)/);
}

/** The run's id, from the instance's name in the banner (`<run id>-i1`). */
const runIdOf = (instance: string) => instance.replace(/-i\d+$/, '');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecs-sim-shell-'));
});
afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('[slow] ecs-sim shell, through a real pseudo-terminal', () => {
  it('--step 1 opens a shell on the instance after step 1: its DOCKER-USER rule is there; `exit` tears everything down, exit 0', async () => {
    await startShell('instance', [SCENARIO, '--step', '1']);
    const [, instance] = await waitForScreen('instance', /ecs-sim shell: instance (\S+) \(the EC2 host, as root\), after step 1 of 2/);
    await waitForScreen('instance', new RegExp(`root@${instance}:/#\\s*$`, 'm'));
    // The banner names the mocks' addresses and the way out.
    expect(await screen('instance')).toMatch(/IMDS http:\/\/169\.254\.169\.254 +STS http:\/\/\S+ +agent credentials endpoint http:\/\/169\.254\.170\.2/);
    await tmux('send-keys', '-t', 'instance', 'iptables -S DOCKER-USER; stty size', 'Enter');
    await waitForScreen('instance', /^-A DOCKER-USER -d 169\.254\.169\.254\/32 -i docker\+ -j DROP$/m);
    // The pseudo-terminal has the pane's size (rows, columns).
    const size = (await tmux('display-message', '-p', '-t', 'instance', '#{pane_height} #{pane_width}')).trim();
    await waitForScreen('instance', new RegExp(`^${size}$`, 'm'));
    // And follows it when the terminal is resized (SIGWINCH → the exec's resize).
    await tmux('resize-window', '-t', 'instance', '-x', '150', '-y', '40');
    const resized = (await tmux('display-message', '-p', '-t', 'instance', '#{pane_height} #{pane_width}')).trim();
    expect(resized).not.toBe(size);
    // The resize reaches the exec asynchronously: ask again until it has (or the wait below fails).
    for (let i = 0; i < 20 && !new RegExp(`^${resized}$`, 'm').test(await screen('instance')); i++) {
      await tmux('send-keys', '-t', 'instance', 'stty size', 'Enter');
      await waitForScreen('instance', new RegExp(`^${resized}$`, 'm'), 1_000).catch(() => undefined);
    }
    await waitForScreen('instance', new RegExp(`^${resized}$`, 'm'), 1_000);
    // Step 2 (the expect step) did not run: the shell opened before it.
    expect(await screen('instance')).not.toMatch(/step 2: expect/);
    await tmux('send-keys', '-t', 'instance', 'exit', 'Enter');
    expect(await exitStatus('instance')).toBe(0);
    await expectTerminalRestored('instance');
    expect(await leftovers(docker, runIdOf(instance!))).toEqual([]);
  });

  it('--task web: a shell in the task, whose credentials endpoint gives its own canary; Ctrl-D leaves, exit 0, nothing left', async () => {
    await startShell('task', [SCENARIO, '--step', '0', '--task', 'web']);
    const [, instance] = await waitForScreen('task', /ecs-sim shell: task web \(bridge\) on instance (\S+), no step run/);
    const [, keyId] = await waitForScreen('task', /AccessKeyId (ECSSIM-\S+)/);
    await waitForScreen('task', /^\/ #\s*$/m);
    await tmux('send-keys', '-t', 'task', 'wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; echo; hostname', 'Enter');
    const [answer] = await waitForScreen('task', /^\{"RoleArn":"arn:aws:iam::\d+:role\/web-role".*\}$/m);
    expect(JSON.parse(answer!)).toMatchObject({ AccessKeyId: keyId });
    // The task's own container: its hostname is its container ID, not the instance's name.
    await waitForScreen('task', /^[0-9a-f]{12}$/m);
    await tmux('send-keys', '-t', 'task', 'C-d');
    expect(await exitStatus('task')).toBe(0);
    expect(await leftovers(docker, runIdOf(instance!))).toEqual([]);
  });

  it('the shell\'s exit status is the command\'s; --keep leaves everything up after it', async () => {
    await startShell('keep', [SCENARIO, '--step', '0', '--keep']);
    const [, instance] = await waitForScreen('keep', /ecs-sim shell: instance (\S+) /);
    await waitForScreen('keep', /everything stays up afterwards \(--keep\)/);
    await waitForScreen('keep', new RegExp(`root@${instance}:/#\\s*$`, 'm'));
    await tmux('send-keys', '-t', 'keep', 'exit 7', 'Enter');
    try {
      expect(await exitStatus('keep')).toBe(7);
      await waitForScreen('keep', new RegExp(`kept: instance ${instance} `));
      expect((await docker.getContainer(instance!).inspect()).State.Running).toBe(true);
    } finally {
      await gc(docker, { onlyRun: runIdOf(instance!) });
    }
    expect(await leftovers(docker, runIdOf(instance!))).toEqual([]);
  });

  it('SIGTERM while the shell is open: the shell ends, the terminal is restored, everything is torn down (exit 143)', async () => {
    await startShell('term', [SCENARIO, '--step', '0']);
    const [, instance] = await waitForScreen('term', /ecs-sim shell: instance (\S+) /);
    await waitForScreen('term', new RegExp(`root@${instance}:/#\\s*$`, 'm'));
    // The CLI is the pane's shell's child.
    const paneShell = (await tmux('display-message', '-p', '-t', 'term', '#{pane_pid}')).trim();
    const cli = Number((await run('ps', ['-o', 'pid=', '--ppid', paneShell])).stdout.trim().split('\n')[0]);
    process.kill(cli, 'SIGTERM');
    expect(await exitStatus('term')).toBe(143);
    await expectTerminalRestored('term');
    expect(await screen('term')).toMatch(/SIGTERM: tearing down run/);
    expect(await leftovers(docker, runIdOf(instance!))).toEqual([]);
  });

  it('closing the terminal (a hang-up) tears everything down too', async () => {
    await startShell('hangup', [SCENARIO, '--step', '0']);
    const [, instance] = await waitForScreen('hangup', /ecs-sim shell: instance (\S+) /);
    await waitForScreen('hangup', new RegExp(`root@${instance}:/#\\s*$`, 'm'));
    const labelled = { label: [`ecs-sim.run=${runIdOf(instance!)}`] };
    expect((await docker.listContainers({ filters: JSON.stringify(labelled) })).length).toBeGreaterThan(0);
    await tmux('kill-session', '-t', 'hangup');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await leftovers(docker, runIdOf(instance!))).length > 0) await new Promise((r) => setTimeout(r, 500));
    expect(await leftovers(docker, runIdOf(instance!))).toEqual([]);
  });
});
