import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { EcsSimError, withTimeout } from '../errors.ts';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Overall deadline; the error names the command. Default 30 s. */
  timeoutMs?: number;
  /** Written to the command's stdin, which is then closed. */
  stdin?: string;
  env?: string[];
  user?: string;
}

/**
 * Runs a command in a running container and returns its demultiplexed output. A hung command
 * ends in a TimeoutError naming the container and the command; its process is left to the
 * container's teardown (Docker has no API to kill an exec).
 */
export async function execIn(container: Docker.Container, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const r = await execOnce(container, cmd, opts);
  // runc failed to start the process at all (seen in a nested engine under load: "exec failed:
  // unable to start container process: waiting for init preliminary setup: read init-p:
  // connection reset by peer"): nothing ran, so running it once more is safe.
  return r.exitCode === 126 && RUNC_DID_NOT_START.test(r.stdout + r.stderr) ? execOnce(container, cmd, opts) : r;
}

const RUNC_DID_NOT_START = /OCI runtime exec failed: exec failed: unable to start container process/;

async function execOnce(container: Docker.Container, cmd: string[], opts: ExecOptions): Promise<ExecResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const what = `\`${cmd.join(' ').slice(0, 120)}\` in container ${container.id.slice(0, 12)}`;
  return withTimeout(what, timeoutMs, async () => {
    const exec = await container.exec({
      Cmd: cmd,
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: opts.stdin !== undefined,
      ...(opts.env ? { Env: opts.env } : {}),
      ...(opts.user ? { User: opts.user } : {}),
    });
    const stream = await exec.start({ hijack: true, stdin: opts.stdin !== undefined });
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
    out.on('data', (c: Buffer) => chunks.out.push(c));
    err.on('data', (c: Buffer) => chunks.err.push(c));
    container.modem.demuxStream(stream, out, err);
    const ended = new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    if (opts.stdin !== undefined) {
      stream.write(opts.stdin);
      // Half-close so the command sees EOF; the hijacked socket stays readable.
      (stream as unknown as { end(): void }).end();
    }
    await ended;
    // The engine ended its side (all output is in); the hijacked socket is half-open and stays so
    // until ours ends too. Left open, each exec kept a socket (through the nested engine, a
    // `docker system dial-stdio` in the instance) until the container went, and `run --keep`,
    // whose containers stay, never exited.
    (stream as unknown as { destroy(): void }).destroy();
    const info = await exec.inspect();
    return {
      exitCode: info.ExitCode ?? -1,
      stdout: Buffer.concat(chunks.out).toString('utf8'),
      stderr: Buffer.concat(chunks.err).toString('utf8'),
    };
  });
}

/** execIn, but a non-zero exit is an error that quotes stderr. */
export async function execOk(container: Docker.Container, cmd: string[], opts: ExecOptions = {}): Promise<string> {
  const r = await execIn(container, cmd, opts);
  if (r.exitCode !== 0) {
    throw new EcsSimError('EXEC_FAILED', `\`${cmd.join(' ')}\` exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().slice(0, 800)}`, {
      kind: 'environment',
    });
  }
  return r.stdout;
}
