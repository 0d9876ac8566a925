import type { RequestLogEntry } from '../mocks/server.ts';
import { urlPath } from './go-http.ts';

/**
 * The harness-only request log of the simulated agent. The real agent never writes a credentials
 * ID anywhere (ECS-FACTS.md; the audit log drops it, audit-log.ts), and a log the harness keeps
 * must not be the place a scenario "finds" a leaked ID. So before a line is written, the ID is
 * replaced wherever the agent would have read one:
 * - after `/v2/credentials/` in the path, judged on the decoded path as gorilla/mux matches it
 *   (so `/v2/%63redentials/<id>` is caught too); the logged path is then the decoded one;
 * - every `id` query parameter, on any path (judged on the decoded name; `&` and `;` both split).
 */
export const REDACTED = 'REDACTED';

/** A request-log line: the server's entry plus the service that answered. */
export type AgentRequestLogEntry = RequestLogEntry & { service: 'agent-credentials' | 'agent-introspection' };

export function redactCredentialIds(pathAndQuery: string): string {
  const at = pathAndQuery.indexOf('?');
  const rawPath = at < 0 ? pathAndQuery : pathAndQuery.slice(0, at);
  const query = at < 0 ? undefined : pathAndQuery.slice(at + 1);
  return `${redactPath(rawPath)}${query === undefined ? '' : `?${redactQuery(query)}`}`;
}

function redactPath(rawPath: string): string {
  const decoded = urlPath(rawPath);
  // An undecodable path never reaches a handler (Go answers 400); nothing in it was read as an ID.
  const path = decoded.ok ? decoded.path : rawPath;
  const at = path.indexOf('/v2/credentials/');
  return at < 0 ? rawPath : `${path.slice(0, at)}/v2/credentials/${REDACTED}`;
}

function redactQuery(query: string): string {
  return query.replace(/(^|[&;])([^&;=]*)=[^&;]*/g, (pair, sep: string, name: string) =>
    decodedName(name) === 'id' ? `${sep}${name}=${REDACTED}` : pair,
  );
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** The JSON line main.ts appends, with the ID redacted. */
export function requestLogLine(service: AgentRequestLogEntry['service'], entry: RequestLogEntry): string {
  const line: AgentRequestLogEntry = { service, ...entry, path: redactCredentialIds(entry.path) };
  return `${JSON.stringify(line)}\n`;
}
