import Docker from 'dockerode';
import { Agent } from 'node:http';
import { Duplex, PassThrough } from 'node:stream';
import type { Socket } from 'node:net';

/**
 * A Docker client for the engine nested in an instance, tunnelled through an exec of
 * `docker system dial-stdio` over the outer engine's API (DESIGN.md, Nested engine channel):
 * nothing listens on a port or a socket file, and it works wherever the outer engine does.
 * Each HTTP connection is one exec (about 75 ms); keep-alive makes later requests cheap.
 */
export function nestedEngineClient(instance: Docker.Container): { docker: Docker; close(): void; dispose(): void } {
  const agent = new DialStdioAgent(instance);
  // dockerode needs some socketPath or host to build requests; the agent ignores it.
  const docker = new Docker({ socketPath: '/nested-engine.sock', agent } as Docker.DockerOptions);
  return {
    docker,
    /** Drops its connections (the engine restarted); a later request opens a new one. */
    close: () => agent.destroy(),
    /** Drops them for good (the instance is let go of): a later request fails, opening nothing. */
    dispose: () => agent.dispose(),
  };
}

class DialStdioAgent extends Agent {
  constructor(private readonly instance: Docker.Container) {
    super({ keepAlive: true, maxSockets: 16 });
  }

  /** Set by dispose(): http.Agent's destroy() still opens new connections for requests made later. */
  private closed = false;

  dispose(): void {
    this.closed = true;
    this.destroy();
  }

  override createConnection(_opts: unknown, callback?: (err: Error | null, socket: Socket) => void): Socket {
    const duplex = new ExecDuplex();
    if (this.closed) {
      // A request after the channel was disposed of (a probe still running when `--keep` let go of
      // the instance): no exec, which would hold the process open for as long as the instance runs.
      process.nextTick(() => duplex.destroy(new Error('the nested engine channel is closed')));
      callback?.(null, duplex as unknown as Socket);
      return duplex as unknown as Socket;
    }
    this.instance
      .exec({ Cmd: ['docker', 'system', 'dial-stdio'], AttachStdin: true, AttachStdout: true, AttachStderr: true })
      .then((exec) => exec.start({ hijack: true, stdin: true }))
      .then((stream) => duplex.attach(stream, this.instance.modem))
      .catch((err: Error) => duplex.destroy(new Error(`cannot open the nested engine channel (exec docker system dial-stdio): ${err.message}`)));
    // http.Agent accepts any Duplex as a socket; the callback form lets errors surface as request errors.
    callback?.(null, duplex as unknown as Socket);
    return duplex as unknown as Socket;
  }
}

/** A Duplex over a hijacked exec stream: writes go to the command's stdin, reads are its demuxed stdout. */
class ExecDuplex extends Duplex {
  private raw: NodeJS.ReadWriteStream | undefined;
  private pending: Array<{ chunk: Buffer; cb: (e?: Error | null) => void }> = [];
  private endPending = false;

  attach(raw: NodeJS.ReadWriteStream, modem: { demuxStream(s: NodeJS.ReadableStream, out: NodeJS.WritableStream, err: NodeJS.WritableStream): void }): void {
    // Closed while the exec was being made (the channel was closed: `--keep`, a reboot): a stream
    // attached now would hold its socket, and the dial-stdio process, open for good.
    if (this.destroyed) return void (raw as unknown as { destroy(): void }).destroy();
    this.raw = raw;
    const out = new PassThrough();
    const err = new PassThrough();
    modem.demuxStream(raw, out, err);
    out.on('data', (c: Buffer) => this.push(c));
    raw.on('end', () => this.push(null));
    raw.on('close', () => this.push(null));
    raw.on('error', (e: Error) => this.destroy(e));
    for (const p of this.pending) raw.write(p.chunk, p.cb);
    this.pending = [];
    if (this.endPending) raw.end();
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.raw) this.raw.write(chunk, cb);
    else this.pending.push({ chunk, cb });
  }

  override _final(cb: (e?: Error | null) => void): void {
    if (this.raw) this.raw.end();
    else this.endPending = true;
    cb();
  }

  override _destroy(err: Error | null, cb: (e: Error | null) => void): void {
    (this.raw as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    cb(err);
  }

  // http's client calls these on sockets; a tunnel has nothing to tune.
  setKeepAlive(): this { return this; }
  setNoDelay(): this { return this; }
  setTimeout(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
}
