import { validateHeaderName, validateHeaderValue, type IncomingMessage } from 'node:http';
import type { Handler, MockRequest, MockResponse } from './http-types.ts';

/** How reading a request body ended. */
export type BodyRead =
  | { state: 'read'; body: string }
  | { state: 'too-large'; limit: number }
  | { state: 'aborted'; reason: string };

/**
 * Reads the body, keeping at most `limit` bytes. A body over the limit is still read to its end
 * (and dropped) before the 413 goes out: answering while the client is still sending makes the
 * server close a socket with unread data, which resets it, and the client would see a reset
 * instead of the 413. The server's request timeout bounds how long such a body can take.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = Number(req.headers['content-length'] ?? '0') > limit ? Infinity : 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () =>
      settle(size > limit ? { state: 'too-large', limit } : { state: 'read', body: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', (err) => settle({ state: 'aborted', reason: err.message }));
    req.on('close', () => settle({ state: 'aborted', reason: 'connection closed before the body ended' }));
  });
}

/** `::ffff:10.0.0.1` → `10.0.0.1`: IPv4 peers of a dual-stack socket read as plain IPv4. */
export function peerAddress(raw: string | undefined): string {
  if (raw === undefined) return '';
  return raw.startsWith('::ffff:') && raw.includes('.') ? raw.slice('::ffff:'.length) : raw;
}

/** `ip:port`, with IPv6 addresses bracketed so the port stays unambiguous. */
export function formatRemote(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export function toMockRequest(req: IncomingMessage, body: string): MockRequest {
  const headers: Record<string, string> = {};
  // node:http lower-cases names and already joins most repeated headers with ', '.
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? '',
    path: req.url ?? '',
    headers,
    body,
    remoteAddress: peerAddress(req.socket.remoteAddress),
    remotePort: req.socket.remotePort ?? 0,
  };
}

/** What calling a handler came to: its response, or a 500 that says the mock itself broke. */
export type HandlerCall = { state: 'answered'; response: MockResponse } | { state: 'threw'; response: MockResponse; error: string };

/**
 * Runs a handler; an exception becomes a 500 with a body, never a crashed server. Headers node
 * would refuse to send count as an exception too, so the log records the 500 the client gets.
 */
export function callHandler(handler: Handler, req: MockRequest, now: Date): HandlerCall {
  try {
    const response = handler(req, now);
    for (const [name, value] of Object.entries(response.headers)) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
    return { state: 'answered', response };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { state: 'threw', error, response: internalError(error) };
  }
}

export function internalError(detail: string): MockResponse {
  return {
    status: 500,
    headers: { 'content-type': 'text/plain' },
    body: `ecs-sim mock: internal error: ${detail}\n`,
  };
}
