import { arnMatch, splitArn } from './arn.ts';
import type { RequestContext, RequestPrincipal } from './context.ts';
import { asList, type PolicyDocument, type PolicyStatement, type PrincipalBlock } from './policy.ts';
import { substitute } from './variables.ts';
import { globMatch } from './wildcard.ts';

/**
 * Whether a statement's Principal, Action and Resource elements (or their Not… forms) cover a
 * request (IAM User Guide, "IAM JSON policy elements": Principal, NotPrincipal, Action,
 * NotAction, Resource, NotResource). Conditions are conditions.ts's.
 */

/**
 * How a Principal element names the caller. `account`: through its account (`"AWS": "<id>"` or
 * `arn:aws:iam::<id>:root`), which in a trust policy delegates to the account's own identity
 * policies rather than granting by itself (IAM User Guide, "AWS JSON policy elements: Principal",
 * AWS account principals); `exact`: by its role or session ARN, or a service by name; `any`: `*`.
 */
export type PrincipalMatch = 'none' | 'any' | 'account' | 'exact';

export function principalMatch(block: PrincipalBlock, p: RequestPrincipal): PrincipalMatch {
  if (block === '*') return 'any';
  let best: PrincipalMatch = 'none';
  const better = (m: PrincipalMatch) => {
    if ((PRINCIPAL_RANK.get(m) ?? 0) > (PRINCIPAL_RANK.get(best) ?? 0)) best = m;
  };
  for (const aws of asList(block.AWS)) {
    if (aws === '*') better('any');
    else if (p.kind === 'aws') {
      const account = /^\d{12}$/.test(aws) ? aws : /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(aws)?.[1];
      if (account !== undefined) {
        if (account === p.account) better('account');
      } else if (aws === p.arn || (p.roleArn !== undefined && aws === p.roleArn)) better('exact');
    }
  }
  if (p.kind === 'service') for (const service of asList(block.Service)) if (service.toLowerCase() === p.service.toLowerCase()) better('exact');
  return best;
}
/** Stronger matches rank higher: a statement naming the caller beats one naming its account. */
export const PRINCIPAL_RANK: ReadonlyMap<PrincipalMatch, number> = new Map<PrincipalMatch, number>([['none', 0], ['account', 1], ['any', 2], ['exact', 3]]);

/** Principal / NotPrincipal. A statement with neither (an identity policy's) applies to its holder. */
export function statementPrincipal(s: PolicyStatement, p: RequestPrincipal): PrincipalMatch {
  if (s.Principal !== undefined) return principalMatch(s.Principal, p);
  // NotPrincipal: everyone except those listed (an account listed excludes all its principals).
  if (s.NotPrincipal !== undefined) return principalMatch(s.NotPrincipal, p) === 'none' ? 'any' : 'none';
  return 'exact';
}

/** Actions are `service:Name`, matched case-insensitively, with wildcards (IAM User Guide, "Action"). */
export const actionMatches = (pattern: string, action: string): boolean => pattern === '*' || globMatch(pattern, action, { ignoreCase: true });

export function statementAction(s: PolicyStatement, action: string): boolean {
  if (s.Action !== undefined) return asList(s.Action).some((a) => actionMatches(a, action));
  return !asList(s.NotAction).some((a) => actionMatches(a, action));
}

/**
 * Resource / NotResource: `*`, or an ARN with wildcards in any of its components; policy
 * variables are replaced first (2012-10-17 only; variables.ts). A statement with neither (a trust
 * policy's) is about the role it is attached to.
 */
export function statementResource(s: PolicyStatement, doc: PolicyDocument, context: RequestContext): boolean {
  const covers = (pattern: string): boolean => {
    if (pattern === '*') return true;
    const sub = doc.Version === '2012-10-17' ? substitute(pattern, context, true) : { ok: true as const, text: pattern };
    if (!sub.ok) return false;
    return splitArn(sub.text) ? arnMatch(sub.text, context.resource) : globMatch(sub.text, context.resource);
  };
  if (s.Resource !== undefined) return asList(s.Resource).some(covers);
  if (s.NotResource !== undefined) return !asList(s.NotResource).some(covers);
  return true;
}
