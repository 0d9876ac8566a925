import type { z } from 'zod';
import type { IssueCode, Path } from './issues.ts';
import type { IssueAnchor } from './reporter.ts';
import { didYouMean, listOf, nearest } from './suggest.ts';
import { exampleAt, keysAt, numberBounds } from './zod-introspect.ts';

/**
 * zod issues → issues in the scenario's own terms: "missing required key", "unknown key "x" (did
 * you mean "y"?)", "expected a sequence, got a string", with YAML's names for types, one issue per
 * unknown key (each placed on its key), and unions resolved to the alternative the user was
 * evidently writing.
 */

export interface Finding {
  path: Path;
  code: IssueCode;
  message: string;
  hint?: string | undefined;
  at: IssueAnchor;
}

type ZodIssue = z.core.$ZodIssue;

/** How YAML users name a value's type. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value.length > 40 ? 'a string' : `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a sequence',
  null: 'nothing (null)',
};
const expectedName = (expected: string): string => EXPECTED[expected] ?? expected;

export function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const seg of path) {
    // Own keys only: a key called "constructor" or "toString" must not find Object.prototype's.
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, seg)) return undefined;
    value = (value as Record<string | number, unknown>)[seg];
  }
  return value;
}

const push = (out: Finding[], finding: Finding | undefined): void => {
  if (finding) out.push(finding);
};

const quote = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : v !== null && typeof v === 'object' ? describeValue(v) : String(v));

export function translateZodIssues(issues: readonly ZodIssue[], input: unknown, schema: z.core.$ZodType): Finding[] {
  const findings: Finding[] = [];
  for (const issue of issues) translate(issue, [], findings, { input, schema });
  return findings;
}

interface Context {
  input: unknown;
  schema: z.core.$ZodType;
}

function missingKey(path: Path, ctx: Context): Finding | undefined {
  const key = String(path[path.length - 1]);
  // A misspelt key is reported as unknown, with this key suggested: "missing" would say it twice.
  const parent = valueAt(ctx.input, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
    const allowed = keysAt(ctx.schema, path.slice(0, -1));
    if (Object.keys(parent).some((k) => !allowed.includes(k) && nearest(k, [key]) !== undefined)) return undefined;
  }
  const example = exampleAt(ctx.schema, path);
  return {
    path,
    code: 'missing-key',
    message: `missing required key "${key}"`,
    hint: example === undefined ? undefined : `add ${key}: ${example}`,
    at: 'parent-key',
  };
}

function translate(issue: ZodIssue, prefix: Path, out: Finding[], ctx: Context): void {
  const path: Path = [...prefix, ...(issue.path as (string | number)[])];
  const value = valueAt(ctx.input, path);
  const present = value !== undefined;

  switch (issue.code) {
    case 'invalid_type': {
      if (!present && path.length > 0) return void push(out, missingKey(path, ctx));
      if (path.length === 0 && issue.expected === 'object') {
        return void out.push({ path, code: 'wrong-type', message: `a scenario must be a mapping, got ${describeValue(value)}`, hint: 'start with apiVersion: ecs-sim/v1', at: 'value' });
      }
      return void out.push({ path, code: 'wrong-type', message: `expected ${expectedName(issue.expected)}, got ${describeValue(value)}`, at: 'value' });
    }
    case 'invalid_value': {
      if (!present && path.length > 0) return void push(out, missingKey(path, ctx));
      const options = issue.values.map(String);
      return void out.push({
        path,
        code: 'invalid-value',
        message: `invalid value ${quote(value)}${typeof value === 'string' ? didYouMean(value, options) : ''}`,
        hint: `use one of: ${listOf(options)}`,
        at: 'value',
      });
    }
    case 'unrecognized_keys': {
      const allowed = keysAt(ctx.schema, path);
      for (const key of issue.keys) {
        out.push({
          path: [...path, key],
          code: 'unknown-key',
          message: `unknown key "${key}"${didYouMean(key, allowed)}`,
          hint: allowed.length > 0 && allowed.length <= 12 ? `keys allowed here: ${allowed.join(', ')}` : undefined,
          at: 'key',
        });
      }
      return;
    }
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'number' || issue.origin === 'int') {
        const { min, max } = numberBounds(ctx.schema, path);
        const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
        return void out.push({ path, code: 'out-of-range', message: `${String(value)} is out of range: must be ${range}`, at: 'value' });
      }
      if (issue.code === 'too_small' && issue.origin === 'array') {
        return void out.push({ path, code: 'out-of-range', message: `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`, at: 'value' });
      }
      if (issue.code === 'too_small' && issue.origin === 'string') {
        return void out.push({ path, code: 'out-of-range', message: issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`, at: 'value' });
      }
      if (issue.code === 'too_big' && issue.origin === 'string') {
        return void out.push({ path, code: 'out-of-range', message: `must be at most ${issue.maximum} characters`, at: 'value' });
      }
      return void out.push({ path, code: 'out-of-range', message: issue.message, at: 'value' });
    }
    case 'invalid_format':
      return void out.push({ path, code: 'invalid-value', message: `${issue.message}, got ${describeValue(value)}`, at: 'value' });
    case 'invalid_key': {
      const key = String(path[path.length - 1]);
      const reasons = issue.issues.map((i) => i.message).join('; ');
      return void out.push({ path, code: 'invalid-value', message: `invalid name "${key}": ${reasons}`, at: 'key' });
    }
    case 'custom': {
      const params = (issue.params ?? {}) as { hint?: string; code?: IssueCode; nearKeys?: string[]; ifNoUnknownKeys?: boolean };
      // A mapping with a misspelt key also "lacks" the key it meant: say only the first.
      if ((params.nearKeys || params.ifNoUnknownKeys) && value !== null && typeof value === 'object') {
        const allowed = keysAt(ctx.schema, path);
        const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
        if (params.ifNoUnknownKeys && unknown.length > 0) return;
        if (unknown.some((k) => nearest(k, params.nearKeys ?? []) !== undefined)) return;
      }
      return void out.push({ path, code: params.code ?? 'invalid-value', message: issue.message, hint: params.hint, at: 'value' });
    }
    case 'invalid_union':
      return translateUnion(issue, path, value, out, ctx);
    default:
      return void out.push({ path, code: 'invalid-value', message: issue.message, at: 'value' });
  }
}

/**
 * A union failed. When the value's own shape already rules out every alternative, say what was
 * expected; otherwise report the problems of the alternative it came closest to (the one whose
 * failures are deepest, not at its root).
 */
function translateUnion(issue: z.core.$ZodIssueInvalidUnion, path: Path, value: unknown, out: Finding[], ctx: Context): void {
  if (value === undefined && path.length > 0) return void push(out, missingKey(path, ctx));
  const branches = issue.errors;
  const rootMismatch = (i: ZodIssue) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value');
  const score = (branch: readonly ZodIssue[]) =>
    branch.reduce((sum, i) => {
      if (rootMismatch(i)) return sum + 1000;
      if (i.code === 'unrecognized_keys' && i.path.length === 0) return sum + 10 * i.keys.length;
      if (i.path.length === 1 && valueAt(value, i.path as (string | number)[]) === undefined) return sum + 5;
      return sum + 1;
    }, 0);
  let best: readonly ZodIssue[] | undefined;
  for (const branch of branches) if (!best || score(branch) < score(best)) best = branch;
  if (!best || best.some(rootMismatch)) {
    const expected = [...new Set(branches.flatMap((b) => b.filter(rootMismatch).map(describeExpected)))];
    return void out.push({ path, code: 'wrong-type', message: `expected ${joinOr(expected)}, got ${describeValue(value)}`, at: 'value' });
  }
  for (const inner of best) translate(inner, path, out, ctx);
}

function describeExpected(issue: ZodIssue): string {
  if (issue.code === 'invalid_type') return expectedName(issue.expected);
  if (issue.code === 'invalid_value') return issue.values.map(quote).join(' or ');
  return 'something else';
}

const joinOr = (items: string[]): string => (items.length <= 1 ? (items[0] ?? 'something else') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);
