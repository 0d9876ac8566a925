import { judge } from '../../../harness/assert/judge.ts';
import { outcome, type OutcomeState } from '../../../harness/probes/outcome.ts';
import { cellOf, scenarioState, stepLabel, tally, type CellResult, type ScenarioResult, type StepResult } from '../../../harness/runner/results.ts';
import { loadScenarioFile } from '../../../harness/scenario/load.ts';
import type { Expectation, Scenario, Step } from '../../../harness/scenario/model.ts';

/**
 * Results of test/fixtures/report/sample.yaml as the runner would make them, from the real loader
 * (so locations are the file's) and the real judge; only the probes' outcomes are made up.
 */
export const SAMPLE_FILE = 'test/fixtures/report/sample.yaml';

export async function sampleScenario(): Promise<Scenario> {
  const loaded = await loadScenarioFile(SAMPLE_FILE);
  if (!loaded.ok) throw new Error(`the sample does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.scenarios[0]!;
}

const cell = (e: Expectation, state: OutcomeState, summary: string, extra: { identity?: string; body?: string } = {}): CellResult => ({
  ...cellOf(e),
  origin: e.from.kind === 'instance' ? 'instance' : 'bridge',
  judgement: judge(e.verdict, outcome(state, { summary, durationMs: 12, ...(state === 'blocked' ? {} : { status: 200 }), ...(extra.body ? { bodyExcerpt: extra.body } : {}) }), extra.identity ? { identity: extra.identity } : {}),
});

const located = (step: Step) => ({ index: step.index, label: stepLabel(step), ...(step.location ? { location: step.location } : {}) });

/** One wrong cell (web → imds answered), one error, the rest correct; the exec and instance checks pass and fail. */
export async function sampleResults(): Promise<ScenarioResult[]> {
  const s = await sampleScenario();
  const [expect1, exec, inst, reboot, expect2] = s.steps as [Step & { kind: 'expect' }, Step, Step, Step, Step & { kind: 'expect' }];
  const [webImds, webCreds, instImds] = expect1.expectations as [Expectation, Expectation, Expectation];
  const steps: StepResult[] = [
    {
      state: 'checked', kind: 'expect', durationMs: 40, ...located(expect1),
      cells: [
        cell(webImds, 'allowed', 'HTTP 200, 312 bytes', { body: 'ami-id\n<script>alert(1)</script>' }),
        cell(webCreds, 'allowed', 'HTTP 200, identity web-role', { identity: 'web-role' }),
        cell(instImds, 'error', 'the positive control failed: %0A::warning::x'),
      ],
    },
    { state: 'ok', kind: 'exec', durationMs: 30, detail: '`echo` exited 0', ...located(exec) },
    { state: 'failed', kind: 'instance', durationMs: 20, detail: '`iptables -S DOCKER-USER` printed nothing matching /^-A DOCKER-USER -j RETURN$/\n-N DOCKER-USER', ...located(inst) },
    { state: 'ok', kind: 'reboot', durationMs: 9000, detail: 'boot 2', ...located(reboot) },
    { state: 'checked', kind: 'expect', durationMs: 20, ...located(expect2), cells: [cell(expect2.expectations[0]!, 'allowed', 'HTTP 200')] },
  ];
  const t = tally(steps, s.steps);
  const passed: ScenarioResult = { name: s.name, source: s.source, engine: '26.1', state: scenarioState(t), durationMs: 12_000, steps, tally: t, notes: ['a note'], warnings: ['ecs.config line 1: ECS_AWSVPC_BLOCK_IMDS="true": the agent reads "\"true\"", not a boolean, and uses the default, false'] };
  // The same scenario stopped by a step that could not run: later steps are skipped, their checks ignored.
  const stopped: StepResult[] = [
    steps[0]!,
    { state: 'error', kind: 'exec', durationMs: 5, detail: 'no such container', ...located(exec) },
    ...[inst, reboot, expect2].map((st): StepResult => ({ state: 'skipped', kind: st.kind, durationMs: 0, detail: 'an earlier step could not run', ...located(st), ...(st.kind === 'expect' ? { cells: st.expectations.map(cellOf) } : {}) })),
  ];
  const t2 = tally(stopped, s.steps);
  const error = 'step 2 (exec) could not run: no such container';
  const failedRun: ScenarioResult = { name: `${s.name} (stopped)`, source: s.source, engine: '26.1', state: scenarioState(t2, error), durationMs: 3_000, steps: stopped, tally: t2, error, notes: [], warnings: [] };
  return [passed, failedRun];
}
