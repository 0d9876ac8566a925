import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_COMMANDS, collectDebugBundle, type BundleSource } from '../../../harness/debug/bundle.ts';
import { demux } from '../../../harness/debug/from-instance.ts';

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'ecs-sim-bundle-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A source that answers like an instance would, and records every command. */
function fake(): BundleSource & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    name: 'ecs-sim-i-1',
    tasks: [{ name: 'web', containerId: 'c0ffee' }],
    exec: async (cmd) => {
      const script = cmd[2]!;
      ran.push(script);
      if (script.startsWith('conntrack')) return { exitCode: 1, stdout: '', stderr: 'conntrack: not permitted\n' };
      if (script.includes('ecs.config')) throw new Error('exec timed out');
      return { exitCode: 0, stdout: `output of ${script}\n`, stderr: '' };
    },
    mocksLog: async () => 'mocks said hello\n',
  };
}

describe('debug bundle', () => {
  it('writes the instance\'s and each task\'s network state, the sysctls, ecs.config and the logs', async () => {
    const source = fake();
    const root = await collectDebugBundle(source, dir);
    expect(root).toBe(join(dir, 'ecs-sim-i-1'));
    expect((await readdir(join(root, 'instance'))).sort()).toEqual([...Object.keys(BUNDLE_COMMANDS.network), ...Object.keys(BUNDLE_COMMANDS.instance)].sort());
    expect((await readdir(join(root, 'tasks', 'web'))).sort()).toEqual(Object.keys(BUNDLE_COMMANDS.network).sort());
    expect(await readFile(join(root, 'instance', 'iptables-save.txt'), 'utf8')).toBe('output of iptables-save\n');
    // A task's state is read in its own network namespace, entered through its container's PID.
    expect(await readFile(join(root, 'tasks', 'web', 'ip-route.txt'), 'utf8')).toMatch(/docker inspect --format '\{\{\.State\.Pid\}\}' c0ffee\) && nsenter --target "\$pid" --net sh -c 'ip route show table all'/);
    expect(await readFile(join(root, 'mocks', 'mocks.log'), 'utf8')).toBe('mocks said hello\n');
    // What could not be read says why, in its own file.
    expect(await readFile(join(root, 'instance', 'conntrack.txt'), 'utf8')).toBe('# `conntrack -L` exited 1\nconntrack: not permitted\n');
    expect(await readFile(join(root, 'instance', 'ecs.config'), 'utf8')).toMatch(/could not run: exec timed out/);
  });

  it('only reads: no command adds, deletes, flushes, writes or kills anything', async () => {
    const source = fake();
    await collectDebugBundle(source, dir);
    expect(source.ran.length).toBe(Object.keys(BUNDLE_COMMANDS.network).length * 2 + Object.keys(BUNDLE_COMMANDS.instance).length);
    const changes = /\biptables(-legacy)?\s+-[AIDFRNXPZ]\b|\bnft\s+(add|delete|flush|insert|replace|create)\b|\bip\s+(route|rule|neigh|addr|link)\s+(add|del|delete|flush|change|replace)\b|\bsysctl\s+-w\b|\bconntrack\s+-[DFU]\b|(^|[^2])>[^&]|\b(rm|kill|mv|tee|truncate)\b/;
    for (const script of source.ran) expect(script, script).not.toMatch(changes);
  });

  it('drops Docker\'s log frame headers', () => {
    const frame = (stream: number, text: string) => {
      const header = Buffer.from([stream, 0, 0, 0, 0, 0, 0, 0]);
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    };
    expect(demux(Buffer.concat([frame(1, 'out line\n'), frame(2, 'err line\n')]))).toBe('out line\nerr line\n');
    expect(demux(Buffer.from('plain text'))).toBe('plain text');
  });
});
