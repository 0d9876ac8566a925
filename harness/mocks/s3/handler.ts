import { randomUUID } from 'node:crypto';
import { decide, describeStatement } from '../../iam/index.ts';
import { auditRecord, type AuditSink } from '../audit.ts';
import { splitPath, type Handler, type MockRequest, type MockResponse } from '../http-types.ts';
import { callerContext, callerPolicies, decisionHeader } from '../iam/caller.ts';
import type { PoliciesRead } from '../iam/policies-file.ts';
import type { StsErrorCode } from '../sts/errors.ts';
import type { IdentityRegistry } from '../sts/identities.ts';
import { verifySigV4, type SigV4Check } from '../sts/sigv4.ts';
import { s3ErrorResponse, s3ObjectResponse, type S3ErrorCode } from './responses.ts';

/**
 * A mock S3 that serves GetObject, path-style (`GET /<bucket>/<key>`), for SigV4-signed requests
 * whose signature verifies with the caller's credentials (the same registry as STS: task roles,
 * the instance role, sessions from AssumeRole). Every object exists; whether the caller may read
 * it is decided by the IAM engine over the caller's identity-based policy (its role's permission
 * policy; IAM User Guide, "Policy evaluation logic"): no bucket policies, so within the account
 * the identity policy alone decides. Allowed → 200 with a body naming the object, the caller and
 * the run's nonce (a canary); refused → 403 AccessDenied with AWS's wording ("User: <arn> is not
 * authorized to perform: s3:GetObject on resource: "<arn>" because no identity-based policy
 * allows the s3:GetObject action", or "…with an explicit deny in an identity-based policy"; IAM
 * User Guide, "Access denied error messages"). Evidence in `x-ecs-sim-decision`.
 */

export interface S3Options {
  registry: IdentityRegistry;
  policies: () => PoliciesRead;
  nonce: string;
  requestId?: () => string;
  /** Gets a CloudTrail-like record of every answered call (audit.ts; S3 data events). */
  audit?: AuditSink;
}

/** How the signature checker's STS codes read in S3's vocabulary. */
const FROM_STS: ReadonlyMap<StsErrorCode, S3ErrorCode> = new Map<StsErrorCode, S3ErrorCode>([
  ['MissingAuthenticationToken', 'AccessDenied'],
  ['IncompleteSignature', 'AuthorizationHeaderMalformed'],
  ['InvalidClientTokenId', 'InvalidAccessKeyId'],
  ['SignatureDoesNotMatch', 'SignatureDoesNotMatch'],
  ['InternalFailure', 'InternalError'],
]);

export function createS3(options: S3Options): { handle: Handler } {
  const newRequestId = options.requestId ?? randomUUID;
  const handle: Handler = (req, now) => {
    const requestId = newRequestId();
    const check = verifySigV4(req, now, options.registry, 's3');
    const { response, parameters } = answer(req, now, requestId, check);
    options.audit?.(
      auditRecord({
        now,
        source: 's3.amazonaws.com',
        eventName: req.method === 'GET' ? 'GetObject' : req.method,
        remoteAddress: req.remoteAddress,
        userAgent: req.headers['user-agent'],
        requestId,
        ...(check.state === 'valid' ? { region: check.scope.region, identity: { ...check.identity, accessKeyId: check.accessKeyId } } : {}),
        ...(parameters ? { requestParameters: parameters } : {}),
        status: response.status,
        body: response.body,
      }),
    );
    return response;
  };
  const answer = (req: MockRequest, now: Date, requestId: string, check: SigV4Check): { response: MockResponse; parameters?: Record<string, string> } => {
    const r = (response: MockResponse) => ({ response });
    if (check.state === 'invalid') return r(s3ErrorResponse(FROM_STS.get(check.code) ?? 'AccessDenied', check.message, requestId, now));
    if (req.method !== 'GET') return r(s3ErrorResponse('MethodNotAllowed', 'ecs-sim mock S3 serves GetObject only', requestId, now));
    const path = splitPath(req.path).path;
    const slash = path.indexOf('/', 1);
    const bucket = decodeSafe(path.slice(1, slash < 0 ? undefined : slash));
    const key = slash < 0 ? '' : decodeSafe(path.slice(slash + 1));
    if (bucket === '' || key === '') return r(s3ErrorResponse('InvalidRequest', 'ecs-sim mock S3 serves GetObject only: GET /<bucket>/<key>', requestId, now));
    const parameters = { bucketName: bucket, key };
    const resource = `arn:aws:s3:::${bucket}/${key}`;

    const read = options.policies();
    if (read.state === 'invalid') return { response: s3ErrorResponse('InternalError', `ecs-sim mock S3: the policies file is unusable: ${read.errors.join('; ')}`, requestId, now), parameters };
    const roles = read.state === 'ready' ? read.value : new Map();
    const context = callerContext(check.identity, { action: 's3:GetObject', resource, region: check.scope.region, now, req }, [
      ['s3:authType', 'REST-HEADER'],
      ['s3:signatureversion', 'AWS4-HMAC-SHA256'],
    ]);
    const decision = decide(callerPolicies(check.identity, roles), context);
    const denied = (because: string, why: string) => ({
      parameters,
      response: s3ErrorResponse('AccessDenied', `User: ${check.identity.arn} is not authorized to perform: s3:GetObject on resource: "${resource}" ${because}`, requestId, now, decisionHeader(why)),
    });
    switch (decision.decision) {
      case 'explicit-deny':
        return denied('with an explicit deny in an identity-based policy', `${describeStatement(decision.statement)} denies it`);
      case 'implicit-deny':
        return denied('because no identity-based policy allows the s3:GetObject action', decision.reasons.length > 0 ? decision.reasons.join('; ') : `no statement allows s3:GetObject on ${resource}`);
      case 'allowed':
        return {
          parameters,
          response: s3ObjectResponse(`ecs-sim object s3://${bucket}/${key} read by ${check.identity.arn} (run ${options.nonce})\n`, requestId, now, decisionHeader(`${describeStatement(decision.statement)} allows it`)),
        };
    }
  };
  return { handle };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
