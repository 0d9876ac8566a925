import type { RequestContext } from './context.ts';
import { decide, describeStatement, type NamedPolicy, type StatementRef } from './evaluate.ts';
import type { PolicyDocument } from './policy.ts';

/**
 * Whether an IAM principal may call sts:AssumeRole on a role (IAM User Guide, "Policy evaluation
 * logic" for a resource-based policy, the role's trust policy, together with the caller's
 * identity-based policies; "Granting a user permissions to switch roles"):
 * - an explicit Deny in either wins;
 * - a trust statement naming the caller (its role or session ARN) or `*` grants by itself within
 *   the account;
 * - a trust statement naming only the caller's account (`<id>` or `arn:aws:iam::<id>:root`)
 *   delegates to the account: the caller's own policies must then allow sts:AssumeRole on the role;
 * - across accounts both sides must allow;
 * - a role assuming itself: since 2022 the role's trust policy must allow it explicitly; the
 *   account principal plus an identity policy is no longer enough (AWS Security Blog, "Announcing
 *   an update to IAM role trust policy behavior"; the ECS task role guide's note on tasks whose
 *   role must assume itself).
 */

export interface AssumeRoleInput {
  /** The request: an `aws` principal, action sts:AssumeRole, resource the role's ARN. */
  context: RequestContext;
  role: { name: string; arn: string; account: string; trustPolicy: PolicyDocument };
  /** The caller's identity-based policies (its role's permission policy). */
  callerPolicies: readonly NamedPolicy[];
}

export type AssumeRoleDecision =
  | { decision: 'allowed'; statement: StatementRef; why: string }
  | { decision: 'denied'; statement?: StatementRef; why: string };

export function decideAssumeRole(input: AssumeRoleInput): AssumeRoleDecision {
  const { context, role } = input;
  const principal = context.principal;
  const trust = decide([{ name: `trust policy of role "${role.name}"`, document: role.trustPolicy }], context);
  const identity = decide(input.callerPolicies, context);
  if (trust.decision === 'explicit-deny') return { decision: 'denied', statement: trust.statement, why: `${describeStatement(trust.statement)} denies it` };
  if (identity.decision === 'explicit-deny') return { decision: 'denied', statement: identity.statement, why: `${describeStatement(identity.statement)} denies it` };
  if (trust.decision === 'implicit-deny') {
    const reasons = trust.reasons.length > 0 ? `: ${trust.reasons.join('; ')}` : '';
    return { decision: 'denied', why: `no statement of the trust policy of role "${role.name}" lets the caller assume it${reasons}` };
  }
  const self = principal.kind === 'aws' && principal.roleArn === role.arn;
  const sameAccount = principal.kind === 'aws' && principal.account === role.account;
  const explicit = trust.statement.principal === 'exact' || trust.statement.principal === 'any';
  if (explicit && sameAccount) return { decision: 'allowed', statement: trust.statement, why: `${describeStatement(trust.statement)} allows it` };
  if (self) {
    return {
      decision: 'denied',
      statement: trust.statement,
      why: `role "${role.name}" may assume itself only when its trust policy names it explicitly (arn:aws:iam::${role.account}:role/${role.name}); ${describeStatement(trust.statement)} names only the account`,
    };
  }
  if (identity.decision === 'allowed') {
    return { decision: 'allowed', statement: identity.statement, why: `${describeStatement(trust.statement)} trusts the account, and ${describeStatement(identity.statement)} allows it` };
  }
  const reasons = identity.reasons.length > 0 ? `: ${identity.reasons.join('; ')}` : '';
  return {
    decision: 'denied',
    statement: trust.statement,
    why: `${describeStatement(trust.statement)} trusts the ${sameAccount ? 'account' : 'caller'}, but no identity-based policy of the caller allows sts:AssumeRole on ${role.arn}${reasons}`,
  };
}
