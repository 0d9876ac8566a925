import { globMatch } from './wildcard.ts';

/**
 * ARN matching as ArnEquals/ArnLike do it: "each of the six colon-delimited components of the ARN
 * is checked separately and each can include multi-character match wildcards (*) or
 * single-character match wildcards (?)" (IAM User Guide, "IAM JSON policy elements: Condition
 * operators", ARN condition operators). The sixth component is the rest, colons and all.
 */
export function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', from);
    if (colon < 0) return undefined;
    parts.push(text.slice(from, colon));
    from = colon + 1;
  }
  parts.push(text.slice(from));
  return parts[0] === 'arn' || parts[0] === '*' ? parts : undefined;
}

export function arnMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (p === undefined || v === undefined) return false;
  return p.every((part, i) => globMatch(part, v[i] ?? ''));
}
