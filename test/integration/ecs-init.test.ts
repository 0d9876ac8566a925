// The simulated instance configures itself as the real ecs-init and agent do
// (harness/instance/ecs-init/): releases, restarts, what user data writes into ecs.config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineScenario, runScenario, SimRun, validateScenario } from '../../harness/index.ts';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import type { ScenarioInput } from '../../harness/scenario/index.ts';
import { leftovers } from './support.ts';

const probe = 'ecs-sim/probe:latest';

async function run1(run: SimRun, input: ScenarioInput) {
  const v = validateScenario(defineScenario(input), 'ecs-init.test.ts');
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return runScenario(run, v.scenario);
}

describe('[slow] ecs-init and the agent as the real ones configure the instance', () => {
  let run: SimRun;
  beforeAll(async () => {
    run = await SimRun.start({ handleSignals: false });
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('agent 1.10.0 serves no task roles: the task gets no credentials URI', async () => {
    const r = await run1(run, {
      apiVersion: 'ecs-sim/v1',
      name: 'agent-1-10',
      instance: { agentVersion: '1.10.0' },
      roles: { 'web-role': {} },
      tasks: { web: { taskRoleArn: 'web-role', containerDefinitions: [{ name: 'app', image: probe }] } },
      steps: [
        { exec: { task: 'web', command: 'env | grep -c AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', exitCode: 1 } },
        { expect: { from: 'web', targets: { 'imds-credentials': 'allowed' } } },
      ],
    });
    expect(r.state, JSON.stringify(r.steps)).toBe('passed');
  });

  it('agent 1.85.0 (no PartOf): restart-docker fails ecs, which systemd starts again 10 s later; no rule is doubled', async () => {
    const instance = await EcsInstance.boot(run, { agentVersion: '1.85.0' });
    try {
      const rules = async () => (await instance.sh('iptables-save | grep -E "51678|51679" | sort')).trim();
      const before = await rules();
      expect(before).toContain('-A INPUT -i eth0 -p tcp -m tcp --dport 51678 -j DROP');
      await instance.restartDocker();
      const boot = (await instance.container.logs({ stdout: true, stderr: true })).toString('utf8');
      expect(boot).toContain('ecs failed with docker; systemd restarts it in 10s');
      expect(await rules()).toBe(before);
      expect((await instance.sh('cat /var/log/ecs-sim/ecs-init.log')).match(/-D PREROUTING/g)).toHaveLength(1);
    } finally {
      await instance.destroy();
    }
  });

  it('restart-agent: post-stop restores route_localnet from default, pre-start sets all again', async () => {
    const instance = await EcsInstance.boot(run, {});
    try {
      await instance.sh('sysctl -qw net.ipv4.conf.default.route_localnet=0');
      await instance.restartAgent();
      expect((await instance.sh('sysctl -n net.ipv4.conf.all.route_localnet net.ipv4.conf.default.route_localnet')).split('\n').filter(Boolean)).toEqual(['1', '0']);
      const log = await instance.sh('cat /var/log/ecs-sim/ecs-init.log');
      expect(log).toContain('iptables -t filter -D INPUT -p tcp --dport 51678 ! -i lo -j DROP');
      // The DNAT rule is there once: removed at post-stop, added at pre-start.
      expect((await instance.sh('iptables-save -t nat')).match(/--to-destination 127.0.0.1:51679/g)).toHaveLength(1);
    } finally {
      await instance.destroy();
    }
  });

  it('ECS_DISABLE_PRIVILEGED from user data: a privileged task is an error naming the setting; warnings name misread lines', async () => {
    const r = await run1(run, {
      apiVersion: 'ecs-sim/v1',
      name: 'disable-privileged',
      instance: { userData: "printf 'ECS_DISABLE_PRIVILEGED=true\\nECS_ENABLE_TASK_IAM_ROLE = true\\n' >> /etc/ecs/ecs.config" },
      tasks: {
        plain: { containerDefinitions: [{ name: 'app', image: probe }] },
        root: { containerDefinitions: [{ name: 'app', image: probe, privileged: true }], 'x-ecs-sim': { start: false } },
      },
      steps: [{ expect: { from: 'plain', targets: { imds: 'allowed' } } }, { 'run-task': { task: 'root' } }],
    });
    expect(r.state).toBe('error');
    expect(r.steps[1]).toMatchObject({ state: 'error', kind: 'run-task' });
    expect(r.error).toContain('ECS_DISABLE_PRIVILEGED=true');
    expect(r.warnings).toEqual([expect.stringContaining('ecs.config line 2 "ECS_ENABLE_TASK_IAM_ROLE = true": ECS_ENABLE_TASK_IAM_ROLE: ecs-init passes the agent a variable named "ECS_ENABLE_TASK_IAM_ROLE "')]);
  });
});
