import { contextValues, timeKeys, type ContextValue, type NamedPolicy, type RequestContext, type RequestPrincipal } from '../../iam/index.ts';
import type { MockRequest } from '../http-types.ts';
import { parseAssumedRole, type CallerIdentity } from '../sts/identities.ts';
import type { RolePolicies } from './policies-file.ts';

/**
 * The request context a mock service builds for a SigV4-verified caller (IAM User Guide, "AWS
 * global condition context keys"): for a role session the principal is the session and its
 * role, with aws:PrincipalArn (the role's ARN, not the session's), aws:PrincipalAccount,
 * aws:PrincipalType `AssumedRole`, aws:userid `<role id>:<session>`; aws:SourceIp is the peer;
 * aws:SecureTransport is true, because every real call to these services goes over TLS (ours are
 * plain HTTP on the link network, a documented difference); aws:RequestedRegion is the region the
 * request was signed for; the time keys. Service-specific keys come in `extra`.
 */
export function callerContext(
  identity: CallerIdentity,
  request: { action: string; resource: string; region: string; now: Date; req: MockRequest },
  extra: [string, ContextValue][] = [],
): RequestContext {
  const role = parseAssumedRole(identity);
  const roleArn = role ? `arn:aws:iam::${role.account}:role/${role.roleName}` : undefined;
  const principal: RequestPrincipal = { kind: 'aws', arn: identity.arn, account: identity.account, ...(roleArn ? { roleArn } : {}) };
  return {
    principal,
    action: request.action,
    resource: request.resource,
    values: contextValues([
      ['aws:PrincipalArn', roleArn ?? identity.arn],
      ['aws:PrincipalAccount', identity.account],
      ['aws:PrincipalType', role ? 'AssumedRole' : 'User'],
      ['aws:userid', identity.userId],
      ['aws:SourceIp', request.req.remoteAddress],
      ['aws:SecureTransport', 'true'],
      ['aws:RequestedRegion', request.region],
      ['aws:PrincipalIsAWSService', 'false'],
      ...timeKeys(request.now),
      ...extra,
    ]),
  };
}

/** The caller's identity-based policies: its role's permission policy, when the role is known and has one. */
export function callerPolicies(identity: CallerIdentity, roles: ReadonlyMap<string, RolePolicies>): NamedPolicy[] {
  const roleName = parseAssumedRole(identity)?.roleName;
  const role = roleName === undefined ? undefined : roles.get(roleName);
  return role?.permissionPolicy ? [{ name: `permission policy of role "${role.name}"`, document: role.permissionPolicy }] : [];
}

/** Evidence travels in a header; anything a header cannot hold is percent-encoded (the client decodes). */
export const DECISION_HEADER = 'x-ecs-sim-decision';
export const decisionHeader = (why: string): Record<string, string> => ({ [DECISION_HEADER]: encodeURIComponent(why.slice(0, 2000)) });
