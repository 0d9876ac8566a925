import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Handler, MockResponse } from './http-types.ts';
import { boundAddress, closeServers, listenOn, NONCE_HEADER, type ListenAddress } from './listen.ts';
import { callHandler, formatRemote, readBody, toMockRequest } from './request-io.ts';

export { NONCE_HEADER, type ListenAddress } from './listen.ts';

/** One line of the request log: who asked what, and what they got. */
export interface RequestLogEntry {
  /** ISO 8601, the `now` the handler saw. */
  time: string;
  /** `ip:port` (`[ip]:port` for IPv6). */
  remote: string;
  method: string;
  /** Path and query as received. */
  path: string;
  status: number;
  /** Absent when the client sent no User-Agent (harness/mocks/container.ts reads it as optional). */
  userAgent?: string;
  /** Set when the handler threw (status 500) or the body was refused (413). */
  error?: string;
}

export interface MockServerOptions {
  /** Every address to listen on; port 0 picks a free one. */
  listen: ListenAddress[];
  handler: Handler;
  /** Sent as `x-ecs-sim-nonce` on every response: proof that an answer came from our mock (DESIGN.md principle 7). */
  nonce: string;
  /** Called once per answered request, before the answer is written, so a reader of the log never lags the client. */
  requestLog?: (entry: RequestLogEntry) => void;
  /** Called when the request log itself fails; default writes one line to stderr. */
  onLogError?: (err: unknown) => void;
  /** Default `() => new Date()`. */
  clock?: () => Date;
  /** Larger bodies get 413. Default 64 KiB. */
  maxBodyBytes?: number;
}

export interface StartedMockServer {
  /** Where it actually listens (ports resolved), in the order of `listen`. */
  addresses: ListenAddress[];
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 64 * 1024;

/** Starts one node:http server per address, all serving `handler`; rejects (closing any started) if one fails. */
export async function startMockServer(options: MockServerOptions): Promise<StartedMockServer> {
  // The nonce goes into a header of every answer; one node refuses would break every answer.
  if (!/^[\x21-\x7e]{1,256}$/.test(options.nonce)) throw new Error(`nonce must be 1-256 visible ASCII characters: ${JSON.stringify(options.nonce)}`);
  const clock = options.clock ?? (() => new Date());
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const onLogError =
    options.onLogError ?? ((err: unknown) => process.stderr.write(`ecs-sim mock: request log failed: ${String(err)}\n`));

  const send = (res: ServerResponse, response: MockResponse) => {
    // Our headers last: a handler cannot drop or spoof the nonce, and keep-alive is always off.
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': String(Buffer.byteLength(response.body)),
      connection: 'close',
      [NONCE_HEADER]: options.nonce,
    });
    res.end(response.body);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const now = clock();
    const read = await readBody(req, limit);
    if (read.state === 'aborted') return;
    const request = toMockRequest(req, read.state === 'read' ? read.body : '');
    const call =
      read.state === 'too-large'
        ? { state: 'refused' as const, error: `body over ${read.limit} bytes`, response: tooLarge(read.limit) }
        : callHandler(options.handler, request, now);
    const entry: RequestLogEntry = {
      time: now.toISOString(),
      remote: formatRemote(request.remoteAddress, request.remotePort),
      method: request.method,
      path: request.path,
      status: call.response.status,
      ...(request.headers['user-agent'] === undefined ? {} : { userAgent: request.headers['user-agent'] }),
      ...(call.state === 'answered' ? {} : { error: call.error }),
    };
    try {
      options.requestLog?.(entry);
    } catch (err) {
      onLogError(err);
    }
    send(res, call.response);
  };

  const servers: Server[] = [];
  try {
    for (const address of options.listen) {
      const serve = (req: IncomingMessage, res: ServerResponse) =>
        void onRequest(req, res).catch((err: unknown) => {
          // Last resort, so that no request can crash the mock: drop the connection, say why.
          res.destroy();
          onLogError(err);
        });
      servers.push(await listenOn(address, serve, options.nonce));
    }
  } catch (err) {
    await closeServers(servers);
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    addresses: servers.map(boundAddress),
    close: () => (closing ??= closeServers(servers)),
  };
}

function tooLarge(limit: number): MockResponse {
  return { status: 413, headers: { 'content-type': 'text/plain' }, body: `ecs-sim mock: request body over ${limit} bytes\n` };
}
