import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import { imdsMetadata } from '../../harness/probes/http-target.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { leftovers, startRun } from './support.ts';

describe('two instances side by side', () => {
  let run: SimRun;
  let a: EcsInstance;
  let b: EcsInstance;

  beforeAll(async () => {
    run = await startRun();
    [a, b] = await Promise.all([EcsInstance.boot(run), EcsInstance.boot(run)]);
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('get subnets of their own and do not see each other\'s rules or mocks', async () => {
    expect(a.network.subnet.cidr).not.toBe(b.network.subnet.cidr);
    await a.sh('iptables -I DOCKER-USER 1 -i docker+ -d 169.254.169.254/32 -j DROP');
    const [ta, tb] = await Promise.all([a.tasks.start({ name: 'web', networkMode: 'bridge' }), b.tasks.start({ name: 'web', networkMode: 'bridge' })]);
    const [oa, ob] = await Promise.all([a.prober.probe({ kind: 'task', task: ta }, imdsMetadata), b.prober.probe({ kind: 'task', task: tb }, imdsMetadata)]);
    expect(oa.state).toBe('blocked');
    expect(ob.state).toBe('allowed');
    // b's answer came from b's own mocks: only b's request log has it.
    const [la, lb] = await Promise.all([a.mocks.requestLog(), b.mocks.requestLog()]);
    expect(la.filter((e) => e.remote.startsWith(a.network.subnet.instance))).toHaveLength(0);
    expect(lb.some((e) => e.remote.startsWith(`${b.network.subnet.instance}:`) && e.path === '/latest/meta-data/')).toBe(true);
  });
});
