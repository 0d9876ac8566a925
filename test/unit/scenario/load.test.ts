import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue, formatIssues, loadScenarios } from '../../../harness/scenario/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const scenario = (name: string) => `apiVersion: ecs-sim/v1\nname: ${name}\nsteps:\n  - reboot: {}\n`;

describe('loadScenarios', () => {
  it('refuses two scenarios with one name, pointing at the second', async () => {
    mkdirSync(join(dir, 'dup/sub'), { recursive: true });
    writeFileSync(join(dir, 'dup/a.yaml'), scenario('same'));
    writeFileSync(join(dir, 'dup/sub/b.yml'), scenario('same'));
    writeFileSync(join(dir, 'dup/notes.txt'), 'not a scenario');
    const result = await loadScenarios(join(dir, 'dup'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatIssues(result.errors)).toBe(
      `${join(dir, 'dup/sub/b.yml')}:2:7: name: scenario name "same" is already used by ${join(dir, 'dup/a.yaml')}\n` +
        '    fix: scenario names must be unique: reports are keyed by them',
    );
  });

  it('reports missing paths and folders without scenarios', async () => {
    mkdirSync(join(dir, 'empty'));
    const result = await loadScenarios([join(dir, 'nope'), join(dir, 'empty')]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => formatIssue(e))).toEqual([
      `${join(dir, 'nope')}: no such file or folder`,
      `${join(dir, 'empty')}: no scenario files (*.yaml, *.yml) in this folder`,
    ]);
  });

  it('loads files and folders together, in name order', async () => {
    mkdirSync(join(dir, 'ok'));
    writeFileSync(join(dir, 'ok/b.yaml'), scenario('b'));
    writeFileSync(join(dir, 'ok/a.yaml'), scenario('a'));
    writeFileSync(join(dir, 'c.yaml'), scenario('c'));
    const result = await loadScenarios([join(dir, 'ok'), join(dir, 'c.yaml')]);
    expect(result.ok && result.scenarios.map((s) => s.name)).toEqual(['a', 'b', 'c']);
  });
});
