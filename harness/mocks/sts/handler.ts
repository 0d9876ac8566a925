import { randomUUID } from 'node:crypto';
import { auditRecord, type AuditSink } from '../audit.ts';
import type { Handler, MockRequest, MockResponse } from '../http-types.ts';
import type { StsError } from './errors.ts';
import type { IdentityRegistry } from './identities.ts';
import { assumeRole, type AssumeRoleDeps } from './assume-role.ts';
import { operationParams } from './params.ts';
import { callerIdentityResponse, stsErrorResponse } from './responses.ts';
import { verifySigV4, type SigV4Check } from './sigv4.ts';

/** The one API version STS speaks in the query protocol. */
export const STS_VERSION = '2011-06-15';

export interface StsOptions {
  /** Who holds which credentials (identities.ts). */
  registry: IdentityRegistry;
  /** For AssumeRole: the roles' policies and the sessions issued. Absent: AssumeRole is not served. */
  assumeRole?: AssumeRoleDeps;
  /** Gets a CloudTrail-like record of every answered call (audit.ts). */
  audit?: AuditSink;
  /** Default: a random UUID per request, the shape of STS's request ids. */
  requestId?: () => string;
}

/** One mock STS: its handler (the registry it reads is the caller's). */
export interface Sts {
  handle: Handler;
}

/**
 * A mock STS that answers GetCallerIdentity (ECS-FACTS.md, AWS SDK and CLI as clients) and
 * AssumeRole (assume-role.ts) for
 * SigV4-signed requests whose signature really verifies (sigv4.ts). Dispatch:
 * - the signature first, on every request, so a caller without valid credentials learns nothing
 *   about which actions exist (our choice; AWS's order here is not documented);
 * - no `Action` → 400 MissingAction; `GetCallerIdentity` at version 2011-06-15 → 200 with the
 *   caller's identity; `AssumeRole` → decided by the role's trust policy; any other action or
 *   version → 400 InvalidAction.
 * GET with the parameters in the query string is served too, as the query protocol allows.
 */
export function createSts(options: StsOptions): Sts {
  const newRequestId = options.requestId ?? randomUUID;
  const handle: Handler = (req, now) => {
    const requestId = newRequestId();
    const check = verifySigV4(req, now, options.registry);
    const params = operationParams(req);
    const response = answer(req, now, requestId, check, params);
    options.audit?.(
      auditRecord({
        now,
        source: 'sts.amazonaws.com',
        eventName: params.get('Action') || 'Unknown',
        remoteAddress: req.remoteAddress,
        userAgent: req.headers['user-agent'],
        requestId,
        ...(check.state === 'valid' ? { region: check.scope.region, identity: { ...check.identity, accessKeyId: check.accessKeyId } } : {}),
        ...(params.get('Action') === 'AssumeRole' ? { requestParameters: { roleArn: params.get('RoleArn') ?? '', roleSessionName: params.get('RoleSessionName') ?? '' } } : {}),
        status: response.status,
        body: response.body,
      }),
    );
    return response;
  };
  const answer = (req: MockRequest, now: Date, requestId: string, check: SigV4Check, params: URLSearchParams): MockResponse => {
    const fail = (error: StsError) => stsErrorResponse(error, requestId, now);
    if (check.state === 'invalid') return fail(check);
    const action = params.get('Action');
    if (action === null || action === '') return fail({ code: 'MissingAction', message: 'Missing Action' });
    const version = params.get('Version') ?? '';
    if (version === STS_VERSION && action === 'GetCallerIdentity') return callerIdentityResponse(check.identity, requestId, now);
    if (version === STS_VERSION && action === 'AssumeRole' && options.assumeRole) {
      return assumeRole({ req, now, params, identity: check.identity, scope: check.scope, requestId }, options.assumeRole);
    }
    return fail({ code: 'InvalidAction', message: `Could not find operation ${action} for version ${version}` });
  };
  return { handle };
}
