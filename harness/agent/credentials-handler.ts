import type { MockResponse } from '../mocks/http-types.ts';
import { eventTypeForRole, type AuditEventType } from './audit-log.ts';
import type { TaskCredentialsEntry } from './credentials-file.ts';
import type { CredentialsRead } from './credentials-reader.ts';
import { goJson } from './go-http.ts';

/**
 * `/v1/credentials?id=<id>` and `/v2/credentials/<id>`, as ecs-agent/tmds/handlers/v1/
 * credentials_handler.go `processCredentialsRequest` answers them (v2 calls the same code with
 * its own prefix, v2/credentials_handler.go).
 *
 * Nothing here asks who is calling, because the agent does not either: whoever reaches the port
 * and knows an ID gets that task's credentials. Isolation rests on the ID being unguessable,
 * delivered only into the task's containers and never logged (ECS-FACTS.md, "Nothing checks who
 * asks"); the simulation must reproduce that weakness, not fix it.
 */

export type CredentialsApi = 'v1' | 'v2';

/** How one credentials request came out; each maps to one status, code and message. */
export type CredentialsOutcome =
  | { state: 'served'; task: Extract<TaskCredentialsEntry, { state: 'ready' }> }
  | { state: 'no-id' }
  | { state: 'unknown-id' }
  | { state: 'uninitialized' }
  | { state: 'internal-error'; errors: string[] };

/** The agent's checks, in its order: an ID at all, a known ID, credentials present. */
export function lookupCredentials(id: string, read: CredentialsRead): CredentialsOutcome {
  if (id === '') return { state: 'no-id' };
  // Our stand-in for the agent's "Error marshaling credentials" 500: its state is unusable.
  if (read.state === 'invalid') return { state: 'internal-error', errors: read.errors };
  const task = read.state === 'ready' ? read.store.tasks.get(id) : undefined;
  if (task === undefined) return { state: 'unknown-id' };
  if (task.state === 'uninitialized') return { state: 'uninitialized' };
  return { state: 'served', task };
}

/** v1/credentials_handler.go: `fmt.Sprintf("CredentialsV%dRequest: ", apiVersion)`. */
export function errorPrefix(api: CredentialsApi): string {
  return `CredentialsV${api === 'v1' ? 1 : 2}Request: `;
}

type ErrorOutcome = Exclude<CredentialsOutcome, { state: 'served' }>;

/** Status, code and message per error (v1/credentials_handler.go constants and texts). */
const ERRORS: Record<ErrorOutcome['state'], { status: number; code: string; message: (prefix: string) => string }> = {
  'no-id': { status: 400, code: 'NoIdInRequest', message: (p) => `${p}No Credential ID in the request` },
  'unknown-id': { status: 400, code: 'InvalidIdInRequest', message: (p) => `${p}Credentials not found` },
  uninitialized: { status: 503, code: 'CredentialsUninitialized', message: (p) => `${p}Credentials uninitialized for ID` },
  // The agent's one message without the prefix.
  'internal-error': { status: 500, code: 'InternalServerError', message: () => 'Internal server error' },
};

/**
 * The JSON the agent writes (ecs-agent/tmds/handlers/utils/helpers.go `WriteJSONToResponse`).
 * Success: `IAMRoleCredentials` marshalled, i.e. RoleArn, AccessKeyId, SecretAccessKey, Token,
 * Expiration in that order. Errors: `ErrorMessage`, whose `HTTPErrorCode` field has no json tag
 * and so is marshalled too (the agent's own tests unmarshal it back and compare it).
 */
export function credentialsResponse(api: CredentialsApi, outcome: CredentialsOutcome): MockResponse {
  const json = { 'content-type': 'application/json' };
  if (outcome.state === 'served') {
    const { roleArn, credentials } = outcome.task;
    const body = { RoleArn: roleArn, AccessKeyId: credentials.AccessKeyId, SecretAccessKey: credentials.SecretAccessKey, Token: credentials.Token, Expiration: credentials.Expiration };
    return { status: 200, headers: json, body: goJson(body) };
  }
  const error = ERRORS[outcome.state];
  return { status: error.status, headers: json, body: goJson({ code: error.code, message: error.message(errorPrefix(api)), HTTPErrorCode: error.status }) };
}

/** What the audit line says about an outcome: the task ARN only on success (credentials_handler.go). */
export function auditFieldsOf(outcome: CredentialsOutcome): { taskArn: string; eventType: AuditEventType } {
  return outcome.state === 'served'
    ? { taskArn: outcome.task.taskArn, eventType: eventTypeForRole(outcome.task.roleType) }
    : { taskArn: '', eventType: eventTypeForRole(undefined) };
}
