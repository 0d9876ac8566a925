import { contextValues, decide, describeStatement, timeKeys, type PolicyDocument, type RequestContext, type StatementRef } from '../iam/index.ts';

/**
 * Whether ECS could assume a role for a task: the role's trust policy, evaluated by the IAM
 * engine (harness/iam/) for the request ECS makes. The principal is the service
 * `ecs-tasks.amazonaws.com`, the action `sts:AssumeRole`, the resource the role; the context
 * holds what AWS sets for a service principal acting for a resource in the account (IAM User
 * Guide, "AWS global condition context keys": aws:SourceAccount, aws:SourceArn,
 * aws:PrincipalServiceName, aws:PrincipalIsAWSService, aws:SecureTransport, the time keys; ECS
 * guide, "Task IAM role": SourceArn is the task's ARN, which is why a cluster-specific ARN
 * pattern does not match and a wildcard is required). A key not listed here is absent, so a
 * condition on it is decided as IAM decides an absent key.
 */
export type TrustVerdict = { admitted: true; statement: StatementRef } | { admitted: false; why: string };

export interface AssumeRoleContext {
  account: string;
  region: string;
  cluster: string;
  /** The role's name, for its ARN (the request's resource). */
  role: string;
  /** Default: now. */
  now?: Date;
}

/** An example task ID: the SourceArn names one task, whichever it is. */
const TASK_ID = '0123456789abcdef0123456789abcdef';

export function ecsAssumeRoleRequest(ctx: AssumeRoleContext): RequestContext {
  return {
    principal: { kind: 'service', service: 'ecs-tasks.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${ctx.account}:role/${ctx.role}`,
    values: contextValues([
      ['aws:SourceAccount', ctx.account],
      ['aws:SourceArn', `arn:aws:ecs:${ctx.region}:${ctx.account}:task/${ctx.cluster}/${TASK_ID}`],
      ['aws:PrincipalServiceName', 'ecs-tasks.amazonaws.com'],
      ['aws:PrincipalIsAWSService', 'true'],
      ['aws:SecureTransport', 'true'],
      ...timeKeys(ctx.now ?? new Date()),
    ]),
  };
}

export function evaluateTrust(policy: PolicyDocument, ctx: AssumeRoleContext): TrustVerdict {
  const decision = decide([{ name: `trust policy of role "${ctx.role}"`, document: policy }], ecsAssumeRoleRequest(ctx));
  switch (decision.decision) {
    case 'allowed':
      return { admitted: true, statement: decision.statement };
    case 'explicit-deny':
      return { admitted: false, why: `${describeStatement(decision.statement)} denies it` };
    case 'implicit-deny':
      return {
        admitted: false,
        why: decision.reasons.length > 0 ? decision.reasons.join('; ') : 'no Allow statement lets ecs-tasks.amazonaws.com call sts:AssumeRole',
      };
  }
}
