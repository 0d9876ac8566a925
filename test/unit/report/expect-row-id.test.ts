import { describe, expect, it } from 'vitest';
import { formatIssues, validateScenario } from '../../../harness/scenario/index.ts';

const scenario = (id: unknown) => ({
  apiVersion: 'ecs-sim/v1',
  name: 'ids',
  tasks: { web: { containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] } },
  steps: [{ expect: { id, from: 'web', targets: { imds: 'allowed' } } }],
});

describe('an expect row\'s id', () => {
  it('reaches the model, where reports name the row\'s cells after it', () => {
    const r = validateScenario(scenario('web-imds-after-boot'), 'ids.yaml');
    if (!r.ok) throw new Error(formatIssues(r.errors));
    const step = r.scenario.steps[0]!;
    expect(step.kind === 'expect' && step.expectations.map((e) => e.id)).toEqual(['web-imds-after-boot']);
  });

  it('is refused when it is not a name, with the field and the rule', () => {
    const r = validateScenario(scenario('web imds!'), 'ids.yaml');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : formatIssues(r.errors)).toMatch(/steps\[0\]\.expect\.id: .*an id is letters, digits, "\.", "_" and "-", starting with a letter or digit/);
  });
});
