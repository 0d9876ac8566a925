/**
 * The request context a policy is evaluated against (IAM User Guide, "Policy evaluation logic":
 * "AWS processes the request to gather information into a request context"): who asks (the
 * principal), the action, the resource, and the condition keys the service sets. Key names are
 * case-insensitive (IAM User Guide, "IAM JSON policy elements: Condition"), so they are stored
 * lower-cased; values are not. A key holds one text or, for multi-valued keys, a list.
 */

/** The principal making the request. */
export type RequestPrincipal =
  /** An AWS service acting on its own behalf (`ecs-tasks.amazonaws.com` when ECS assumes a task role). */
  | { kind: 'service'; service: string }
  /**
   * An IAM principal. For a role session `arn` is the session's `arn:aws:sts::<acct>:assumed-role/<role>/<session>`
   * and `roleArn` the role's `arn:aws:iam::<acct>:role/<role>`: a policy may name either.
   */
  | { kind: 'aws'; arn: string; account: string; roleArn?: string }
  | { kind: 'anonymous' };

export type ContextValue = string | readonly string[];

export interface RequestContext {
  principal: RequestPrincipal;
  /** `service:Action`, e.g. `s3:GetObject`. */
  action: string;
  /** The resource's ARN. */
  resource: string;
  /** Condition keys, lower-cased names (contextValues builds it). */
  values: ReadonlyMap<string, ContextValue>;
}

/** Builds the key map from `{ 'aws:SourceAccount': '…' }`, folding names; own keys only, so `__proto__` is a name like any other. */
export function contextValues(entries: Iterable<readonly [string, ContextValue]>): ReadonlyMap<string, ContextValue> {
  const map = new Map<string, ContextValue>();
  for (const [key, value] of entries) map.set(key.toLowerCase(), value);
  return map;
}

/** The keys every request carries, from the clock (IAM User Guide, "AWS global condition context keys"). */
export function timeKeys(now: Date): [string, string][] {
  return [
    ['aws:CurrentTime', now.toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ['aws:EpochTime', String(Math.floor(now.getTime() / 1000))],
  ];
}
