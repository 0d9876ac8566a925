import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { execIn } from '../../harness/engine/exec.ts';

/** A container whose execs end with the given results in turn (the output on stdout, as Docker sends runc's complaint). */
function container(results: Array<{ exitCode: number; stdout: string }>) {
  let n = 0;
  const streams: PassThrough[] = [];
  return {
    streams,
    id: 'c0ffee'.padEnd(64, '0'),
    modem: { demuxStream: (stream: PassThrough, out: PassThrough) => stream.on('data', (c: Buffer) => out.write(c)) },
    exec: async () => {
      const r = results[Math.min(n++, results.length - 1)]!;
      return {
        start: async () => {
          const s = new PassThrough();
          streams.push(s);
          // The engine ends its side only: the hijacked socket stays writable (half-open) until ours ends.
          setImmediate(() => s.push(r.stdout) && s.push(null));
          return s;
        },
        inspect: async () => ({ ExitCode: r.exitCode }),
      };
    },
    get calls() {
      return n;
    },
  };
}

const RUNC = 'OCI runtime exec failed: exec failed: unable to start container process: waiting for init preliminary setup: read init-p: connection reset by peer: unknown\r\n';

describe('execIn', () => {
  it('runs a command once more when runc could not start it at all', async () => {
    const c = container([{ exitCode: 126, stdout: RUNC }, { exitCode: 0, stdout: 'routes' }]);
    expect(await execIn(c as unknown as Docker.Container, ['ip', 'route'])).toMatchObject({ exitCode: 0, stdout: 'routes' });
    expect(c.calls).toBe(2);
  });
  it('does not rerun a command that ran and failed, even with exit 126', async () => {
    const c = container([{ exitCode: 126, stdout: 'sh: ./x: Permission denied' }]);
    expect((await execIn(c as unknown as Docker.Container, ['./x'])).exitCode).toBe(126);
    expect(c.calls).toBe(1);
  });
  it('closes the hijacked stream once the engine ended its side, so no socket outlives the exec', async () => {
    const c = container([{ exitCode: 0, stdout: 'ok' }]);
    expect((await execIn(c as unknown as Docker.Container, ['true'])).stdout).toBe('ok');
    expect(c.streams.map((s) => s.destroyed)).toEqual([true]);
  });
});
