import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue, formatIssues, issueCount, loadScenarioFile, validateScenario, type Issue } from '../../../harness/scenario/index.ts';
import { MAX_DEPTH, MAX_VALUES } from '../../../harness/scenario/plain-data.ts';
import { MAX_KEPT_ISSUES } from '../../../harness/scenario/reporter.ts';
import { editDistance, nearest } from '../../../harness/scenario/suggest.ts';

/**
 * The classes of hostile input of issue 14 that need more than a fixture file: inputs too big
 * to commit, files outside the scenario's folder, encodings, objects that only TypeScript can
 * build. No test asserts a duration; each would have run for minutes, or crashed, before.
 */

const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = 'apiVersion: ecs-sim/v1\nname: hostile\n';
let n = 0;
async function load(text: string | Buffer, name = `case-${n++}.yaml`): Promise<{ file: string; errors: Issue[]; notes: Issue[]; ok: boolean }> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = await loadScenarioFile(file);
  return { file, ok: r.ok, errors: r.ok ? [] : r.errors, notes: r.notes };
}
const only = (errors: Issue[]): string => {
  expect(errors).toHaveLength(1);
  return formatIssue(errors[0] as Issue, { hints: false });
};

describe('nesting', () => {
  it('refuses a 20 KB file of brackets with an error at the first level too deep, not a stack overflow', async () => {
    const { file, errors } = await load(`${HEAD}description: ${'['.repeat(10_000)}${']'.repeat(10_000)}\nsteps: [{ reboot: {} }]\n`);
    // The root mapping is the first level, so the 64th bracket opens the 65th.
    expect(only(errors)).toBe(`${file}:3:${14 + MAX_DEPTH - 1}: description${'[0]'.repeat(MAX_DEPTH - 1)}: mappings and sequences nested deeper than ${MAX_DEPTH} levels`);
  });

  it('refuses block sequences nested on one line ("- - - x"), which crash the YAML composer', async () => {
    const { errors } = await load(`${HEAD}description:\n  ${'- '.repeat(100_000)}x\nsteps: [{ reboot: {} }]\n`);
    expect(errors.map((e) => e.code)).toEqual(['too-deep']);
    expect(errors[0]?.line).toBe(4);
  });

  it('refuses a deep JSON file at its own line and column', async () => {
    writeFileSync(join(dir, 'deep.json'), `{"containerDefinitions": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    const { errors } = await load(`${HEAD}tasks:\n  web: { file: deep.json }\nsteps: [{ reboot: {} }]\n`);
    expect(only(errors)).toBe(`${join(dir, 'deep.json')}:1:${26 + MAX_DEPTH - 1}: tasks.web.containerDefinitions${'[0]'.repeat(MAX_DEPTH - 1)}: not read: objects and arrays nested deeper than ${MAX_DEPTH} levels`);
  });

  it('refuses a TypeScript object that nests too deep or refers to itself', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = { apiVersion: 'ecs-sim/v1', name: 'c', steps: [{ reboot: {} }] };
    cyclic.description = cyclic;
    for (const input of [{ apiVersion: 'ecs-sim/v1', name: 'd', description: deep, steps: [{ reboot: {} }] }, cyclic]) {
      const r = validateScenario(input, 'x.ts');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.code)).toEqual([input === cyclic ? 'yaml-unsupported' : 'too-deep']);
    }
  });
});

describe('size and error count', () => {
  it(`refuses a file of more than ${MAX_VALUES} keys, at the key past the limit, without comparing every pair`, async () => {
    const { errors } = await load(`${HEAD}steps:\n  - expect:\n      from: instance\n      targets: {${Array.from({ length: 80_000 }, (_, i) => `${i}: a`).join(',')}}\n`);
    expect(errors.map((e) => [e.code, e.line])).toEqual([['too-large', 6]]);
  });

  it('finds a repeated key among 20 000 in one pass', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `${i}: a`);
    keys.push('17: b');
    const { errors } = await load(`${HEAD}steps:\n  - expect:\n      from: instance\n      targets: {${keys.join(',')}}\n`);
    expect(errors.filter((e) => e.message === 'duplicate key "17"')).toHaveLength(1);
  });

  it('prints 50 of 40 000 wrong items and counts the rest', async () => {
    const { file, errors } = await load(`${HEAD}steps: [${Array.from({ length: 40_000 }, () => '1').join(',')}]\n`);
    expect(issueCount(errors)).toBe(40_000);
    expect(errors.length).toBe(MAX_KEPT_ISSUES + 1);
    const lines = formatIssues(errors).split('\n');
    expect(lines).toHaveLength(51);
    expect(lines[50]).toBe(`${file}: 39950 more errors in this file, not shown (the first 50 are above)`);
  });

  it('suggests nothing for two 10 000-character names, and a banded distance agrees with the full one', async () => {
    const a = 'a'.repeat(10_000);
    expect(nearest(a, [`${a}b`, 'b'.repeat(10_000)])).toBeUndefined();
    const full = (x: string, y: string): number => {
      const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= x.length; i++)
        for (let j = 1; j <= y.length; j++) {
          const row = d[i] as number[];
          const up = d[i - 1] as number[];
          row[j] = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
        }
      return d[x.length]![y.length]!;
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.nat({ max: 6 }), (x, y, max) => {
        const d = full(x, y);
        expect(editDistance(x, y, max)).toBe(d <= max ? d : max + 1);
      }),
    );
  });
});

describe('encodings', () => {
  it('names UTF-16 and UTF-32, with or without a byte-order mark, and places invalid UTF-8', async () => {
    const text = `${HEAD}steps: [{ reboot: {} }]\n`;
    const utf16be = Buffer.from(text, 'utf16le').swap16();
    const utf32le = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...text].map((c) => Buffer.from([c.charCodeAt(0), 0, 0, 0]))]);
    const cases: [Buffer, string][] = [
      [Buffer.from(text, 'utf16le'), 'the file looks like UTF-16 (little-endian), not UTF-8 (NUL bytes between its characters)'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]), 'the file is UTF-16 (big-endian), not UTF-8: it starts with that byte-order mark'],
      [utf32le, 'the file is UTF-32 (little-endian), not UTF-8: it starts with that byte-order mark'],
      [Buffer.from(`${HEAD}description: "\u00e9\xff"\n`, 'latin1'), 'not valid UTF-8: byte 0xe9 at offset 51 (is the file Latin-1 or Windows-1252?)'],
    ];
    for (const [bytes, message] of cases) {
      const { errors } = await load(bytes);
      expect(errors.map((e) => e.message)).toEqual([message]);
      expect(errors[0]?.code).toBe('file-encoding');
    }
    // Columns count characters: "é" is two bytes and one column.
    const { errors } = await load(Buffer.concat([Buffer.from(`${HEAD}description: "\u00e9 `, 'utf8'), Buffer.from([0xff, 0x22, 0x0a])]));
    expect(errors.map((e) => [e.line, e.column])).toEqual([[3, 17]]);
  });
});

describe('files a scenario reads', () => {
  it('reads a file outside its folder with a note naming it, and refuses a link into /proc', async () => {
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared/task.json'), '{"containerDefinitions": [{"name": "app", "image": "ecs-sim/probe:latest"}]}');
    mkdirSync(join(dir, 'scenarios'));
    symlinkSync('/proc/self/environ', join(dir, 'scenarios/environ.json'));
    const { file, errors, notes } = await load(`${HEAD}tasks:\n  web: { file: ../shared/task.json }\n  env: { file: environ.json }\nsteps: [{ reboot: {} }]\n`, 'scenarios/outside.yaml');
    expect(notes.map((i) => formatIssue(i, { hints: false }))).toContain(`${file}:4:16: tasks.web.file: note: reads ${join(dir, 'shared/task.json')}, which is outside the scenario's folder`);
    expect(errors.map((i) => formatIssue(i, { hints: false }))).toEqual([
      `${file}:5:16: tasks.env.file: task definition file "environ.json" not read: it leads to ${join('/proc', String(process.pid), 'environ')}, and /proc holds no scenario files`,
    ]);
  });

  it('refuses a scenario path under /dev', async () => {
    const r = await loadScenarioFile('/dev/stdin');
    expect(r.ok ? [] : r.errors.map((e) => formatIssue(e))).toEqual(['/dev/stdin: not read: /dev holds no scenario files']);
  });
});

describe('JavaScript objects and built-in names', () => {
  it('refuses an own __proto__ key from JSON.parse, and finds no inherited role', () => {
    const input = JSON.parse('{"apiVersion": "ecs-sim/v1", "name": "p", "roles": {"__proto__": {}}, "steps": [{"reboot": {}}]}') as unknown;
    const r = validateScenario(input, 'p.ts');
    expect(r.ok ? [] : r.errors.map((e) => formatIssue(e, { hints: false }))).toEqual(['p.ts: roles.__proto__: "__proto__" cannot be a key: JavaScript would take it for the prototype of the mapping']);
    const undeclared = validateScenario(
      { apiVersion: 'ecs-sim/v1', name: 'q', tasks: { web: { taskRoleArn: 'constructor', containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] } }, steps: [{ reboot: {} }] },
      'q.ts',
    );
    expect(undeclared.ok ? [] : undeclared.errors.map((e) => e.code)).toEqual(['unknown-role']);
  });
});
