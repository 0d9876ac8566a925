import type { RequestContext } from './context.ts';

/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the three
 * escapes `${*}`, `${?}`, `${$}` for a literal `*`, `?`, `$` (IAM User Guide, "IAM policy
 * elements: Variables and tags"). They are replaced only in a `2012-10-17` document (in
 * `2008-10-17` they are plain text), in `Resource`/`NotResource` and in string and ARN condition
 * values. A variable whose key the request does not carry, with no default, makes that one value
 * match nothing; a multi-valued key cannot be a variable (same page).
 */

/** Stand-ins for a literal `*` and `?` inside a wildcard pattern: never wildcards (wildcard.ts reads them). */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

export type Substitution = { ok: true; text: string } | { ok: false; key: string };

/**
 * Replaces the variables of `text`. `pattern`: the result is a wildcard pattern, so a `*` or `?`
 * that came from a variable (or from `${*}`) is kept literal.
 */
export function substitute(text: string, context: RequestContext, pattern: boolean): Substitution {
  if (!text.includes('${')) return { ok: true, text };
  const literal = (s: string) => (pattern ? s.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION) : s);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    const close = open < 0 ? -1 : text.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    const inner = text.slice(open + 2, close);
    i = close + 1;
    if (inner === '*' || inner === '?' || inner === '$') {
      out += literal(inner);
      continue;
    }
    const comma = inner.indexOf(',');
    const key = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma < 0 ? undefined : /^\s*'([^']*)'\s*$/.exec(inner.slice(comma + 1))?.[1];
    const value = context.values.get(key.toLowerCase());
    if (typeof value === 'string') out += literal(value);
    else if (fallback !== undefined) out += literal(fallback);
    else return { ok: false, key };
  }
  return { ok: true, text: out };
}
