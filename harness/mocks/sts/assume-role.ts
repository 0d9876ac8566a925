import { decideAssumeRole } from '../../iam/index.ts';
import type { MockRequest, MockResponse } from '../http-types.ts';
import { callerContext, callerPolicies, decisionHeader } from '../iam/caller.ts';
import type { PoliciesRead } from '../iam/policies-file.ts';
import type { CredentialScope } from './authorization.ts';
import type { StsError } from './errors.ts';
import type { CallerIdentity } from './identities.ts';
import { assumeRoleResponse, stsErrorResponse } from './responses.ts';
import type { IssuedSessions } from './sessions.ts';

/**
 * STS AssumeRole (STS API Reference, AssumeRole): RoleArn and RoleSessionName required,
 * DurationSeconds 900..43200 (default 3600). Decided by the IAM engine with the caller's verified
 * session as principal (harness/iam/assume-role.ts): the role's trust policy, and the caller's
 * own permission policy where the trust policy delegates to the account. A role that does not
 * exist is AccessDenied like any refusal, as STS answers (it does not tell whether a role exists).
 * The decision, with the statement that made it, goes back in `x-ecs-sim-decision`.
 */

export interface AssumeRoleDeps {
  policies: () => PoliciesRead;
  sessions: IssuedSessions;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export function assumeRole(
  call: { req: MockRequest; now: Date; params: URLSearchParams; identity: CallerIdentity; scope: CredentialScope; requestId: string },
  deps: AssumeRoleDeps,
): MockResponse {
  const { params, identity, now, requestId } = call;
  const fail = (error: StsError, headers: Record<string, string> = {}) => {
    const r = stsErrorResponse(error, requestId, now);
    return { ...r, headers: { ...r.headers, ...headers } };
  };
  const problems = validation(params);
  if (problems.length > 0) {
    return fail({ code: 'ValidationError', message: `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}` });
  }
  const roleArn = params.get('RoleArn') as string;
  const sessionName = params.get('RoleSessionName') as string;
  const duration = Number(params.get('DurationSeconds') ?? '3600');
  const refused = (why: string) =>
    fail({ code: 'AccessDenied', message: `User: ${identity.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` }, decisionHeader(why));

  const read = deps.policies();
  if (read.state === 'invalid') return fail({ code: 'InternalFailure', message: `ecs-sim mock STS: the policies file is unusable: ${read.errors.join('; ')}` });
  const [, account = '', roleName = ''] = ROLE_ARN.exec(roleArn) ?? [];
  const role = read.state === 'ready' ? read.value.get(roleName) : undefined;
  if (role === undefined || account !== identity.account) return refused(`no role ${roleArn} exists in this simulation (account ${identity.account})`);

  const context = callerContext(identity, { action: 'sts:AssumeRole', resource: roleArn, region: call.scope.region, now, req: call.req }, [['sts:RoleSessionName', sessionName]]);
  const decision = decideAssumeRole({
    context,
    role: { name: role.name, arn: `arn:aws:iam::${account}:role/${role.name}`, account, trustPolicy: role.trustPolicy },
    callerPolicies: read.state === 'ready' ? callerPolicies(identity, read.value) : [],
  });
  if (decision.decision === 'denied') return refused(decision.why);
  const credentials = deps.sessions.issue({ account, roleName: role.name, sessionName, expiration: new Date(now.getTime() + duration * 1000) });
  const r = assumeRoleResponse({ account, roleName: role.name, sessionName, credentials }, requestId, now);
  return { ...r, headers: { ...r.headers, ...decisionHeader(decision.why) } };
}

/** The API's constraints, in the query protocol's validation wording. */
function validation(params: URLSearchParams): string[] {
  const problems: string[] = [];
  const arn = params.get('RoleArn');
  if (arn === null) problems.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  else if (arn.length < 20 || arn.length > 2048) problems.push(`Value '${arn}' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048`);
  const name = params.get('RoleSessionName');
  if (name === null) problems.push("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  else if (!SESSION_NAME.test(name)) problems.push(`Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64`);
  const duration = params.get('DurationSeconds');
  if (duration !== null && !(/^\d+$/.test(duration) && Number(duration) >= 900 && Number(duration) <= 43_200)) {
    problems.push(`Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  }
  return problems;
}
