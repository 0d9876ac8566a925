import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planEngineRuns } from '../../harness/cli/engine-matrix.ts';
import type { DockerEngine } from '../../harness/engine/images/engines.ts';
import { runScenario } from '../../harness/runner/run-scenario.ts';
import { SimRun } from '../../harness/run/sim-run.ts';
import { loadScenarios, type Scenario } from '../../harness/scenario/index.ts';
import { leftovers } from './support.ts';

// The engines other than the default (which every other integration test runs on): each boots,
// runs two conformance scenarios, and reports the versions it really ran, read from the instance.
// Their images are built before the run starts (about a minute each, once; cached by content hash).
const OTHER_ENGINES: Array<{ engine: DockerEngine; server: RegExp; iptables: RegExp }> = [
  { engine: '20.10', server: /^20\.10\./, iptables: /^1\.8\.9$/ },
  { engine: '28.5', server: /^28\.5\./, iptables: /^1\.8\.13$/ },
];
const SCENARIOS = ['docker-user-drop', 'task-credentials'];

describe('[slow] the instance on the other Docker engines', () => {
  let run: SimRun;
  let scenarios: Scenario[];

  beforeAll(async () => {
    const loaded = await loadScenarios('scenarios/conformance');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    scenarios = loaded.scenarios.filter((s) => SCENARIOS.includes(s.name));
    expect(scenarios.map((s) => s.name).sort()).toEqual([...SCENARIOS].sort());
    run = await SimRun.start({ handleSignals: false, engines: OTHER_ENGINES.map((e) => e.engine) });
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  for (const { engine, server, iptables } of OTHER_ENGINES) {
    it(`runs the conformance scenarios on Docker ${engine} and says so`, async () => {
      for (const { scenario } of planEngineRuns(scenarios, [engine]).runs) {
        const r = await runScenario(run, scenario);
        expect({ name: r.name, state: r.state, error: r.error, tally: r.tally }).toMatchObject({ state: 'passed', tally: { wrong: 0, error: 0, ignored: 0 } });
        expect(r.engine).toBe(engine);
        expect(r.fidelity?.docker.server).toMatch(server);
        expect(r.fidelity?.docker.client).toMatch(server);
        expect(r.fidelity?.iptables).toMatchObject({ version: expect.stringMatching(iptables), frontEnd: 'nf_tables' });
        expect(r.fidelity?.images[0]).toMatchObject({ tag: `ecs-sim/instance:docker-${engine}`, inputs: expect.stringMatching(/^[0-9a-f]{16}$/) });
      }
    });
  }
});
