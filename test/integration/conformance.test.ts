import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../harness/runner/run-scenario.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { loadScenarios, type Scenario } from '../../harness/scenario/index.ts';
import { leftovers, startRun } from './support.ts';

// The built-in suite (`npm start` runs the same folder), and the same checks on a broken
// configuration, which must fail: a check that cannot fail proves nothing.
describe('[slow] the conformance suite', () => {
  let run: SimRun;
  let scenarios: Scenario[];

  beforeAll(async () => {
    const loaded = await loadScenarios('scenarios/conformance');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    scenarios = loaded.scenarios;
    run = await startRun();
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('holds on a correctly configured instance', async () => {
    for (const s of scenarios) {
      const r = await runScenario(run, s);
      expect({ name: r.name, state: r.state, error: r.error, tally: r.tally }).toMatchObject({ name: s.name, state: 'passed', error: undefined, tally: { wrong: 0, error: 0, ignored: 0 } });
    }
  });

  it('the regression scenarios hold: each shows the broken configuration and the fix', async () => {
    const loaded = await loadScenarios('scenarios/regressions');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.scenarios.length).toBeGreaterThan(0);
    for (const s of loaded.scenarios) {
      const r = await runScenario(run, s);
      expect({ name: r.name, state: r.state, error: r.error, tally: r.tally }).toMatchObject({ name: s.name, state: 'passed', error: undefined, tally: { wrong: 0, error: 0, ignored: 0 } });
    }
    // Every file in scenarios/regressions boots its own instance (about 10 s each, 31 files and
    // growing): more than the 300 s an integration test gets by default.
  }, 1_200_000);

  it('fails, with evidence, when the DOCKER-USER rule was not persisted', async () => {
    const persisted = scenarios.find((s) => s.name === 'reboot-with-persistence')!;
    const broken: Scenario = { ...persisted, instance: { ...persisted.instance, persistence: 'none' } };
    const r = await runScenario(run, broken);
    expect(r.state).toBe('failed');
    const afterReboot = r.steps.find((s) => s.index === 3);
    expect(afterReboot?.state).toBe('checked');
    if (afterReboot?.state !== 'checked') return;
    const imds = afterReboot.cells.find((c) => c.target === 'imds')!;
    expect(imds.judgement).toMatchObject({ state: 'wrong', found: 'allowed', actual: { evidence: { status: 200 } } });
  });
});
