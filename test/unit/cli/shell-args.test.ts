import { describe, expect, it } from 'vitest';
import { shellRequest } from '../../../harness/cli/shell-args.ts';
import { EcsSimError } from '../../../harness/errors.ts';
import { validateScenario, type Scenario } from '../../../harness/scenario/index.ts';

const probe = { containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] };

/** web starts at boot; batch is started by step 2 and stopped by step 4; spare never runs. */
const scenario: Scenario = (() => {
  const r = validateScenario(
    {
      apiVersion: 'ecs-sim/v1',
      name: 'lives',
      tasks: { web: probe, batch: { ...probe, 'x-ecs-sim': { start: false } }, spare: { ...probe, 'x-ecs-sim': { start: false } } },
      steps: [{ instance: { command: 'true' } }, { 'run-task': { task: 'batch' } }, { 'run-task': { task: 'web', as: 'web-2' } }, { 'stop-task': { task: 'batch' } }],
    },
    'lives.yaml',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
})();

/** The usage error shellRequest throws: kind input (exit 2), its problem and fix. */
const refusal = (flags: { step?: string; task?: string }) => {
  try {
    shellRequest(scenario, flags);
  } catch (err) {
    expect(err).toBeInstanceOf(EcsSimError);
    const e = err as EcsSimError;
    expect(e.kind).toBe('input');
    return { problem: e.problem, fix: e.options.fix };
  }
  throw new Error(`accepted ${JSON.stringify(flags)}`);
};

describe('ecs-sim shell: --step and --task against the scenario', () => {
  it('runs every step by default, steps 1 to N with --step N, none with --step 0', () => {
    expect(shellRequest(scenario, {})).toEqual({ steps: 4 });
    expect(shellRequest(scenario, { step: '2' })).toEqual({ steps: 2 });
    expect(shellRequest(scenario, { step: '0' })).toEqual({ steps: 0 });
    expect(shellRequest(scenario, { step: '4' })).toEqual({ steps: 4 });
  });

  it('a --step past the end names the number of steps and the fix', () => {
    expect(refusal({ step: '5' })).toEqual({
      problem: '--step 5 is past the end of scenario "lives" (lives.yaml), which has 4 step(s)',
      fix: 'give a step number from 1 to 4 (step N runs steps 1 to N; 0 runs none; no --step runs all 4)',
    });
  });

  it.each([['-1'], ['two'], ['1.5'], [''], ['1e3'], ['99999999999999999999']])('--step %j is not a number of steps', (step) => {
    const r = refusal({ step });
    expect(r.problem).toBe(`--step must be a whole number of steps, not "${step}"`);
    expect(r.fix).toMatch(/^give a step number from 1 to 4/);
  });

  it('a task running after step N is accepted, under its run-task name too', () => {
    expect(shellRequest(scenario, { task: 'web', step: '0' })).toEqual({ steps: 0, task: 'web' });
    expect(shellRequest(scenario, { task: 'batch', step: '2' })).toEqual({ steps: 2, task: 'batch' });
    expect(shellRequest(scenario, { task: 'web-2' })).toEqual({ steps: 4, task: 'web-2' });
  });

  it('an unknown task suggests the closest name and lists what runs', () => {
    expect(refusal({ task: 'wbe', step: '1' })).toEqual({
      problem: 'scenario "lives" has no task "wbe" (did you mean "web"?)',
      fix: 'name one of its tasks (tasks running after step 1: web)',
    });
  });

  it('a task not yet started names the step that starts it', () => {
    expect(refusal({ task: 'batch', step: '1' })).toEqual({
      problem: 'task "batch" is not running after step 1: step 2 (run-task) starts it',
      fix: 'give --step 2 or later',
    });
    expect(refusal({ task: 'web-2', step: '0' }).problem).toBe('task "web-2" is not running when the shell opens (before step 1): step 3 (run-task) starts it');
  });

  it('a stopped task names the step that stopped it; one that never runs says why', () => {
    expect(refusal({ task: 'batch' })).toEqual({
      problem: 'task "batch" is not running after step 4: step 4 (stop-task) stopped it',
      fix: 'give a --step before 4, or another task (tasks running after step 4: web, web-2)',
    });
    expect(refusal({ task: 'spare' }).problem).toBe('task "spare" is not running after step 4: it is declared with x-ecs-sim.start: false and no step starts it');
  });
});
