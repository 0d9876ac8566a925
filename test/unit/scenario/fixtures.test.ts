import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssues, loadScenarioFile, loadScenarios, MAX_FILE_BYTES } from '../../../harness/scenario/index.ts';

// Paths are given relative to the repository root, as a user would type them; expected files
// hold the exact formatted output for those paths.
const FIXTURES = 'test/fixtures/scenarios';
const INVALID = `${FIXTURES}/invalid`;
const VALID = `${FIXTURES}/valid`;

const invalidCases = readdirSync(INVALID)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('invalid scenario fixtures', () => {
  it('has at least 30 cases, each with its expected errors', () => {
    expect(invalidCases.length).toBeGreaterThanOrEqual(30);
    for (const file of invalidCases) expect(readdirSync(INVALID)).toContain(file.replace(/\.yaml$/, '.expected.txt'));
  });

  it.each(invalidCases)('%s: reports exactly the expected errors', async (file) => {
    const started = Date.now();
    const result = await loadScenarioFile(`${INVALID}/${file}`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const expected = readFileSync(`${INVALID}/${file.replace(/\.yaml$/, '.expected.txt')}`, 'utf8');
    expect(`${formatIssues(result.errors)}\n`).toBe(expected);
    for (const error of result.errors) {
      expect(error.severity).toBe('error');
      expect(error.message).not.toBe('');
    }
  });

  it('loads the whole folder at once and reports every file’s errors, in name order', async () => {
    const result = await loadScenarios(INVALID);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const all = invalidCases.map((file) => readFileSync(`${INVALID}/${file.replace(/\.yaml$/, '.expected.txt')}`, 'utf8')).join('');
    expect(`${formatIssues(result.errors)}\n`).toBe(all);
  });
});

describe('a file over the size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-scenario-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused before it is parsed', async () => {
    const file = join(dir, 'huge.yaml');
    const text = `apiVersion: ecs-sim/v1\nname: huge\ndescription: "${'x'.repeat(MAX_FILE_BYTES)}"\nsteps: [{ reboot: {} }]\n`;
    writeFileSync(file, text);
    const result = await loadScenarioFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatIssues(result.errors)).toBe(
      `${file}: file too large: ${text.length} bytes; the limit is 1048576 bytes (1 MiB)\n    fix: a scenario is a few KiB; is this the right file?`,
    );
  });

  it('obeys a smaller limit when asked', async () => {
    const result = await loadScenarioFile(`${VALID}/external-anywhere.yaml`, { maxFileBytes: 100 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.code).toBe('file-too-large');
  });
});

describe('valid scenario fixtures', () => {
  it('load together, with notes for what is accepted but not simulated', async () => {
    const result = await loadScenarios(VALID);
    if (!result.ok) throw new Error(formatIssues(result.errors));
    expect(result.scenarios.map((s) => s.name)).toEqual([
      'awsvpc tasks keep IMDS blocked across a reboot',
      'bridge tasks cannot reach IMDS through DOCKER-USER',
      'ECS Anywhere host-mode task gets only its own role',
    ]);
    expect(`${formatIssues(result.notes)}\n`).toBe(readFileSync(`${VALID}/notes.expected.txt`, 'utf8'));
  });
});
