import type { Handler, MockResponse } from '../mocks/http-types.ts';
import { formatRemote } from '../mocks/request-io.ts';
import { formatAuditLine, type AuditEventType } from './audit-log.ts';
import { auditFieldsOf, credentialsResponse, lookupCredentials, type CredentialsApi } from './credentials-handler.ts';
import type { CredentialsRead, CredentialsSource } from './credentials-reader.ts';
import { cleanPathRedirect, goBadRequest, goNotFound, urlPath } from './go-http.ts';
import { createIntrospectionHandler } from './introspection.ts';
import { taskMetadataResponse, taskMetadataRoute } from './task-metadata.ts';
import { createThrottle, DEFAULT_RPS_LIMIT, rateLimitHeaders, throttledResponse, type RpsLimit } from './throttle.ts';

/** How the simulated agent is set up. */
export interface AgentConfig {
  /** The credentials port's rate limit. Default {@link DEFAULT_RPS_LIMIT} (40/s, burst 60). */
  rpsLimit?: RpsLimit;
}

export interface AgentDeps {
  /** The credentials file as it is now (credentials-reader.ts). */
  store: CredentialsSource;
  /** Receives each audit line, without a newline; main.ts appends it to the audit log file. */
  audit: (line: string) => void;
}

/** The agent's two HTTP servers as plain handlers; time arrives with each request (`Handler`'s `now`). */
export interface Agent {
  /** 127.0.0.1:51679 (169.254.170.2:80 for tasks): the credentials endpoints. */
  credentials: Handler;
  /** :51678: the introspection API. */
  introspection: Handler;
}

/**
 * The credentials port, layered as ecs-agent/tmds/server.go builds it:
 * 1. gorilla/mux path cleaning: an unclean path is a 301, before anything else;
 * 2. tollbooth: rate-limit headers on every answer, 429 (and an audit line) over the limit;
 * 3. the routes: `/v1/credentials` and `/v2/credentials/{id:.*}` (so `/v2/credentials/` reaches
 *    the handler with an empty ID, a 400 rather than a 404: v2/credentials_handler.go); any other
 *    path is gorilla's 404, not audited. Task metadata v4 is served (task-metadata.ts, not audited);
 *    v2 and v3 metadata are not simulated and 404.
 * Routes have no method filter in the agent (`HandleFunc`), so any method is served.
 */
export function createAgent(config: AgentConfig, deps: AgentDeps): Agent {
  const limit = config.rpsLimit ?? DEFAULT_RPS_LIMIT;
  const throttle = createThrottle(limit);

  const credentials: Handler = (req, now) => {
    const target = urlPath(req.path);
    if (!target.ok) return goBadRequest();
    const redirect = cleanPathRedirect(target.path, target.query);
    if (redirect !== undefined) return redirect;
    const remote = formatRemote(req.remoteAddress, req.remotePort);
    const headers = rateLimitHeaders(limit, req, remote);
    const read = deps.store(); // once per request, so the answer and its audit line agree
    const audit = (status: number, fields: { taskArn: string; eventType: AuditEventType }) =>
      deps.audit(formatAuditLine({ time: now, status, remote, path: target.path, userAgent: req.headers['user-agent'] ?? '', ...instanceOf(read), ...fields }));

    if (throttle.admit(req.remoteAddress, target.path, now).state === 'throttled') {
      audit(429, { taskArn: '', eventType: '' });
      return throttledResponse(headers);
    }
    const route = credentialsRoute(target.path, target.query);
    if (route === undefined) {
      const metadata = taskMetadataRoute(target.path);
      return metadata === undefined ? goNotFound(headers) : withHeaders(taskMetadataResponse(metadata, read), headers);
    }
    const outcome = lookupCredentials(route.id, read);
    const response = credentialsResponse(route.api, outcome);
    audit(response.status, auditFieldsOf(outcome));
    return withHeaders(response, headers);
  };

  return { credentials, introspection: createIntrospectionHandler(deps.store) };
}

/** Which credentials API a path names, and the ID it carries (`''` when none). */
export function credentialsRoute(path: string, query: string): { api: CredentialsApi; id: string } | undefined {
  // v1: Go's `r.URL.Query().Get("id")`, the first value, `+` read as a space, as URLSearchParams does.
  if (path === '/v1/credentials') return { api: 'v1', id: new URLSearchParams(query).get('id') ?? '' };
  const v2 = /^\/v2\/credentials\/(.*)$/.exec(path);
  return v2 === null ? undefined : { api: 'v2', id: v2[1] ?? '' };
}

/** The audit logger's cluster and instance ARN: the agent's config, here the credentials file. */
function instanceOf(read: CredentialsRead): { cluster: string; containerInstanceArn: string } {
  if (read.state !== 'ready') return { cluster: '', containerInstanceArn: '' };
  const { cluster, containerInstanceArn } = read.store.instance;
  return { cluster, containerInstanceArn };
}

/** Tollbooth's headers go in first; the handler's own (content-type) win, as in Go. */
function withHeaders(response: MockResponse, headers: Record<string, string>): MockResponse {
  return { ...response, headers: { ...headers, ...response.headers } };
}
