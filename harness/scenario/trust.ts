import type { PolicyDocument, PolicyStatement } from './model.ts';

/**
 * Whether ECS could assume a role for a task: the role's trust policy must let the
 * ecs-tasks.amazonaws.com service call sts:AssumeRole, with every condition met for the request
 * ECS makes (ECS-FACTS.md, "Trust policy"; AWS guide: `aws:SourceAccount` is the task's account,
 * `aws:SourceArn` an ECS ARN of its region and account, which is why a cluster-specific ARN does
 * not match and a wildcard is required). A Deny that matches wins. Conditions on other keys, or
 * with operators ecs-sim does not evaluate, count as not met: the check fails closed rather than
 * hand out credentials that AWS might refuse.
 */
export type TrustVerdict = { admitted: true } | { admitted: false; why: string };

export interface AssumeRoleContext {
  account: string;
  region: string;
  cluster: string;
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** IAM's `*` and `?` wildcards (StringLike, ArnLike). */
const like = (pattern: string, value: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  StringLike: like,
  ArnEquals: (p, v) => p === v,
  ArnLike: like,
};

function contextValue(key: string, ctx: AssumeRoleContext): string | undefined {
  switch (key.toLowerCase()) {
    case 'aws:sourceaccount':
      return ctx.account;
    case 'aws:sourcearn':
      return `arn:aws:ecs:${ctx.region}:${ctx.account}:task/${ctx.cluster}/0123456789abcdef0123456789abcdef`;
    default:
      return undefined;
  }
}

/** Why a statement's conditions are not all met, or undefined when they are. */
function unmetCondition(s: PolicyStatement, ctx: AssumeRoleContext): string | undefined {
  for (const [operator, pairs] of Object.entries(s.Condition ?? {})) {
    const test = OPERATORS[operator];
    for (const [key, raw] of Object.entries(pairs)) {
      if (!test) return `the condition operator ${operator} is not evaluated by ecs-sim`;
      const value = contextValue(key, ctx);
      if (value === undefined) return `the condition key ${key} is not one ECS sets when it assumes a task role (ecs-sim knows aws:SourceAccount and aws:SourceArn)`;
      if (!list(raw).some((p) => test(p, value))) return `${operator} ${key} ${JSON.stringify(raw)} does not match ${value}`;
    }
  }
  return undefined;
}

const namesEcsTasks = (s: PolicyStatement): boolean => {
  if (s.Principal === undefined) return false;
  const services = s.Principal === '*' ? ['*'] : list(s.Principal.Service);
  return services.includes('*') || services.includes('ecs-tasks.amazonaws.com');
};
const assumesRole = (s: PolicyStatement): boolean => list(s.Action).some((a) => a === '*' || a === 'sts:*' || a.toLowerCase() === 'sts:assumerole');

export function evaluateTrust(policy: PolicyDocument, ctx: AssumeRoleContext): TrustVerdict {
  const relevant = policy.Statement.filter((s) => namesEcsTasks(s) && assumesRole(s));
  const deny = relevant.find((s) => s.Effect === 'Deny' && unmetCondition(s, ctx) === undefined);
  if (deny) return { admitted: false, why: `a Deny statement${deny.Sid ? ` (${deny.Sid})` : ''} refuses it` };
  const allows = relevant.filter((s) => s.Effect === 'Allow');
  if (allows.length === 0) return { admitted: false, why: 'no Allow statement lets ecs-tasks.amazonaws.com call sts:AssumeRole' };
  const reasons: string[] = [];
  for (const s of allows) {
    const unmet = unmetCondition(s, ctx);
    if (unmet === undefined) return { admitted: true };
    reasons.push(unmet);
  }
  return { admitted: false, why: reasons.join('; ') };
}
