import { unmetCondition } from './conditions.ts';
import type { RequestContext } from './context.ts';
import { statementName, type PolicyDocument } from './policy.ts';
import { PRINCIPAL_RANK, statementAction, statementPrincipal, statementResource, type PrincipalMatch } from './statement.ts';

/**
 * IAM's decision for one request over a set of policies (IAM User Guide, "Policy evaluation
 * logic", "Determining whether a request is allowed or denied within an account"): every
 * statement that applies is found; an explicit Deny in any of them wins; otherwise an Allow
 * allows; otherwise the request is implicitly denied. The statement that decided is named, so
 * evidence can say which one (and why the near misses missed).
 */

export interface NamedPolicy {
  /** e.g. `trust policy of role "app"`, `permission policy of role "app"`. */
  name: string;
  document: PolicyDocument;
}

export interface StatementRef {
  policy: string;
  index: number;
  sid?: string;
  /** How its Principal element named the caller (`exact` when it has none). */
  principal: PrincipalMatch;
}

export type Decision =
  | { decision: 'allowed'; statement: StatementRef }
  | { decision: 'explicit-deny'; statement: StatementRef }
  /** No statement allows: `reasons` says why the statements about this action did not apply. */
  | { decision: 'implicit-deny'; reasons: string[] };

export function decide(policies: readonly NamedPolicy[], context: RequestContext): Decision {
  let allow: StatementRef | undefined;
  const reasons: string[] = [];
  for (const { name, document } of policies) {
    for (const [index, s] of document.Statement.entries()) {
      const principal = statementPrincipal(s, context.principal);
      if (principal === 'none' || !statementAction(s, context.action) || !statementResource(s, document, context)) continue;
      const ref: StatementRef = { policy: name, index, ...(s.Sid ? { sid: s.Sid } : {}), principal };
      const unmet = unmetCondition(s, document, context);
      if (unmet !== undefined) {
        if (s.Effect === 'Allow') reasons.push(`${describeStatement(ref)}: ${unmet}`);
        continue;
      }
      // A Deny cannot be outweighed: the search ends here.
      if (s.Effect === 'Deny') return { decision: 'explicit-deny', statement: ref };
      if (allow === undefined || (PRINCIPAL_RANK.get(principal) ?? 0) > (PRINCIPAL_RANK.get(allow.principal) ?? 0)) allow = ref;
    }
  }
  return allow ? { decision: 'allowed', statement: allow } : { decision: 'implicit-deny', reasons };
}

/** `Statement[1] of the trust policy of role "app"`, or `statement "AllowSelf" of …`. */
export function describeStatement(ref: StatementRef): string {
  return `${statementName({ Effect: 'Allow', ...(ref.sid ? { Sid: ref.sid } : {}) }, ref.index)} of the ${ref.policy}`;
}
