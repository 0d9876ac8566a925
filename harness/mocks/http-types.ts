/**
 * The plain request/response shapes every mock handler speaks (STYLE.md practice 3: handlers are
 * functions of (request, state) → response). Nothing here knows about node:http, so a handler can
 * be driven in-process by a unit test exactly as the server drives it.
 */

/** One HTTP request as the mock server received it. */
export interface MockRequest {
  /** Upper-case method as sent, e.g. `GET`, `PUT`. */
  method: string;
  /** Path and query exactly as received (not decoded, not normalised), e.g. `/v1/credentials?id=x`. */
  path: string;
  /** Header names lower-cased; repeated headers joined with `, ` (as node:http does). */
  headers: Record<string, string>;
  /** Request body as UTF-8 text; the server bounds its size before a handler sees it. */
  body: string;
  /** Peer address; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is reported as plain IPv4. */
  remoteAddress: string;
  remotePort: number;
}

/** What a handler answers. The server adds `x-ecs-sim-nonce`, `content-length` and `connection`. */
export interface MockResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/**
 * A mock service. `now` is passed in (never read from the clock inside) so that tests can move
 * time, e.g. past a token's TTL, without sleeping.
 */
export type Handler = (req: MockRequest, now: Date) => MockResponse;

/** Splits `/a/b?x=1` into its path and query string (query without the `?`, '' when absent). */
export function splitPath(pathAndQuery: string): { path: string; query: string } {
  const at = pathAndQuery.indexOf('?');
  return at < 0
    ? { path: pathAndQuery, query: '' }
    : { path: pathAndQuery.slice(0, at), query: pathAndQuery.slice(at + 1) };
}

/** A plain-text response; the common case for IMDS values and error bodies. */
export function textResponse(status: number, body: string, headers: Record<string, string> = {}): MockResponse {
  return { status, headers: { 'content-type': 'text/plain', ...headers }, body };
}
