// How a security regression test looks in TypeScript (README, "From TypeScript"): the same model
// as a scenario file, typed by defineScenario, validated by the same checks, run by the same
// runner, judged cell by cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineScenario, runScenario, SimRun, validateScenario } from '../../harness/index.ts';
import { leftovers } from './support.ts';

const hardened = defineScenario({
  apiVersion: 'ecs-sim/v1',
  name: 'hardened-user-data',
  description: 'User data installs the guide\'s DOCKER-USER rule at first boot.',
  instance: {
    // Your own account and region: ARNs, IMDS and STS follow them.
    account: '111122223333',
    region: 'eu-west-1',
    userData: 'iptables --insert DOCKER-USER 1 --in-interface docker+ --destination 169.254.169.254/32 --jump DROP',
    agentConfig: { ECS_CLUSTER: 'regression' },
  },
  roles: { 'web-role': {} },
  tasks: {
    web: { taskRoleArn: 'web-role', containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] },
  },
  steps: [
    { expect: { from: 'web', targets: { imds: 'blocked', 'imds-credentials': 'blocked', 'sts-identity': 'identity:web-role' } } },
    // User data runs at first boot only: after a reboot, the rule is gone (it was never persisted).
    { reboot: {} },
    { expect: { from: 'web', targets: { imds: 'allowed' } } },
  ],
});

describe('[slow] a scenario written in TypeScript', () => {
  let run: SimRun;
  beforeAll(async () => {
    run = await SimRun.start({ handleSignals: false });
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('validates with the same checks as a file and runs cell by cell', async () => {
    const v = validateScenario(hardened, import.meta.filename);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const result = await runScenario(run, v.scenario);
    expect(result.error).toBeUndefined();
    const cells = result.steps.flatMap((s) => (s.state === 'checked' ? s.cells : []));
    expect(cells.map((c) => [c.from, c.target, c.judgement.state, c.judgement.found])).toEqual([
      ['web', 'imds', 'correct', 'blocked'],
      ['web', 'imds-credentials', 'correct', 'blocked'],
      ['web', 'sts-identity', 'correct', 'identity:web-role'],
      ['web', 'imds', 'correct', 'allowed'],
    ]);
    expect(result.state).toBe('passed');
    expect(cells[2]?.judgement.actual.evidence.summary).toMatch(/^STS: arn:aws:sts::111122223333:assumed-role\/web-role\/[0-9a-f]{32}$/);
  });

  it('rejects a typo the way a file would: with the field and a suggestion', () => {
    const v = validateScenario({ ...hardened, steps: [{ expect: { from: 'web', targets: { imdss: 'blocked' } } }] } as never, 'typo.ts');
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors.map((e) => `${e.path}: ${e.message}`)).toContain('steps[0].expect.targets.imdss: unknown target "imdss" (did you mean "imds"?)');
  });
});
