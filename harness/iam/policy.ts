/**
 * An IAM policy document as IAM takes it (IAM User Guide, "IAM JSON policy reference", "Policy
 * grammar"), with `Statement` always a list. Trust policies name a Principal; permission policies
 * a Resource. The scenario loader validates documents (harness/scenario/schema/policy.ts and
 * grammar.ts here); evaluation (evaluate.ts) takes them as they are.
 */

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type PrincipalBlock = '*' | Partial<Record<'AWS' | 'Service' | 'Federated' | 'CanonicalUser', string | string[]>>;

export type ConditionValue = string | number | boolean | (string | number | boolean)[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  /** operator → condition key → value(s). */
  Condition?: Record<string, Record<string, ConditionValue>>;
}

export interface PolicyDocument {
  Version: PolicyVersion;
  Id?: string;
  Statement: PolicyStatement[];
}

/** One or many, as the grammar allows for Action, Resource, principals and condition values. */
export const asList = (value: ConditionValue | string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

/** A statement named for messages: its Sid, or its place. */
export const statementName = (s: PolicyStatement, index: number): string => (s.Sid ? `statement "${s.Sid}"` : `Statement[${index}]`);
