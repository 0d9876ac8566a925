import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import { execIn } from '../../harness/engine/exec.ts';
import { imdsMetadata } from '../../harness/probes/http-target.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { leftovers, startRun } from './support.ts';

// awsvpc-like tasks: their own namespace with an ENI (macvlan) and ecs-bridge (DESIGN.md).
describe('awsvpc tasks', () => {
  let run: SimRun;
  let instance: EcsInstance;
  beforeAll(async () => {
    run = await startRun();
    instance = await EcsInstance.boot(run);
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  const forwardPackets = async () => Number((await instance.sh("iptables -nvxL FORWARD | awk 'NR > 2 { n += $1 } END { print n + 0 }'")).trim());

  it('reach IMDS through their ENI, without crossing the instance\'s FORWARD chain', async () => {
    const api = await instance.tasks.start({ name: 'api', networkMode: 'awsvpc' });
    expect(api.awsvpc?.eniAddress).toMatch(/^169\.254\.\d+\.\d+$/);
    const routes = (await execIn(api.container, ['ip', 'route'])).stdout;
    expect(routes).toContain('169.254.170.2 via 169.254.172.1 dev ecs-eth0');
    // The vpc-eni plugin's default route through the subnet's gateway (the mocks), nothing for
    // IMDS in particular: IMDS is reached over the default route, as on EC2.
    expect(routes).toContain(`default via ${instance.network.subnet.mocks} dev eth0`);
    expect(routes).not.toContain('169.254.169.254');
    const before = await forwardPackets();
    expect((await instance.prober.probe({ kind: 'task', task: api }, imdsMetadata)).state).toBe('allowed');
    expect(await forwardPackets()).toBe(before);
  });

  it('give their addresses back when they stop, and their namespace goes with the pause container', async () => {
    const first = instance.tasks.get('api');
    await instance.tasks.stop('api');
    const again = await instance.tasks.start({ name: 'api', networkMode: 'awsvpc' });
    expect(again.awsvpc?.eniAddress).toBe(first.awsvpc?.eniAddress);
    // Only the new task's veth is still plugged into ecs-bridge: the old one died with its namespace.
    expect(await instance.sh('ip -o link show master ecs-bridge | wc -l')).toBe('1\n');
  });
});
