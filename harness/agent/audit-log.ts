import { rfc3339 } from './go-http.ts';
import type { RoleType } from './credentials-file.ts';

/**
 * The credentials audit log, as the agent writes it (agent/logger/audit/audit_log.go,
 * entry_types.go, format `%Msg%n`: one line per entry):
 *
 *   `<RFC3339 UTC> <status> <remote ip:port> "<URL path>" "<User-Agent>" <task ARN> <eventType> 2 <cluster> <containerInstanceArn>`
 *
 * Details taken from the source, some of which differ from a first reading of ECS-FACTS.md:
 * - `-` replaces an empty remote address, task ARN, cluster or instance ARN (`populateField`).
 *   The path and User-Agent are quoted *before* that check, so an empty User-Agent is `""`, never `-`.
 * - The path is `r.URL.Path`: no query, so a v1 `?id=` is never written; a path under
 *   `/v2/credentials/` is written as `/v2/credentials` (the ID is never written).
 * - The task ARN is set only on success (v1/credentials_handler.go returns `""` for every error).
 * - Only `GetCredentials` and `GetCredentialsExecutionRole` get the last four fields.
 *   `constructAuditLogEntryByType` returns `""` for any other event type, so an error (event type
 *   `GetCredentialsInvalidRoleType`, per ecs-agent/logger/audit `GetCredentialsEventTypeFromRoleType`)
 *   or a throttled request (event type `""`, ecs-agent/tmds/handlers/utils/helpers.go
 *   `LimitReachedHandler`) is logged as the six common fields plus one trailing space.
 */

/** The agent's event types (ecs-agent/logger/audit); `''` is what the rate limiter logs. */
export type AuditEventType = 'GetCredentials' | 'GetCredentialsExecutionRole' | 'GetCredentialsInvalidRoleType' | '';

/** The audit log version the agent writes (entry_types.go `getCredentialsAuditLogVersion`). */
export const AUDIT_LOG_VERSION = 2;

/** One request, as the audit logger receives it. */
export interface AuditEntry {
  time: Date;
  status: number;
  /** `ip:port`, as Go's `r.RemoteAddr`. */
  remote: string;
  /** The decoded URL path, without query. */
  path: string;
  /** `''` when the client sent none. */
  userAgent: string;
  /** `''` on errors. */
  taskArn: string;
  eventType: AuditEventType;
  cluster: string;
  containerInstanceArn: string;
}

/** ecs-agent/logger/audit `GetCredentialsEventTypeFromRoleType`; errors carry no role type. */
export function eventTypeForRole(roleType: RoleType | undefined): AuditEventType {
  switch (roleType) {
    case 'TaskApplication':
      return 'GetCredentials';
    case 'TaskExecution':
      return 'GetCredentialsExecutionRole';
    case undefined:
      return 'GetCredentialsInvalidRoleType';
  }
}

/** entry_types.go: the credentials ID in a v2 path must not be logged. */
export function auditPath(path: string): string {
  return path.startsWith('/v2/credentials/') ? '/v2/credentials' : path;
}

/** One audit line, without the newline. */
export function formatAuditLine(entry: AuditEntry): string {
  const common = [
    rfc3339(entry.time),
    String(entry.status),
    dashIfEmpty(entry.remote),
    `"${auditPath(entry.path)}"`,
    `"${entry.userAgent}"`,
    dashIfEmpty(entry.taskArn),
  ].join(' ');
  return `${common} ${typeFields(entry)}`;
}

function typeFields(entry: AuditEntry): string {
  if (entry.eventType !== 'GetCredentials' && entry.eventType !== 'GetCredentialsExecutionRole') return '';
  return [entry.eventType, String(AUDIT_LOG_VERSION), dashIfEmpty(entry.cluster), dashIfEmpty(entry.containerInstanceArn)].join(' ');
}

function dashIfEmpty(field: string): string {
  return field === '' ? '-' : field;
}
