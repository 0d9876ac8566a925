import { randomUUID } from 'node:crypto';
import type { Handler } from '../http-types.ts';
import type { StsError } from './errors.ts';
import type { IdentityRegistry } from './identities.ts';
import { operationParams } from './params.ts';
import { callerIdentityResponse, stsErrorResponse } from './responses.ts';
import { verifySigV4 } from './sigv4.ts';

/** The one API version STS speaks in the query protocol. */
export const STS_VERSION = '2011-06-15';

export interface StsOptions {
  /** Who holds which credentials (identities.ts). */
  registry: IdentityRegistry;
  /** Default: a random UUID per request, the shape of STS's request ids. */
  requestId?: () => string;
}

/** One mock STS: its handler (the registry it reads is the caller's). */
export interface Sts {
  handle: Handler;
}

/**
 * A mock STS that answers GetCallerIdentity (ECS-FACTS.md, AWS SDK and CLI as clients) for
 * SigV4-signed requests whose signature really verifies (sigv4.ts). Dispatch:
 * - the signature first, on every request, so a caller without valid credentials learns nothing
 *   about which actions exist (our choice; AWS's order here is not documented);
 * - no `Action` → 400 MissingAction; `GetCallerIdentity` at version 2011-06-15 → 200 with the
 *   caller's identity; any other action or version → 400 InvalidAction.
 * GET with the parameters in the query string is served too, as the query protocol allows.
 */
export function createSts(options: StsOptions): Sts {
  const newRequestId = options.requestId ?? randomUUID;
  const handle: Handler = (req, now) => {
    const requestId = newRequestId();
    const fail = (error: StsError) => stsErrorResponse(error, requestId, now);
    const check = verifySigV4(req, now, options.registry);
    if (check.state === 'invalid') return fail(check);
    const params = operationParams(req);
    const action = params.get('Action');
    if (action === null || action === '') return fail({ code: 'MissingAction', message: 'Missing Action' });
    const version = params.get('Version') ?? '';
    if (action !== 'GetCallerIdentity' || version !== STS_VERSION) {
      return fail({ code: 'InvalidAction', message: `Could not find operation ${action} for version ${version}` });
    }
    return callerIdentityResponse(check.identity, requestId, now);
  };
  return { handle };
}
