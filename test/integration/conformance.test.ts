import { describe, expect, it, type ExpectStatic } from 'vitest';
import { runScenario } from '../../harness/runner/run-scenario.ts';
import { loadScenarios, type Scenario } from '../../harness/scenario/index.ts';
import { useRun } from './support.ts';

// The built-in suite (`npm start` runs the same folder), and the same checks on a broken
// configuration, which must fail: a check that cannot fail proves nothing.
// One test per scenario: each gets its own timeout and its own line in the report (one test
// for all 26 regressions outlived the 300 s timeout on a slower CI machine).
async function load(folder: string): Promise<Scenario[]> {
  const loaded = await loadScenarios(folder);
  if (!loaded.ok) throw new Error(`${folder}: ${JSON.stringify(loaded.errors)}`);
  if (loaded.scenarios.length === 0) throw new Error(`${folder} holds no scenario`);
  return loaded.scenarios;
}
const conformance = await load('scenarios/conformance');
const regressions = await load('scenarios/regressions');

describe('[slow] the conformance suite', () => {
  const run = useRun();

  // Concurrent tests assert with their own context's expect (vitest: Test Context).
  async function holds(s: Scenario, expect: ExpectStatic): Promise<void> {
    const r = await runScenario(run(), s);
    expect({ name: r.name, state: r.state, error: r.error, tally: r.tally }).toMatchObject({ name: s.name, state: 'passed', error: undefined, tally: { wrong: 0, error: 0, ignored: 0 } });
  }

  // Scenarios overlap as `ecs-sim run` overlaps them by default (runner/concurrency.ts: the
  // integration project's maxConcurrency), each on its own instance.
  describe.concurrent('holds on a correctly configured instance', () => {
    for (const s of conformance) it(s.name, ({ expect }) => holds(s, expect));
  });

  // Each regression shows the broken configuration and the fix.
  describe.concurrent('the regression scenarios hold', () => {
    for (const s of regressions) it(s.name, ({ expect }) => holds(s, expect));
  });

  it('fails, with evidence, when the DOCKER-USER rule was not persisted', async () => {
    const persisted = conformance.find((s) => s.name === 'reboot-with-persistence')!;
    const broken: Scenario = { ...persisted, instance: { ...persisted.instance, persistence: 'none' } };
    const r = await runScenario(run(), broken);
    expect(r.state).toBe('failed');
    const afterReboot = r.steps.find((s) => s.index === 3);
    expect(afterReboot?.state).toBe('checked');
    if (afterReboot?.state !== 'checked') return;
    const imds = afterReboot.cells.find((c) => c.target === 'imds')!;
    expect(imds.judgement).toMatchObject({ state: 'wrong', found: 'allowed', actual: { evidence: { status: 200 } } });
  });
});
