import { LineCounter, parseDocument, type Document } from 'yaml';
import type { IssueCode, Path } from './issues.ts';
import { yamlLocator, type Locator, type Position } from './positions.ts';

/**
 * Text → plain data plus a locator, for scenario files (YAML) and the JSON files they reference.
 * Never throws, never hangs: YAML aliases are bounded (yaml's maxAliasCount, the "billion laughs"
 * guard), a self-referencing alias is refused, and only plain data (mappings, sequences, strings,
 * numbers, booleans, null) gets through.
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

export function parseYamlText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  // uniqueKeys (the default) makes a repeated key an error; duplicate task or role names are
  // repeated keys, so this is also how names are kept unique.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false, version: '1.2' });
  const locator = yamlLocator(doc, lineCounter);
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: TextProblem[] = [];
  for (const e of doc.errors) {
    const offset = e.pos[0];
    const duplicate = e.code === 'DUPLICATE_KEY';
    // The path of a repeated key ends with the key itself; other errors get the field they are in.
    const path = e.code === 'MULTIPLE_DOCS' ? [] : locator.pathAt(offset);
    const key = String(path[path.length - 1] ?? '');
    problems.push({
      code: 'yaml-syntax',
      message: duplicate ? `duplicate key "${key}"` : `YAML syntax error: ${firstLine(e.message)}`,
      ...(duplicate ? { hint: 'each key may appear once in a mapping (task, role and target names must be unique)' } : YAML_HINTS[e.code] ? { hint: YAML_HINTS[e.code] as string } : {}),
      position: at(offset),
      path,
    });
  }
  for (const w of doc.warnings) {
    problems.push({ code: 'yaml-unsupported', message: firstLine(w.message), hint: 'scenario files use plain YAML: no custom tags', position: at(w.pos[0]), path: locator.pathAt(w.pos[0]) });
  }
  // Duplicate keys and unknown tags leave the structure sound, so validation goes on and reports
  // more; any other syntax error makes the structure a guess, so it stops here.
  const fatal = doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
  if (fatal) return { ok: false, problems, locator };
  if (doc.contents === null) {
    return { ok: false, problems: [{ code: 'empty-document', message: 'the file holds no YAML document', hint: 'start with apiVersion: ecs-sim/v1', position: { line: 1, column: 1 }, path: [] }] };
  }
  const value = toPlain(doc, problems, locator);
  if (value === undefined || problems.length > 0) return { ok: false, problems, locator, ...(value === undefined ? {} : { value }) };
  return { ok: true, value, locator };
}

function toPlain(doc: Document, problems: TextProblem[], locator: Locator): unknown {
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    problems.push({
      code: 'yaml-alias-limit',
      message: `YAML aliases expand too far: ${firstLine(err instanceof Error ? err.message : String(err))}`,
      hint: `at most ${MAX_ALIAS_COUNT} alias expansions per alias; write the data out instead of nesting anchors`,
      position: { line: 1, column: 1 },
      path: [],
    });
    return undefined;
  }
  const bad: { path: Path; message: string }[] = [];
  findNonPlain(value, [], new Set(), bad);
  for (const b of bad) problems.push({ code: 'yaml-unsupported', message: b.message, position: locator.locate(b.path, 'value') ?? { line: 1, column: 1 }, path: b.path });
  return bad.length > 0 ? undefined : value;
}

/** Every place that is not plain JSON-like data: a cycle (self-referencing alias), a Buffer, a Map... */
function findNonPlain(value: unknown, path: Path, ancestors: Set<unknown>, out: { path: Path; message: string }[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return;
  if (typeof value !== 'object') return void out.push({ path, message: `unsupported YAML value of type ${typeof value}` });
  if (ancestors.has(value)) return void out.push({ path, message: 'an alias refers to a node that contains it (a cycle)' });
  const isArray = Array.isArray(value);
  if (!isArray && Object.getPrototypeOf(value) !== Object.prototype) {
    const kind = (value as object).constructor?.name ?? 'object';
    return void out.push({ path, message: `unsupported YAML value (${kind === 'Buffer' ? '!!binary' : kind}): use plain mappings, sequences and scalars` });
  }
  ancestors.add(value);
  const entries: [string | number, unknown][] = isArray ? (value as unknown[]).map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) findNonPlain(v, [...path, k], ancestors, out);
  ancestors.delete(value);
}

/**
 * A referenced JSON file (task definition, policy): it must be JSON, as the AWS CLI takes it.
 * JSON.parse decides validity; yaml (a JSON superset) provides positions.
 */
export function parseJsonText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locator = yamlLocator(doc, lineCounter);
  try {
    const value: unknown = JSON.parse(text);
    const duplicate = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
    if (duplicate) {
      const { line, col } = lineCounter.linePos(duplicate.pos[0]);
      return {
        ok: false,
        problems: [{ code: 'invalid-json', message: `duplicate key ${text.slice(duplicate.pos[0], duplicate.pos[1]).trim()}`, hint: 'JSON parsers keep only the last one; remove the other', position: { line, column: col }, path: locator.pathAt(duplicate.pos[0]) }],
      };
    }
    return { ok: true, value, locator };
  } catch (err) {
    // V8's messages vary between Node versions; the position does not, so report that.
    const match = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    const offset = match ? Number(match[1]) : text.length;
    const { line, col } = lineCounter.linePos(Math.min(offset, text.length));
    const found = offset >= text.length ? 'end of file' : JSON.stringify(text[offset]);
    return { ok: false, problems: [{ code: 'invalid-json', message: `not valid JSON: unexpected ${found}`, hint: 'the AWS CLI takes JSON here, not YAML', position: { line, column: col }, path: [] }] };
  }
}

const firstLine = (message: string): string => (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
