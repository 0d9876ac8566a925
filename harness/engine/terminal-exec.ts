import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import createDebug from 'debug';
import { withTimeout } from '../errors.ts';

const debug = createDebug('ecs-sim:terminal');

/** The user's side of an interactive exec: the process's own streams unless a test gives others. */
export interface TerminalStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number; on(event: 'resize', fn: () => void): unknown; off(event: 'resize', fn: () => void): unknown };
  stderr: NodeJS.WritableStream;
}

export interface TerminalExecOptions {
  env?: string[];
  /** Ends the session from outside (a signal, the run's teardown): the exec's stream is closed. */
  signal?: AbortSignal;
  streams?: TerminalStreams;
}

/** How an interactive exec ended. */
export type TerminalExit =
  /** The command exited with this status. */
  | { state: 'exited'; exitCode: number }
  /** The session was ended from outside (`signal`) before the command exited. */
  | { state: 'aborted' }
  /** The stream broke (the container went away, the engine connection dropped). */
  | { state: 'broken'; reason: string };

const processStreams = (): TerminalStreams => process as unknown as TerminalStreams;

/** Whether the user's side is a terminal (then the exec gets a pseudo-terminal, as `docker exec -t`). */
export const isTerminal = (streams: Pick<TerminalStreams, 'stdin' | 'stdout'> = processStreams()): boolean => Boolean(streams.stdin.isTTY && streams.stdout.isTTY);

/**
 * Runs a command in a container with the user's terminal attached, as `docker exec -it` does,
 * over the engine's API (no docker CLI on the host): a pseudo-terminal in the container, the local
 * terminal in raw mode (so Ctrl-C, Ctrl-D and the arrow keys go to the command), both directions
 * piped, the remote size set at start and on each local resize (SIGWINCH, which Node reports as
 * the stream's 'resize'). Without a local terminal (stdin piped) it runs with no pseudo-terminal
 * and its output demultiplexed, as `docker exec -i` does. The local terminal is always restored.
 */
export async function execInTerminal(container: Docker.Container, cmd: string[], opts: TerminalExecOptions = {}): Promise<TerminalExit> {
  const { stdin, stdout, stderr } = opts.streams ?? processStreams();
  const tty = isTerminal({ stdin, stdout });
  const size = () => ({ h: stdout.rows ?? 24, w: stdout.columns ?? 80 });
  const what = `an interactive \`${cmd.join(' ').slice(0, 80)}\` in container ${container.id.slice(0, 12)}`;
  const exec = await withTimeout(`the engine to create ${what}`, 30_000, container.exec({
    Cmd: cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: tty,
    ...(opts.env ? { Env: opts.env } : {}),
  }));
  const stream = (await withTimeout(`the engine to start ${what}`, 30_000, exec.start({ hijack: true, stdin: true, Tty: tty, ...(tty ? { ConsoleSize: [size().h, size().w] } : {}) }))) as unknown as Duplex;

  const resize = () => {
    exec.resize(size()).catch((err: Error) => debug('resize failed: %s', err.message));
  };
  const wasRaw = tty && (stdin as { isRaw?: boolean }).isRaw === true;
  const restore: Array<() => void> = [];
  try {
    if (tty) {
      stdin.setRawMode?.(true);
      restore.push(() => stdin.setRawMode?.(wasRaw));
      stdout.on('resize', resize);
      restore.push(() => stdout.off('resize', resize));
      resize();
      stream.pipe(stdout, { end: false });
    } else {
      container.modem.demuxStream(stream, stdout, stderr);
    }
    // stdin → the command; its end (Ctrl-D on a pipe) half-closes the stream, so the command sees EOF.
    const forward = (chunk: Buffer) => stream.write(chunk);
    const endInput = () => (stream as unknown as { end(): void }).end();
    // A terminal that went away (EIO) ends the input as Ctrl-D would.
    const inputFailed = (err: Error) => {
      debug('stdin failed: %s', err.message);
      endInput();
    };
    stdin.on('data', forward);
    stdin.once('end', endInput);
    stdin.on('error', inputFailed);
    restore.push(() => {
      stdin.off('data', forward);
      stdin.off('end', endInput);
      stdin.off('error', inputFailed);
      (stdin as unknown as { pause?: () => void }).pause?.();
    });
    (stdin as unknown as { resume?: () => void }).resume?.();
    const ended = await new Promise<TerminalExit | undefined>((resolve) => {
      stream.once('end', () => resolve(undefined));
      stream.once('close', () => resolve(undefined));
      stream.once('error', (err: Error) => resolve({ state: 'broken', reason: err.message }));
      if (opts.signal?.aborted) resolve({ state: 'aborted' });
      opts.signal?.addEventListener('abort', () => resolve({ state: 'aborted' }), { once: true });
    });
    if (ended) return ended;
    // Ended from outside: the stream closed because of it (a hang-up closes stdin first).
    if (opts.signal?.aborted) return { state: 'aborted' };
    const info = await withTimeout(`the engine to report how ${what} ended`, 10_000, exec.inspect()).catch((err: Error) => err);
    if (info instanceof Error) return { state: 'broken', reason: info.message };
    if (info.Running || info.ExitCode === null) return { state: 'broken', reason: `the stream of ${what} closed while it was still running` };
    return { state: 'exited', exitCode: info.ExitCode };
  } finally {
    for (const r of restore.reverse()) r();
    stream.destroy();
  }
}

