import { BlockList, isIP } from 'node:net';
import { arnMatch } from './arn.ts';
import { globMatch } from './wildcard.ts';

/**
 * The condition operators of IAM's grammar (IAM User Guide, "IAM JSON policy elements: Condition
 * operators"): each base operator says how one policy value matches one request value; `negated`
 * operators hold when no policy value matches. The `...IfExists` suffix and the `ForAllValues:` /
 * `ForAnyValue:` qualifiers are parsed off the name (parseOperator) and applied by conditions.ts.
 * `Null` is not a comparison and is handled there too. A Map, so that a name like `toString` or
 * `__proto__` is simply unknown (issue 14).
 */

export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

export interface BaseOperator {
  family: OperatorFamily;
  negated: boolean;
  /** Policy variables are replaced in the policy value (String and ARN operators only). */
  variables: boolean;
  /** Whether the policy value is a wildcard pattern (so a variable's `*` must stay literal). */
  pattern: boolean;
  /** Whether one policy value matches one request value (before negation). */
  matches(policyValue: string, requestValue: string): boolean;
}

const number = (text: string): number | undefined => {
  const t = text.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
};

/** ISO 8601 (`2026-01-01T00:00:00Z`, `2026-01-01`) or epoch seconds, as IAM's date operators take. */
export function parseDate(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `203.0.113.0/24`, `2001:DB8:1234:5678::/64`, or one address. */
export function parseCidr(text: string): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', bits, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { address, prefix, type: version === 4 ? 'ipv4' : 'ipv6' };
}

function inCidr(cidr: string, ip: string): boolean {
  const net = parseCidr(cidr);
  const version = isIP(ip.trim());
  if (net === undefined || version === 0 || (version === 4) !== (net.type === 'ipv4')) return false;
  const list = new BlockList();
  list.addSubnet(net.address, net.prefix, net.type);
  return list.check(ip.trim(), net.type);
}

const compare = (parse: (t: string) => number | undefined, test: (p: number, r: number) => boolean) => (policy: string, request: string) => {
  const p = parse(policy);
  const r = parse(request);
  return p !== undefined && r !== undefined && test(p, r);
};

type Spec = Omit<BaseOperator, 'negated' | 'variables' | 'pattern'> & Partial<Pick<BaseOperator, 'variables' | 'pattern'>>;
const ops: [string, Spec, string?][] = [
  ['StringEquals', { family: 'string', variables: true, matches: (p, r) => p === r }, 'StringNotEquals'],
  ['StringEqualsIgnoreCase', { family: 'string', variables: true, matches: (p, r) => p.toLowerCase() === r.toLowerCase() }, 'StringNotEqualsIgnoreCase'],
  ['StringLike', { family: 'string', variables: true, pattern: true, matches: (p, r) => globMatch(p, r) }, 'StringNotLike'],
  ['NumericEquals', { family: 'numeric', matches: compare(number, (p, r) => r === p) }, 'NumericNotEquals'],
  ['NumericLessThan', { family: 'numeric', matches: compare(number, (p, r) => r < p) }],
  ['NumericLessThanEquals', { family: 'numeric', matches: compare(number, (p, r) => r <= p) }],
  ['NumericGreaterThan', { family: 'numeric', matches: compare(number, (p, r) => r > p) }],
  ['NumericGreaterThanEquals', { family: 'numeric', matches: compare(number, (p, r) => r >= p) }],
  ['DateEquals', { family: 'date', matches: compare(parseDate, (p, r) => r === p) }, 'DateNotEquals'],
  ['DateLessThan', { family: 'date', matches: compare(parseDate, (p, r) => r < p) }],
  ['DateLessThanEquals', { family: 'date', matches: compare(parseDate, (p, r) => r <= p) }],
  ['DateGreaterThan', { family: 'date', matches: compare(parseDate, (p, r) => r > p) }],
  ['DateGreaterThanEquals', { family: 'date', matches: compare(parseDate, (p, r) => r >= p) }],
  ['Bool', { family: 'bool', variables: true, matches: (p, r) => p.toLowerCase() === r.toLowerCase() }],
  ['BinaryEquals', { family: 'binary', matches: (p, r) => p === r }],
  ['IpAddress', { family: 'ip', matches: inCidr }, 'NotIpAddress'],
  // ArnEquals and ArnLike behave alike: both take wildcards in every component (same page).
  ['ArnEquals', { family: 'arn', variables: true, pattern: true, matches: arnMatch }, 'ArnNotEquals'],
  ['ArnLike', { family: 'arn', variables: true, pattern: true, matches: arnMatch }, 'ArnNotLike'],
];

export const BASE_OPERATORS: ReadonlyMap<string, BaseOperator> = new Map(
  ops.flatMap(([name, spec, negatedName]) => {
    const base: BaseOperator = { variables: false, pattern: false, ...spec, negated: false };
    return negatedName === undefined ? [[name, base] as const] : [[name, base] as const, [negatedName, { ...base, negated: true }] as const];
  }),
);

/** `Null`: true when the key is absent, false when present (same page, "Condition operator to check existence of condition keys"). */
export const NULL_OPERATOR = 'Null';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  /** As written. */
  name: string;
  /** Undefined for Null. */
  base: BaseOperator | undefined;
  set?: SetQualifier;
  ifExists: boolean;
}

/** Every operator name IAM accepts, for "did you mean". */
export const OPERATOR_NAMES: readonly string[] = [...BASE_OPERATORS.keys(), NULL_OPERATOR];

/** Parses `ForAnyValue:StringLikeIfExists` and the like; undefined for a name IAM does not know. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: SetQualifier | undefined;
  const q = (['ForAllValues', 'ForAnyValue'] as const).find((prefix) => rest.startsWith(`${prefix}:`));
  if (q !== undefined) {
    set = q;
    rest = rest.slice(q.length + 1);
  }
  if (rest === NULL_OPERATOR) return { name, base: undefined, ...(set ? { set } : {}), ifExists: false };
  const ifExists = rest.endsWith('IfExists');
  const base = BASE_OPERATORS.get(ifExists ? rest.slice(0, -'IfExists'.length) : rest);
  return base === undefined ? undefined : { name, base, ...(set ? { set } : {}), ifExists };
}
