import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssues, SIMULATED_AGENT_KEYS, STEP_KINDS, TARGETS, validateScenario } from '../../../harness/scenario/index.ts';
import { parseYamlText } from '../../../harness/scenario/parse-yaml.ts';
import { targetsTable } from '../../../harness/scenario/targets-doc.ts';

// The format's documentation must not drift from the code.
const readme = readFileSync('harness/scenario/README.md', 'utf8');

describe('harness/scenario/README.md', () => {
  it('has an example that validates', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const parsed = parseYamlText(example ?? '');
    expect(parsed.ok).toBe(true);
    const result = validateScenario(parsed.ok ? parsed.value : undefined, 'test/fixtures/scenarios/valid/readme-example.yaml');
    if (!result.ok) throw new Error(formatIssues(result.errors));
  });

  it('holds the target table exactly as targets.ts makes it', () => {
    expect(readme).toContain(targetsTable());
  });

  it('documents every target, step and simulated agent key', () => {
    for (const t of TARGETS) expect(readme).toContain(`| \`${t.parameter ? `${t.name}:<${t.parameter}>` : t.name}\` |`);
    for (const k of STEP_KINDS) expect(readme).toContain(`| \`${k}\` |`);
    for (const k of SIMULATED_AGENT_KEYS) expect(readme).toContain(k.key.replace('_NETWORK_HOST', ''));
  });
});
