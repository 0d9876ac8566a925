import { Composer, CST, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type Document, type Node, type Pair } from 'yaml';
import type { IssueCode, Path } from './issues.ts';
import { DEPTH_HINT, MAX_DEPTH, MAX_VALUES, plainDataProblems, VALUES_HINT } from './plain-data.ts';
import { yamlLocator, type Locator, type Position } from './positions.ts';

/**
 * Text → plain data plus a locator, for scenario files (YAML). Never throws, never hangs, and
 * takes time linear in the text: nesting deeper than MAX_DEPTH is refused while the text is
 * parsed (yaml's composer recurses, and a 20 KB file of brackets overflows the stack), repeated
 * and colliding keys are found with one hash map per mapping (yaml's own check compares every
 * pair of keys: 80k keys took a minute), YAML aliases are bounded (yaml's maxAliasCount, the
 * "billion laughs" guard), a self-referencing alias is refused, and only plain data
 * (plain-data.ts) gets through.
 */

/** yaml's default; each alias may expand to at most this many nodes' worth of copies. */
export const MAX_ALIAS_COUNT = 100;

export interface TextProblem {
  code: IssueCode;
  message: string;
  hint?: string;
  position: Position;
  path: Path;
}

export type ParsedText =
  | { ok: true; value: unknown; locator: Locator }
  | { ok: false; problems: TextProblem[]; locator?: Locator; value?: unknown };

const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  MULTIPLE_DOCS: 'one scenario per file: move each document after "---" into a file of its own',
  BAD_INDENT: 'check the indentation and that brackets and quotes are closed',
  MISSING_CHAR: 'a bracket, brace or quote is not closed',
  BLOCK_AS_IMPLICIT_KEY: 'put a nested mapping on its own lines, indented under its key',
};

const DUPLICATE_HINT = 'each key may appear once in a mapping (task, role and target names must be unique)';

export function parseYamlText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const tokens = boundedTokens(text, lineCounter);
  if (!tokens.ok) {
    const problem: TextProblem =
      tokens.reason === 'too-deep'
        ? { code: 'too-deep', message: `mappings and sequences nested deeper than ${MAX_DEPTH} levels`, hint: DEPTH_HINT, position: at(tokens.offset), path: tokens.path }
        : { code: 'too-large', message: `not read: more than ${MAX_VALUES} keys and values`, hint: VALUES_HINT, position: at(tokens.offset), path: tokens.path };
    return { ok: false, problems: [problem] };
  }
  const doc = composeFirst(tokens.tokens, text.length);
  const locator = yamlLocator(doc, lineCounter);
  const problems: TextProblem[] = [];
  for (const e of doc.errors) {
    const offset = e.pos[0];
    // A syntax error gets the field it is in; "more than one document" gets the document.
    const path = e.code === 'MULTIPLE_DOCS' ? [] : locator.pathAt(offset);
    problems.push({ code: 'yaml-syntax', message: `YAML syntax error: ${firstLine(e.message)}`, ...(YAML_HINTS[e.code] ? { hint: YAML_HINTS[e.code] as string } : {}), position: at(offset), path });
  }
  for (const w of doc.warnings) {
    problems.push({ code: 'yaml-unsupported', message: firstLine(w.message), hint: 'scenario files use plain YAML: no custom tags', position: at(w.pos[0]), path: locator.pathAt(w.pos[0]) });
  }
  // Any syntax error makes the structure a guess, so it stops here; repeated keys and unknown
  // tags leave it sound, so validation goes on and reports more.
  if (doc.errors.length > 0) return { ok: false, problems, locator };
  if (doc.contents === null) {
    return { ok: false, problems: [{ code: 'empty-document', message: 'the file holds no YAML document', hint: 'start with apiVersion: ecs-sim/v1', position: { line: 1, column: 1 }, path: [] }] };
  }
  const keys = keyProblems(doc, at);
  problems.push(...keys);
  // A collection as a key has no name to check further: stop at it.
  if (keys.some((p) => p.code === 'yaml-unsupported')) return { ok: false, problems, locator };
  const value = toPlain(doc, problems, locator);
  if (value === undefined || problems.length > 0) return { ok: false, problems, locator, ...(value === undefined ? {} : { value }) };
  return { ok: true, value, locator };
}

/**
 * The CST of the text, as yaml's parseDocument builds it (yaml's documented use of Lexer and
 * Parser), stopped at the first collection nested deeper than MAX_DEPTH (the parser keeps its
 * open collections on an explicit stack, so the depth is known at every token) or at the value
 * past MAX_VALUES: nothing downstream then sees more than either.
 */
function boundedTokens(text: string, lineCounter: LineCounter): { ok: true; tokens: CST.Token[] } | { ok: false; reason: 'too-deep' | 'too-large'; offset: number; path: Path } {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let values = 0;
  const pathOf = () => parser.stack.filter(isCollectionToken).slice(0, MAX_DEPTH).map(childSegment);
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (VALUE_LEXEMES.has(CST.tokenType(lexeme) ?? '') && ++values > MAX_VALUES) return { ok: false, reason: 'too-large', offset, path: pathOf() };
    if (parser.stack.length > MAX_DEPTH) {
      const open = parser.stack.filter(isCollectionToken);
      if (open.length > MAX_DEPTH) return { ok: false, reason: 'too-deep', offset: (open[MAX_DEPTH] as CollectionToken).offset, path: pathOf() };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return { ok: true, tokens };
}

/** Lexemes that each start a key, a value or an item. */
const VALUE_LEXEMES = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'alias', 'block-scalar-header', 'flow-map-start', 'flow-seq-start', 'seq-item-ind', 'explicit-key-ind']);

type CollectionToken = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
const isCollectionToken = (t: CST.Token): t is CollectionToken => t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';

/** The key or index of the item a collection token is parsing now. */
function childSegment(t: CollectionToken): string | number {
  const isSequence = t.type === 'block-seq' || (t.type === 'flow-collection' && t.start.source === '[');
  if (isSequence) return Math.max(0, t.items.length - 1);
  const key = (t.items[t.items.length - 1] as { key?: CST.Token | null } | undefined)?.key;
  const scalar = key ? CST.resolveAsScalar(key) : null;
  return scalar ? scalar.value : '?';
}

/** As yaml's parseDocument: the first document, and an error for any other. */
function composeFirst(tokens: CST.Token[], length: number): Document.Parsed {
  // logLevel error: yaml would otherwise print a Node warning for a collection used as a key (reported here instead).
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, merge: false, version: '1.2', logLevel: 'error' });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return doc as Document.Parsed;
}

/**
 * Repeated keys, and keys that differ in YAML but not once loaded (`1` and `"1"`, `1` and `1.0`:
 * both become the name "1", and the second silently replaces the first): one hash map per mapping.
 */
function keyProblems(doc: Document.Parsed, at: (offset: number) => Position): TextProblem[] {
  const problems: TextProblem[] = [];
  const stack: { node: unknown; path: Path }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: Path };
    if (isSeq(node)) node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    if (!isMap(node)) continue;
    const seen = new Map<string, Pair>();
    for (const pair of node.items as Pair[]) {
      const keyNode = (isAlias(pair.key) ? pair.key.resolve(doc) : pair.key) as Node | null;
      const offset = (pair.key as Node | null)?.range?.[0] ?? (pair.value as Node | null)?.range?.[0] ?? 0;
      if (keyNode !== null && !isScalar(keyNode)) {
        problems.push({ code: 'yaml-unsupported', message: 'a mapping or sequence cannot be a key', hint: 'keys are names: plain strings', position: at(offset), path });
        continue;
      }
      const key = keyNode === null || keyNode.value === null ? '' : String(keyNode.value);
      const first = seen.get(key);
      if (first) {
        const firstSource = sourceOf(first.key as Node | null);
        const source = sourceOf(keyNode);
        problems.push(
          firstSource === source
            ? { code: 'yaml-syntax', message: `duplicate key "${key}"`, hint: DUPLICATE_HINT, position: at(offset), path: [...path, key] }
            : {
                code: 'duplicate-name',
                message: `the keys ${firstSource} and ${source} are both the name "${key}" once loaded, so the second would replace the first`,
                hint: DUPLICATE_HINT,
                position: at(offset),
                path: [...path, key],
              },
        );
        continue;
      }
      seen.set(key, pair);
      stack.push({ node: pair.value, path: [...path, key] });
    }
  }
  return problems;
}

/** A key as written: `1`, `"1"`, `1.0`. */
function sourceOf(node: Node | null): string {
  if (node === null) return '(empty)';
  if (!isScalar(node)) return String(node);
  const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : '';
  return `${quote}${node.source ?? String(node.value)}${quote}`;
}

function toPlain(doc: Document, problems: TextProblem[], locator: Locator): unknown {
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const tooDeep = err instanceof RangeError;
    problems.push(
      tooDeep
        ? { code: 'too-deep', message: `YAML aliases nest deeper than ${MAX_DEPTH} levels`, hint: DEPTH_HINT, position: { line: 1, column: 1 }, path: [] }
        : {
            code: 'yaml-alias-limit',
            message: `YAML aliases expand too far: ${firstLine(err instanceof Error ? err.message : String(err))}`,
            hint: `at most ${MAX_ALIAS_COUNT} alias expansions per alias; write the data out instead of nesting anchors`,
            position: { line: 1, column: 1 },
            path: [],
          },
    );
    return undefined;
  }
  const bad = plainDataProblems(value);
  for (const b of bad) problems.push({ code: b.code, message: b.message, ...(b.hint ? { hint: b.hint } : {}), position: locator.locate(b.path, 'value') ?? { line: 1, column: 1 }, path: b.path });
  return bad.length > 0 ? undefined : value;
}

export const firstLine = (message: string): string => (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
