import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import { credentialsRequest } from '../../harness/probes/http-target.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { leftovers, startRun } from './support.ts';

// The ecs.config keys the simulation acts on reach ecs-init's rules and the agent at boot
// (images/instance/boot.sh), as ecs-init hands them to the real agent.
describe('ecs.config on the instance', () => {
  let run: SimRun;
  let instance: EcsInstance;

  beforeAll(async () => {
    run = await startRun();
    instance = await EcsInstance.boot(run, {
      agentConfig: {
        ECS_SKIP_LOCALHOST_TRAFFIC_FILTER: 'true',
        ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS: 'true',
        ECS_AUDIT_LOGFILE_DISABLED: 'true',
        ECS_TASK_METADATA_RPS_LIMIT: '1,2',
      },
    });
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('skips the ecs-init INPUT rules the keys turn off, and keeps the endpoint rules', async () => {
    const filter = await instance.sh('iptables -S INPUT');
    expect(filter).not.toContain('--dport 51678');
    expect(filter).not.toContain('-d 127.0.0.0/8');
    expect(await instance.sh('iptables -t nat -S PREROUTING')).toContain('--to-destination 127.0.0.1:51679');
  });

  it('throttles at the configured rate and burst, and writes no audit log', async () => {
    const web = await instance.tasks.start({ name: 'web', networkMode: 'bridge' });
    const request = credentialsRequest(web.credentialsId!);
    const outcomes = await Promise.all([0, 1, 2, 3, 4].map(() => instance.prober.request({ kind: 'task', task: web }, request)));
    const statuses = outcomes.map((o) => o.outcome.evidence.status);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(3);
    expect(statuses).toContain(429);
    expect((await instance.exec(['test', '-e', '/var/log/ecs/audit.log'])).exitCode).toBe(1);
  });
});
