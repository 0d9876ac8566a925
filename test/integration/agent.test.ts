import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import { credentialsRequest } from '../../harness/probes/http-target.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { leftovers, startRun } from './support.ts';

// The simulated agent inside a real instance: reached through ecs-init's real DNAT/REDIRECT rules.
describe('the ECS agent on the instance', () => {
  let run: SimRun;
  let instance: EcsInstance;

  beforeAll(async () => {
    run = await startRun();
    instance = await EcsInstance.boot(run, { agentConfig: { ECS_CLUSTER: 'agent-test' } });
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('serves a task its own canary credentials at the URI written into its environment', async () => {
    const web = await instance.tasks.start({ name: 'web', networkMode: 'bridge', roleName: 'web-role' });
    const env = (await web.container.inspect()).Config.Env;
    expect(env).toContain(`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/${web.credentialsId}`);
    const r = await instance.prober.request({ kind: 'task', task: web }, credentialsRequest(web.credentialsId!));
    expect(r.outcome.state).toBe('allowed');
    const body = JSON.parse(r.body!) as Record<string, string>;
    expect(body).toMatchObject({ RoleArn: web.credentials!.roleArn, AccessKeyId: web.credentials!.AccessKeyId, Token: web.credentials!.Token });
  });

  it('answers an unknown ID 400 InvalidIdInRequest, and a stopped task\'s ID is unknown', async () => {
    const api = await instance.tasks.start({ name: 'api', networkMode: 'bridge' });
    const id = api.credentialsId!;
    await instance.tasks.stop('api');
    const r = await instance.prober.request({ kind: 'instance' }, credentialsRequest(id));
    expect(r.outcome).toMatchObject({ state: 'denied', evidence: { status: 400 } });
    expect(r.body).toContain('InvalidIdInRequest');
  });

  it('writes the audit log as the agent does, never with a credential ID', async () => {
    const log = await instance.sh('cat /var/log/ecs/audit.log');
    const lines = log.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => / 200 [\d.]+:\d+ "\/v2\/credentials" ".*" arn:aws:ecs:[^ ]+:task\/agent-test\/[0-9a-f]{32} GetCredentials 2 agent-test arn:aws:ecs:/.test(l))).toBe(true);
    for (const t of instance.tasks.list()) expect(log).not.toContain(t.credentialsId!);
    expect(log).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('starts again after a reboot and learns the replaced tasks\' new credentials', async () => {
    const before = instance.tasks.get('web');
    await instance.reboot();
    const after = instance.tasks.get('web');
    expect(after.credentialsId).not.toBe(before.credentialsId);
    const fresh = await instance.prober.request({ kind: 'task', task: after }, credentialsRequest(after.credentialsId!));
    expect(fresh.outcome.state).toBe('allowed');
    const stale = await instance.prober.request({ kind: 'task', task: after }, credentialsRequest(before.credentialsId!));
    expect(stale.outcome).toMatchObject({ state: 'denied', evidence: { status: 400 } });
  });
});
