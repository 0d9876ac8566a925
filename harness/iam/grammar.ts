import { OPERATOR_NAMES, parseCidr, parseOperator } from './operators.ts';

/**
 * What IAM refuses in a policy document beyond its JSON shape (which the scenario schema checks):
 * a condition operator it does not know ("Invalid Condition type"), an action or condition key
 * without a service prefix ("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb,
 * ec2, etc."), a `Null` value that is not true/false, an address in IpAddress that is not one.
 * IAM's own wording: its MalformedPolicyDocument errors (IAM User Guide, "Troubleshoot IAM
 * policies"). Runs on the document as written (before any parser could drop a key such as
 * `__proto__`), and returns located problems; paths are relative to the document.
 */

export interface GrammarProblem {
  path: (string | number)[];
  message: string;
  hint?: string;
  /** Whether the problem is the key itself (an operator's name) or its value. */
  at: 'key' | 'value';
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const texts = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
/** `service:name`, the service being letters, digits and dashes; `*` alone is every action. */
const VENDOR = /^[A-Za-z0-9-]+:.+$/;

export function checkPolicyGrammar(doc: unknown, nearest: (input: string, candidates: readonly string[]) => string | undefined): GrammarProblem[] {
  if (!isMapping(doc)) return [];
  const problems: GrammarProblem[] = [];
  const statement = own(doc, 'Statement');
  const statements: [unknown, (string | number)[]][] = Array.isArray(statement) ? statement.map((s, i) => [s, ['Statement', i]]) : [[statement, ['Statement']]];
  for (const [s, at] of statements) {
    if (!isMapping(s)) continue;
    for (const field of ['Action', 'NotAction'] as const) {
      const list = own(s, field);
      texts(list).forEach((a, i) => {
        if (typeof a === 'string' && a !== '*' && !VENDOR.test(a)) {
          problems.push({ path: [...at, field, ...(Array.isArray(list) ? [i] : [])], message: `${JSON.stringify(a)} is not an action: actions are prefaced by a service, e.g. s3:GetObject (or "*")`, at: 'value' });
        }
      });
    }
    const condition = own(s, 'Condition');
    if (isMapping(condition)) problems.push(...conditionProblems(condition, [...at, 'Condition'], nearest));
  }
  return problems;
}

function conditionProblems(condition: Record<string, unknown>, at: (string | number)[], nearest: (input: string, candidates: readonly string[]) => string | undefined): GrammarProblem[] {
  const problems: GrammarProblem[] = [];
  for (const name of Object.keys(condition)) {
    const operator = parseOperator(name);
    if (operator === undefined) {
      const close = nearest(name.replace(/^For(All|Any)Values?:/, '').replace(/IfExists$/, ''), OPERATOR_NAMES);
      problems.push({
        path: [...at, name],
        message: `unknown condition operator ${JSON.stringify(name)}${close ? ` (did you mean "${close}"?)` : ''}`,
        // YAML reads an unquoted `Null:` key as the null value, which becomes the empty name.
        hint:
          name === ''
            ? 'in YAML an unquoted Null (or ~) is the null value, not a name: write "Null" in quotes'
            : "IAM's operators: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn*, Null; each may end in IfExists and start with ForAllValues: or ForAnyValue:",
        at: 'key',
      });
      continue;
    }
    const keys = condition[name];
    if (!isMapping(keys)) continue;
    for (const key of Object.keys(keys)) {
      if (!VENDOR.test(key)) {
        problems.push({ path: [...at, name, key], message: `${JSON.stringify(key)} is not a condition key: keys are prefaced by a service, e.g. aws:SourceAccount`, at: 'key' });
        continue;
      }
      const values = keys[key];
      texts(values).forEach((v, i) => {
        const where = [...at, name, key, ...(Array.isArray(values) ? [i] : [])];
        if (operator.base === undefined && !/^(true|false)$/i.test(String(v))) {
          problems.push({ path: where, message: `Null takes true (the key is absent) or false (it is present), got ${JSON.stringify(v)}`, at: 'value' });
        } else if (operator.base?.family === 'ip' && parseCidr(String(v)) === undefined) {
          problems.push({ path: where, message: `${JSON.stringify(v)} is not an IP address or CIDR block, e.g. 203.0.113.0/24`, at: 'value' });
        }
      });
    }
  }
  return problems;
}
