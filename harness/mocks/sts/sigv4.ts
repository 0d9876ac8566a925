import { createHash, timingSafeEqual } from 'node:crypto';
import { splitPath, type MockRequest } from '../http-types.ts';
import { formatAmzDate, parseAmzDate, parseAuthorization, type CredentialScope } from './authorization.ts';
import { INVALID_TOKEN, MISSING_AUTHENTICATION, SIGNATURE_MISMATCH, type StsError, type StsErrorCode } from './errors.ts';
import type { CallerIdentity, IdentityRegistry } from './identities.ts';
import { signatureQuery } from './params.ts';
import { expectedSignature } from './signature.ts';

/** What checking a request's SigV4 signature came to. */
export type SigV4Check = { state: 'valid'; identity: CallerIdentity; scope: CredentialScope; accessKeyId: string } | ({ state: 'invalid' } & StsError);

/** The services whose requests these mocks verify. */
export type SignedService = 'sts' | 's3' | 'ssmmessages';

/** AWS accepts a request signed up to 15 minutes before or after its own clock (errors.ts cites the messages). */
export const MAX_SKEW_MS = 15 * 60_000;

/**
 * Verifies a header-signed request against the registry. The order of the checks is AWS's where
 * its answers show it and ours elsewhere: nothing about the key is said before the header parses;
 * a key's token is judged before its signature (for temporary credentials AWS finds the secret
 * through the token, so a bad token is InvalidClientTokenId however the request is signed); the
 * clock before the signature, so a skewed client is told about its clock.
 */
export function verifySigV4(req: MockRequest, now: Date, registry: IdentityRegistry, service: SignedService = 'sts'): SigV4Check {
  const header = req.headers.authorization;
  const { path, query } = splitPath(req.path);
  if (header === undefined || header === '') {
    // Presigned (query-string) requests are real for GetCallerIdentity (EKS tokens) but not served here.
    if (/(^|&)X-Amz-(Signature|Algorithm)=/i.test(query)) return invalid('IncompleteSignature', 'ecs-sim mock STS: query-string (presigned) authentication is not supported');
    return { state: 'invalid', ...MISSING_AUTHENTICATION };
  }
  const parsed = parseAuthorization(header);
  if (!parsed.ok) return invalid('IncompleteSignature', parsed.message);
  const auth = parsed.authorization;
  if (!auth.signedHeaders.includes('host')) return invalid('IncompleteSignature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  const amzDate = req.headers['x-amz-date'];
  if (amzDate === undefined) return invalid('IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) return invalid('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  const scopeProblems = checkScope(auth.scope, amzDate, service);
  if (scopeProblems.length > 0) return invalid('SignatureDoesNotMatch', scopeProblems.join(' '));

  const lookup = registry(auth.accessKeyId);
  if (lookup.state === 'unavailable') return invalid('InternalFailure', `ecs-sim mock STS: the identities file is unusable: ${lookup.errors.join('; ')}`);
  if (lookup.state === 'unknown') return { state: 'invalid', ...INVALID_TOKEN };
  const held = lookup.credentials;
  const token = req.headers['x-amz-security-token'];
  const tokenMatches = held.sessionToken === undefined ? token === undefined : token !== undefined && sameText(token, held.sessionToken);
  if (!tokenMatches) return { state: 'invalid', ...INVALID_TOKEN };

  const skew = signedAt.getTime() - now.getTime();
  if (skew < -MAX_SKEW_MS) {
    const bound = formatAmzDate(new Date(now.getTime() - MAX_SKEW_MS));
    return invalid('SignatureDoesNotMatch', `Signature expired: ${amzDate} is now earlier than ${bound} (${formatAmzDate(now)} - 15 min.)`);
  }
  if (skew > MAX_SKEW_MS) {
    const bound = formatAmzDate(new Date(now.getTime() + MAX_SKEW_MS));
    return invalid('SignatureDoesNotMatch', `Signature not yet current: ${amzDate} is still later than ${bound} (${formatAmzDate(now)} + 15 min.)`);
  }

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const parts = { method: req.method, path, query: signatureQuery(query), headers, body: req.body, signedHeaders: auth.signedHeaders, amzDate, scope: auth.scope };
  if (!sameText(expectedSignature(parts, held.secretAccessKey), auth.signature)) return { state: 'invalid', ...SIGNATURE_MISMATCH };
  return { state: 'valid', identity: held.identity, scope: auth.scope, accessKeyId: auth.accessKeyId };
}

/**
 * The scope must name this service, the signing date and the `aws4_request` terminator; every
 * problem is listed, in AWS's words (IAM User Guide, "Troubleshoot signing of AWS API requests").
 * Any region is accepted: the mock is one endpoint for all of them, as the global sts.amazonaws.com
 * is for us-east-1 (a documented difference).
 */
function checkScope(scope: CredentialScope, amzDate: string, service: SignedService): string[] {
  const problems: string[] = [];
  if (scope.service !== service) problems.push(`Credential should be scoped to correct service: '${service}'.`);
  if (scope.terminator !== 'aws4_request') problems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${scope.terminator}'.`);
  if (scope.date !== amzDate.slice(0, 8)) {
    problems.push(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  return problems;
}

/** Constant-time comparison of two strings of any length (both hashed first, so lengths leak nothing either). */
function sameText(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function invalid(code: StsErrorCode, message: string): SigV4Check {
  return { state: 'invalid', code, message };
}
