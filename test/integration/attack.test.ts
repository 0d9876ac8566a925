import { describe, expect, it } from 'vitest';
import { runScenario } from '../../harness/runner/run-scenario.ts';
import { validateScenario, type Scenario } from '../../harness/scenario/index.ts';
import { useRun } from './support.ts';

// The attacker's probe on real namespaces: what a task's own code can and cannot see decides the
// cell, so a change in how the sidecar joins the task (PID view, user, privileges) shows here.
const app = (over: Record<string, unknown> = {}) => ({ name: 'app', image: 'ecs-sim/probe:latest', ...over });
const scenario = validateScenario(
  {
    apiVersion: 'ecs-sim/v1',
    name: 'attack-edges',
    roles: { 'web-role': {}, 'other-role': {} },
    tasks: {
      web: { taskRoleArn: 'web-role', containerDefinitions: [app()] },
      // Host PID view, but not root: other processes' environments are not its to read (proc(5)).
      nobody: { taskRoleArn: 'other-role', pidMode: 'host', containerDefinitions: [app({ user: '65534' })] },
      admin: { taskRoleArn: 'other-role', containerDefinitions: [app({ privileged: true })] },
      api: { taskRoleArn: 'other-role', networkMode: 'awsvpc', containerDefinitions: [app()] },
    },
    steps: [
      {
        expect: [
          { from: 'nobody', targets: { 'credentials-of:web': 'not-leaked' } },
          { from: 'admin', targets: { 'credentials-of:web': 'not-leaked' } },
          { from: 'web', targets: { 'task-metadata': 'allowed' } },
          { from: 'api', targets: { 'task-metadata': 'allowed' } },
          { from: 'instance', targets: { 'credentials-of:web': 'leaked' } },
        ],
      },
    ],
  },
  'test/integration/attack.test.ts',
);

describe('[slow] the attacker probe on real namespaces', () => {
  const run = useRun();

  it('runs as the task: its user, its privileges; a privileged task is undecided, never isolated', async () => {
    if (!scenario.ok) throw new Error(JSON.stringify(scenario.errors));
    const r = await runScenario(run(), scenario.scenario as Scenario);
    const step = r.steps[0];
    if (step?.state !== 'checked') throw new Error(`the expect step did not run: ${r.error ?? ''}`);
    const cell = (from: string, target: string) => step.cells.find((c) => c.from === from && c.target === target)?.judgement;
    // uid 65534 sees every process but reads only its own environment.
    expect(cell('nobody', 'credentials-of:web')).toMatchObject({ state: 'correct', actual: { evidence: { summary: expect.stringMatching(/proc-environ: .*unreadable/) } } });
    // The disk route cannot be taken here: `error` with the reason, not `not-leaked`.
    expect(cell('admin', 'credentials-of:web')).toMatchObject({ state: 'error', actual: { evidence: { summary: expect.stringContaining('block-devices broke (the task is privileged') } } });
    expect(cell('web', 'task-metadata')).toMatchObject({ state: 'correct', actual: { evidence: { summary: expect.stringMatching(/^HTTP 200/) } } });
    expect(cell('api', 'task-metadata')).toMatchObject({ state: 'correct' });
    // Root on the instance reads every task's environment.
    expect(cell('instance', 'credentials-of:web')).toMatchObject({ state: 'correct', actual: { evidence: { summary: expect.stringContaining('via proc-environ') } } });
  });
});
