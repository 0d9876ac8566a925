import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import { runExpect } from '../../harness/runner/steps/expect.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { validateScenario, type Scenario } from '../../harness/scenario/index.ts';
import { leftovers, startRun } from './support.ts';

// DESIGN.md principle 7: no false "isolated". A dead target is not isolation, and an answer
// that is not our mock's is not a result.
describe('honest outcomes', () => {
  let run: SimRun;
  let instance: EcsInstance;
  let scenario: Scenario;

  beforeAll(async () => {
    run = await startRun();
    const v = validateScenario(
      {
        apiVersion: 'ecs-sim/v1',
        name: 'honesty',
        roles: { r: {} },
        tasks: { web: { taskRoleArn: 'r', containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] } },
        steps: [{ expect: { from: 'web', targets: { imds: 'blocked' } } }],
      },
      'honesty.test',
    );
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    scenario = v.scenario;
    instance = await EcsInstance.boot(run);
    await instance.tasks.start({ name: 'web', networkMode: 'bridge' });
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  const expectStep = () => {
    const step = scenario.steps[0]!;
    if (step.kind !== 'expect') throw new Error('not an expect step');
    return runExpect({ scenario, instance, instanceRole: 'ecs-sim-instance-role' }, step.expectations);
  };

  it('a blocked cell whose target was shown alive stays blocked', async () => {
    await instance.sh('iptables -I DOCKER-USER 1 -i docker+ -d 169.254.169.254/32 -j DROP');
    const [cell] = await expectStep();
    expect(cell!.judgement).toMatchObject({ state: 'correct', found: 'blocked' });
  });

  it('a dead mock turns blocked cells into errors: the positive control failed', async () => {
    await instance.mocks.container.pause();
    try {
      const [cell] = await expectStep();
      expect(cell!.judgement.state).toBe('error');
      expect(cell!.judgement.actual.evidence.summary).toMatch(/positive control for imds was blocked/);
    } finally {
      await instance.mocks.container.unpause();
    }
  });

  it('an answer without the run\'s nonce is an error, never a result, and its content is not shown', async () => {
    // An impostor on the instance's own loopback answers for 169.254.169.254 from the instance.
    await instance.sh('ip addr add 169.254.169.254/32 dev lo');
    await instance.sh("mkdir -p /tmp/www/latest/meta-data && echo REAL-SECRET > /tmp/www/latest/meta-data/index.html && busybox httpd -p 169.254.169.254:80 -h /tmp/www");
    const outcome = await instance.prober.probe({ kind: 'instance' }, { name: 'imds', host: '169.254.169.254', port: 80, method: 'GET', path: '/latest/meta-data/' });
    expect(outcome.state).toBe('error');
    expect(outcome.evidence.summary).toMatch(/not this run's mock/);
    expect(JSON.stringify(outcome)).not.toContain('REAL-SECRET');
  });
});
