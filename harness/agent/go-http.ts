import { posix } from 'node:path';
import type { MockResponse } from '../mocks/http-types.ts';

/**
 * The parts of Go's net/http and gorilla/mux that shape what a client of the ECS agent sees, so
 * that the simulated agent answers byte for byte as the Go one does where a client could notice.
 */

/** A request path as Go's `r.URL.Path` holds it: query dropped, percent-escapes decoded. */
export type UrlPath = { ok: true; path: string; query: string } | { ok: false };

/**
 * Go's server refuses a request whose path has a bad escape (`%zz`) before any handler runs; we
 * report that as `ok: false` and the caller answers {@link goBadRequest}. An absolute-form target
 * (`GET http://host/x`) is reduced to its path, as Go's url.ParseRequestURI does.
 */
export function urlPath(pathAndQuery: string): UrlPath {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i.exec(pathAndQuery);
  const target = absolute === null ? pathAndQuery : pathAndQuery.slice(absolute[0].length) || '/';
  const at = target.indexOf('?');
  const raw = at < 0 ? target : target.slice(0, at);
  try {
    return { ok: true, path: decodeURIComponent(raw), query: at < 0 ? '' : target.slice(at + 1) };
  } catch {
    return { ok: false };
  }
}

/**
 * gorilla/mux with `SkipClean(false)` (ecs-agent/tmds/server.go) answers a path that is not clean
 * (`//v2/x`, `/a/../b`) with a 301 to the cleaned path, query kept, before the rate limiter or any
 * handler sees it (mux.go `Router.ServeHTTP`, `cleanPath`). Returns undefined when already clean.
 */
export function cleanPathRedirect(path: string, query: string): MockResponse | undefined {
  const cleaned = cleanPath(path);
  if (cleaned === path) return undefined;
  // Go re-escapes the decoded path (url.URL.String); encodeURI keeps `/` and escapes the rest.
  const location = encodeURI(cleaned);
  return { status: 301, headers: { location: query === '' ? location : `${location}?${query}` }, body: '' };
}

/** mux.go `cleanPath`: Go's path.Clean, but a trailing slash survives. */
export function cleanPath(path: string): string {
  if (path === '') return '/';
  const rooted = path.startsWith('/') ? path : `/${path}`;
  // posix.normalize already keeps a trailing slash exactly when the input has one (and drops it
  // for `/`), which is what cleanPath does on top of path.Clean.
  return posix.normalize(rooted);
}

/** Go's `http.NotFound`: what gorilla/mux answers for a path no route matches. */
export function goNotFound(headers: Record<string, string> = {}): MockResponse {
  return {
    status: 404,
    headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    body: '404 page not found\n',
  };
}

/** What Go's server answers, before any handler, for a request it cannot parse. */
export function goBadRequest(): MockResponse {
  return { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '400 Bad Request' };
}

/**
 * Go's `json.Marshal`: like JSON.stringify, but `<`, `>`, `&`, U+2028 and U+2029 are written as
 * `\u003c` etc. (encoding/json's default HTML escaping). The agent writes no trailing newline.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** RFC 3339 in UTC to the second, as Go's `time.Now().UTC().Format(time.RFC3339)` writes it. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
