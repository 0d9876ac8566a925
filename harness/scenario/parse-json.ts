import { createScanner, parse, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import { LineCounter, parseDocument } from 'yaml';
import type { Path } from './issues.ts';
import { firstLine, type ParsedText, type TextProblem } from './parse-yaml.ts';
import { DEPTH_HINT, MAX_DEPTH, MAX_VALUES, plainDataProblems, VALUES_HINT } from './plain-data.ts';
import { yamlLocator, type Position } from './positions.ts';

/**
 * A referenced JSON file (task definition, policy): it must be strict JSON, as the AWS CLI takes
 * it. jsonc-parser (in strict mode: no comments, no trailing commas) finds the first error and
 * where it is, which JSON.parse does not say (issue 14: errors pointed at the end of the file);
 * JSON.parse then gives the value; yaml (a JSON superset) provides the positions of fields.
 * Depth is checked with jsonc-parser's scanner (a loop) before its parser (which recurses) runs.
 */

const HINT = 'the AWS CLI takes JSON here, not YAML';

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'not a JSON value',
  InvalidNumberFormat: 'not a JSON number',
  PropertyNameExpected: 'expected a key in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file after the value',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape in a string',
  InvalidCharacter: 'a control character inside a string (write it as an escape, e.g. \\n)',
};

export function parseJsonText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.min(offset, text.length));
    return { line, column: col };
  };
  const fail = (problem: TextProblem): ParsedText => ({ ok: false, problems: [problem] });

  const shape = tooLarge(text);
  if (shape) {
    return fail(
      shape.reason === 'too-deep'
        ? { code: 'too-deep', message: `not read: objects and arrays nested deeper than ${MAX_DEPTH} levels`, hint: DEPTH_HINT, position: at(shape.offset), path: shape.path }
        : { code: 'too-large', message: `not read: more than ${MAX_VALUES} keys and values`, hint: VALUES_HINT, position: at(shape.offset), path: shape.path },
    );
  }

  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    const trailingComma = (code === 'ValueExpected' || code === 'PropertyNameExpected') && /,\s*$/.test(text.slice(0, first.offset)) && /^\s*[\]}]/.test(text.slice(first.offset));
    const found = first.offset >= text.length ? 'at the end of the file' : `at ${JSON.stringify(text.slice(first.offset, first.offset + Math.min(Math.max(first.length, 1), 20)))}`;
    const what = trailingComma ? `a trailing comma before "${text.slice(first.offset).trimStart()[0]}"` : `${MESSAGES[code] ?? code} ${found}`;
    return fail({ code: 'invalid-json', message: `not valid JSON: ${what}`, hint: trailingComma ? 'JSON allows no comma after the last item' : HINT, position: at(first.offset), path: [] });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // jsonc-parser and V8 agree on JSON; should they not, V8's word is final.
    return fail({ code: 'invalid-json', message: `not valid JSON: ${firstLine(err instanceof Error ? err.message : String(err))}`, hint: HINT, position: at(0), path: [] });
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate) return fail({ code: 'invalid-json', message: `duplicate key ${JSON.stringify(duplicate.key)}`, hint: 'JSON parsers keep only the last one; remove the other', position: at(duplicate.offset), path: duplicate.path });
  const positions = new LineCounter();
  const locator = yamlLocator(parseDocument(text, { lineCounter: positions, prettyErrors: false, uniqueKeys: false }), positions);
  const bad = plainDataProblems(value);
  if (bad.length > 0) {
    return { ok: false, problems: bad.map((b) => ({ code: b.code, message: b.message, ...(b.hint ? { hint: b.hint } : {}), position: locator.locate(b.path, 'key') ?? { line: 1, column: 1 }, path: b.path })), locator };
  }
  return { ok: true, value, locator };
}

/** jsonc-parser's SyntaxKind values (a const enum, which verbatimModuleSyntax cannot import). */
const SyntaxKind = { OpenBraceToken: 1, CloseBraceToken: 2, OpenBracketToken: 3, CloseBracketToken: 4, CommaToken: 5, NullKeyword: 7, TrueKeyword: 8, FalseKeyword: 9, StringLiteral: 10, NumericLiteral: 11, Unknown: 16, EOF: 17 } as const;

/** Tokens that are a key or a value (Unknown tokens too: each is an error jsonc-parser reports). */
const VALUE_TOKENS: ReadonlySet<number> = new Set([SyntaxKind.OpenBraceToken, SyntaxKind.OpenBracketToken, SyntaxKind.NullKeyword, SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword, SyntaxKind.StringLiteral, SyntaxKind.NumericLiteral, SyntaxKind.Unknown]);

/** The first array or object opened deeper than MAX_DEPTH, or the value past MAX_VALUES, and the path to it. */
function tooLarge(text: string): { reason: 'too-deep' | 'too-large'; offset: number; path: Path } | undefined {
  const scanner = createScanner(text, true);
  const frames: { array: boolean; seg: string | number; expectKey: boolean }[] = [];
  let values = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const top = frames[frames.length - 1];
    if (VALUE_TOKENS.has(kind) && ++values > MAX_VALUES) return { reason: 'too-large', offset: scanner.getTokenOffset(), path: frames.map((f) => f.seg) };
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (frames.length >= MAX_DEPTH) return { reason: 'too-deep', offset: scanner.getTokenOffset(), path: frames.map((f) => f.seg) };
      frames.push({ array: kind === SyntaxKind.OpenBracketToken, seg: kind === SyntaxKind.OpenBracketToken ? 0 : '', expectKey: kind === SyntaxKind.OpenBraceToken });
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) frames.pop();
    else if (kind === SyntaxKind.CommaToken && top) {
      if (top.array) top.seg = (top.seg as number) + 1;
      else top.expectKey = true;
    } else if (kind === SyntaxKind.StringLiteral && top && !top.array && top.expectKey) {
      top.seg = scanner.getTokenValue();
      top.expectKey = false;
    }
  }
  return undefined;
}

/** A key that appears twice in one object: one set per open object, so linear in the text. */
function firstDuplicateKey(text: string): { key: string; offset: number; path: Path } | undefined {
  const open: Set<string>[] = [];
  let found: { key: string; offset: number; path: Path } | undefined;
  visit(text, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (key, offset, _length, _line, _column, pathSupplier) => {
      const keys = open[open.length - 1];
      if (!keys || found) return;
      if (keys.has(key)) found = { key, offset, path: [...pathSupplier(), key] };
      keys.add(key);
    },
  });
  return found;
}
