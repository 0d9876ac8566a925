import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatIssue, formatIssues, loadScenarioFile, STEP_KINDS, TARGETS, validateScenario, VERDICT_KINDS, type Issue } from '../../../harness/scenario/index.ts';

/**
 * Property-based test of the loader (issue 14): documents built from the scenario format's own
 * shapes, then mutated as an attacker or a careless user would (wrong types, odd keys, names
 * that are built-in object keys, deep nesting, long strings, control characters, broken text),
 * and the built-in scenarios mutated the same way,
 * must always end in a valid scenario or in located errors: never a throw, never an internal
 * error, never an output line that the input chose. Each run's time is bounded by fast-check's
 * own deadline (generous: a file is decided in well under a second).
 */

const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BUILT_IN_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const hostileString = fc.oneof(
  fc.constantFrom(...BUILT_IN_NAMES, 'instance', '', '1', 'web', 'db', 'web-role', '*', '&a', '!!binary', '"', "'", '- x', '{', 'a: b'),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ maxLength: 12 }).map((s) => `${s}\n::error file=README.md,line=1::forged`),
  fc.constantFrom('\u001b[2J\u001b[31m', '\u0000', '\u2028', '\r', '\u202e', '\t'),
  fc.integer({ min: 100, max: 5000 }).map((n) => 'x'.repeat(n)),
);

/** Mostly what a user would write, sometimes what an attacker would: both branches of the property run. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 30 }, { arbitrary: bad, weight: 1 });
const text = mostly(fc.constantFrom('echo ok', 'true', 'a b', ''), hostileString);

const taskName = mostly(fc.constantFrom('web', 'db', 'worker', 'toString', 'constructor'), fc.oneof(fc.constantFrom('instance', ...BUILT_IN_NAMES), hostileString));
const roleName = mostly(fc.constantFrom('web-role', 'db-role', 'valueOf'), fc.oneof(fc.constantFrom(...BUILT_IN_NAMES), hostileString));
const targetKey = mostly(
  fc.oneof(fc.constantFrom(...TARGETS.map((t) => t.name)), taskName.map((t) => `credentials-of:${t}`)),
  hostileString,
);
const verdict = mostly(fc.oneof(fc.constantFrom(...VERDICT_KINDS.filter((k) => k !== 'identity')), roleName.map((r) => `identity:${r}`)), fc.oneof(fc.constant('error'), hostileString));
const command = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }));

const container = fc.record(
  {
    name: mostly(fc.constantFrom('app', 'sidecar'), hostileString),
    image: mostly(fc.constant('ecs-sim/probe:latest'), hostileString),
    environment: fc.array(fc.record({ name: mostly(fc.constantFrom('A', 'PATH'), hostileString), value: text }), { maxLength: 3 }),
    command: fc.array(text, { maxLength: 2 }),
  },
  { requiredKeys: ['name', 'image'] },
);
const task = fc.record(
  {
    networkMode: mostly(fc.constantFrom('bridge', 'host', 'awsvpc'), fc.constantFrom('none', 'nat')),
    taskRoleArn: fc.oneof(roleName, roleName.map((r) => `arn:aws:iam::123456789012:role/${r}`)),
    containerDefinitions: fc.array(container, { minLength: 1, maxLength: 2 }),
    'x-ecs-sim': fc.record({ start: fc.boolean() }),
  },
  { requiredKeys: ['containerDefinitions'] },
);
const expectRow = fc.record({ from: fc.oneof(taskName, fc.constant('instance')), targets: fc.dictionary(targetKey, verdict, { maxKeys: 4 }) });
const step = fc.oneof(
  fc.record({ expect: fc.oneof(expectRow, fc.array(expectRow, { maxLength: 3 })) }),
  fc.constantFrom({ reboot: {} }, { 'restart-docker': null }, { reboot: true }),
  fc.record({ exec: fc.record({ task: taskName, container: mostly(fc.constant('app'), hostileString), command, stdout: text }, { requiredKeys: ['task', 'command'] }) }),
  fc.record({ instance: fc.record({ command, stdout: text, exitCode: mostly(fc.nat({ max: 255 }), fc.integer()) }, { requiredKeys: ['command'] }) }),
  fc.record({ 'run-task': fc.record({ task: taskName, as: taskName }, { requiredKeys: ['task'] }) }),
  fc.record({ 'stop-task': fc.record({ task: taskName }) }),
  fc.dictionary(fc.oneof(fc.constantFrom(...STEP_KINDS), hostileString), fc.constant({}), { minKeys: 0, maxKeys: 2 }).map((d) => d as Record<string, unknown>),
);
const instance = fc.record(
  {
    kind: fc.constantFrom('ec2', 'external'),
    account: mostly(fc.constant('111122223333'), hostileString),
    region: mostly(fc.constant('eu-west-1'), hostileString),
    imds: fc.record({ tokens: fc.constantFrom('optional', 'required'), hopLimit: mostly(fc.integer({ min: 1, max: 64 }), fc.integer()) }),
    userData: text,
    everyBoot: fc.array(text, { maxLength: 2 }),
    dockerdArgs: fc.array(mostly(fc.constant('--bridge=none'), hostileString), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const generated = fc.record(
  {
    apiVersion: mostly(fc.constant('ecs-sim/v1'), fc.constantFrom('ecs-sim/v2', 1)),
    name: mostly(fc.constantFrom('a scenario', 'x'), hostileString),
    description: text,
    instance,
    roles: fc.dictionary(roleName, mostly(fc.constant({}), fc.constant({ trustPolicy: 'missing.json' })), { maxKeys: 3 }),
    tasks: fc.dictionary(taskName, task, { maxKeys: 3 }),
    steps: fc.array(step, { minLength: 1, maxLength: 4 }),
  },
  { requiredKeys: ['apiVersion', 'name', 'steps'] },
);

/** The built-in scenarios, as data: coherent documents that mutations then break in one place. */
const SEEDS: unknown[] = ['scenarios/conformance', 'scenarios/regressions'].flatMap((folder) =>
  readdirSync(folder)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parse(readFileSync(join(folder, f), 'utf8')) as unknown),
);
const scenario = fc.oneof(generated, fc.constantFrom(...SEEDS));

/** Nested sequences and mappings, `depth` levels. */
const nested = (depth: number, map: boolean): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = map ? { a: value } : [value];
  return value;
};
const replacement = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  hostileString,
  fc.constantFrom([], {}, [[]], { '': null }),
  fc.tuple(fc.integer({ min: 10, max: 200 }), fc.boolean()).map(([d, m]) => nested(d, m)),
  fc.array(fc.constant(1), { minLength: 60, maxLength: 120 }),
);

/** What only a TypeScript object can hold. */
const exotic = fc.constantFrom<unknown>(Object.assign(Object.create(null) as object, { a: 1 }), Object.create(null), 10n, () => 1, Symbol('s'), new Date(0), undefined, Number.NaN, new Map());

/** A change somewhere in the document: `route` picks the way down, one child per number. */
const changeWith = (value: fc.Arbitrary<unknown>) => fc.record({ route: fc.array(fc.nat(), { maxLength: 6 }), kind: fc.constantFrom('replace', 'add-key', 'delete'), key: hostileString, value });
const mutation = changeWith(replacement);
const objectMutation = changeWith(fc.oneof(replacement, exotic));

function mutate(doc: unknown, m: { route: number[]; kind: string; key: string; value: unknown }): unknown {
  if (m.route.length === 0 || doc === null || typeof doc !== 'object') return m.kind === 'replace' ? m.value : doc;
  const [first, ...rest] = m.route as [number, ...number[]];
  if (Array.isArray(doc)) {
    if (doc.length === 0) return m.kind === 'add-key' ? [m.value] : doc;
    const i = first % doc.length;
    if (rest.length === 0 && m.kind === 'delete') return doc.filter((_, j) => j !== i);
    return doc.map((v, j) => (j === i ? mutate(v, { ...m, route: rest }) : v));
  }
  const entries = Object.entries(doc);
  if (rest.length === 0 && m.kind === 'add-key') return Object.fromEntries([...entries, [m.key, m.value]]);
  if (entries.length === 0) return doc;
  const i = first % entries.length;
  if (rest.length === 0 && m.kind === 'delete') return Object.fromEntries(entries.filter((_, j) => j !== i));
  return Object.fromEntries(entries.map(([k, v], j) => [k, j === i ? mutate(v, { ...m, route: rest }) : v]));
}

/** How the document becomes a file: YAML, JSON (a YAML subset), or YAML with the text itself damaged. */
const textEdit = fc.option(fc.record({ at: fc.nat(), cut: fc.nat({ max: 8 }), insert: fc.oneof(hostileString, fc.constantFrom('\u0000', '\t', '---\n', '&a ', '*a', '[', '"', ':', '\n  - ', '\ufeff')) }), { freq: 3 });
const writing = fc.record({ format: fc.constantFrom('yaml', 'json'), edit: textEdit });

function render(doc: unknown, w: { format: string; edit: { at: number; cut: number; insert: string } | null }): string {
  const text = w.format === 'json' ? JSON.stringify(doc, null, 1) : stringify(doc, { lineWidth: 0 });
  if (!w.edit) return text;
  const at = w.edit.at % (text.length + 1);
  return text.slice(0, at) + w.edit.insert + text.slice(at + w.edit.cut);
}

/** Every error is located; no line of the printed output starts with anything but the file or a fix. */
function checkOutcome(file: string, errors: readonly Issue[], notes: readonly Issue[], located: boolean): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e.code, formatIssue(e)).not.toBe('internal-error');
    expect(e.message).not.toBe('');
    if (located && e.code !== 'untold' && e.file === file) expect(e.line, formatIssue(e)).toBeGreaterThanOrEqual(1);
  }
  const printed = formatIssues([...errors, ...notes]);
  for (const line of printed.split('\n')) expect(line.startsWith(file) || line.startsWith('    fix: '), line).toBe(true);
}

const RUNS = { numRuns: 250, timeout: 10_000 };

describe('the loader under a fuzzer', () => {
  it('ends every mutated scenario file in a valid scenario or located errors', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(scenario, fc.array(mutation, { maxLength: 2 }), writing, async (doc, mutations, w) => {
        const text = render(mutations.reduce(mutate, doc as unknown), w);
        const file = join(dir, `case-${n++}.yaml`);
        writeFileSync(file, text);
        const result = await loadScenarioFile(file);
        if (result.ok) return void expect(result.scenarios).toHaveLength(1);
        checkOutcome(file, result.errors, result.notes, true);
      }),
      RUNS,
    );
  });

  it('decides every mutated TypeScript object the same way, without throwing', () => {
    fc.assert(
      fc.property(scenario, fc.array(objectMutation, { maxLength: 2 }), (doc, mutations) => {
        const source = join(dir, 'fuzz.ts');
        const result = validateScenario(mutations.reduce(mutate, doc as unknown), source);
        if (!result.ok) checkOutcome(source, result.errors, result.notes, false);
      }),
      RUNS,
    );
  });
});
