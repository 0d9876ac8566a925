import type { RequestContext } from './context.ts';
import { parseOperator, type ParsedOperator } from './operators.ts';
import { asList, type PolicyDocument, type PolicyStatement } from './policy.ts';
import { substitute } from './variables.ts';

/**
 * A statement's Condition block against a request (IAM User Guide, "IAM JSON policy elements:
 * Condition", "Condition operators", "Set operators for multivalued context keys"): every
 * operator and every key under it must hold (AND); the values listed for one key are
 * alternatives (OR); a negated operator holds when none of them matches. A key the request does
 * not carry makes a condition false, or true for a negated operator, `...IfExists` or
 * `ForAllValues:`; `ForAnyValue:` on a missing key is false. `Null` tests presence only.
 */

/** Why a condition did not hold, in words a user can act on; undefined when all hold. */
export function unmetCondition(statement: PolicyStatement, doc: PolicyDocument, context: RequestContext): string | undefined {
  for (const [operatorName, keys] of Object.entries(statement.Condition ?? {})) {
    const operator = parseOperator(operatorName);
    for (const [key, raw] of Object.entries(keys)) {
      // The loader refuses unknown operators (grammar.ts); one here fails closed: it never lets
      // an Allow apply, and never keeps a Deny from applying.
      if (operator === undefined) {
        if (statement.Effect === 'Deny') continue;
        return `${operatorName} is not a condition operator`;
      }
      if (!holds(operator, key, asList(raw), doc, context)) return `${operatorName} ${key} ${JSON.stringify(raw)} ${describeRequest(key, context)}`;
    }
  }
  return undefined;
}

function describeRequest(key: string, context: RequestContext): string {
  const value = context.values.get(key.toLowerCase());
  return value === undefined ? `is not met: the request has no ${key}` : `does not match ${JSON.stringify(value)}`;
}

function holds(operator: ParsedOperator, key: string, policyValues: string[], doc: PolicyDocument, context: RequestContext): boolean {
  const raw = context.values.get(key.toLowerCase());
  const requestValues = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
  const { base } = operator;
  if (base === undefined) {
    // Null: "true" → the key must be absent (or an empty list); "false" → present.
    const absent = requestValues.length === 0;
    return policyValues.some((v) => (v.toLowerCase() === 'true') === absent);
  }
  if (raw === undefined) {
    if (operator.ifExists || operator.set === 'ForAllValues') return true;
    if (operator.set === 'ForAnyValue') return false;
    return base.negated;
  }
  const resolved = policyValues.flatMap((v) => {
    if (!base.variables || doc.Version !== '2012-10-17') return [v];
    const s = substitute(v, context, base.pattern);
    return s.ok ? [s.text] : []; // a variable with no value: this alternative matches nothing
  });
  const one = (requestValue: string): boolean => {
    const any = resolved.some((p) => base.matches(p, requestValue));
    return base.negated ? !any : any;
  };
  if (operator.set === 'ForAllValues') return requestValues.every(one);
  if (operator.set === 'ForAnyValue') return requestValues.some(one);
  // A single-valued operator on a list: a positive one needs some value to match, a negated one
  // needs every value not to (so that adding values can never turn a Deny off).
  if (requestValues.length === 0) return base.negated;
  return base.negated ? requestValues.every(one) : requestValues.some(one);
}
