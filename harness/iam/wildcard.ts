/**
 * IAM's wildcards: `*` matches any run of characters (also none), `?` exactly one (IAM User Guide,
 * "IAM JSON policy elements: Condition operators", StringLike; "Action", "Resource").
 *
 * Matched without a regular expression and without backtracking: the pattern is split at its
 * stars; the first piece must start the value, the last must end it, and each piece between is
 * found once, left-most, after the previous one (the left-most place is always a safe choice for
 * a glob, so nothing is ever tried again). Runs of stars are one star. So `"*******X"` against a
 * long value costs one scan, and the worst case is the length of the value times the length of
 * the pattern, never exponential (issue 14: the regular expressions this replaces took minutes).
 */

import { LITERAL_QUESTION, LITERAL_STAR } from './variables.ts';

export interface GlobOptions {
  /** Action names are matched case-insensitively; resources and condition values are not. */
  ignoreCase?: boolean;
}

export function globMatch(pattern: string, value: string, options: GlobOptions = {}): boolean {
  // A `*` or `?` from a policy variable arrives as a stand-in (variables.ts) and stays literal.
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const v = options.ignoreCase ? value.toLowerCase() : value;
  const pieces = p.split('*');
  if (pieces.length === 1) return v.length === p.length && pieceAt(p, v, 0);
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (first.length + last.length > v.length) return false;
  if (!pieceAt(first, v, 0) || !pieceAt(last, v, v.length - last.length)) return false;
  let from = first.length;
  const end = v.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    if (piece === '') continue;
    const at = findPiece(piece, v, from, end);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** Whether `piece` (which may hold `?`) matches `value` at `at`. */
function pieceAt(piece: string, value: string, at: number): boolean {
  if (at < 0 || at + piece.length > value.length) return false;
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c === QUESTION) continue;
    const want = c === LITERAL_STAR_CODE ? STAR : c === LITERAL_QUESTION_CODE ? QUESTION : c;
    if (want !== value.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The left-most place in value[from, end) where `piece` fits entirely, or -1. */
function findPiece(piece: string, value: string, from: number, end: number): number {
  if (!piece.includes('?') && !piece.includes(LITERAL_STAR) && !piece.includes(LITERAL_QUESTION)) {
    const at = value.indexOf(piece, from);
    return at >= 0 && at + piece.length <= end ? at : -1;
  }
  for (let at = from; at + piece.length <= end; at++) if (pieceAt(piece, value, at)) return at;
  return -1;
}

const QUESTION = '?'.charCodeAt(0);
const STAR = '*'.charCodeAt(0);
const LITERAL_STAR_CODE = LITERAL_STAR.charCodeAt(0);
const LITERAL_QUESTION_CODE = LITERAL_QUESTION.charCodeAt(0);

/** Whether a text holds a wildcard at all. */
export const hasWildcard = (text: string): boolean => text.includes('*') || text.includes('?');
