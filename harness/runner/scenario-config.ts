import type { InstanceConfig } from '../instance/config.ts';
import type { AgentSettings, Instance, Task } from '../scenario/model.ts';
import type { TaskSpec } from '../tasks/task.ts';

/** The loaded scenario's instance, as the simulated instance takes it. */
export function instanceConfig(i: Instance): InstanceConfig {
  return {
    account: i.account,
    region: i.region,
    iptables: i.iptables,
    persistence: i.persistence,
    ...(i.userData ? { userData: i.userData } : {}),
    everyBoot: i.everyBoot,
    dockerdArgs: i.dockerdArgs,
    agentConfig: i.agentConfig,
    // ECS Anywhere: no IMDS at all (the mocks still run, for STS).
    ...(i.kind === 'ec2' ? { imds: i.imds } : { noImds: true }),
  };
}

/** A task definition (as loaded) → what the instance runs. */
export function taskSpec(name: string, t: Task, agent: AgentSettings): TaskSpec {
  // The agent serves task roles only with ECS_ENABLE_TASK_IAM_ROLE, and host-mode ones only with
  // ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST too (agent/app/agent_capability.go; the loader notes it).
  const served = agent.taskIamRole && (t.networkMode !== 'host' || agent.taskIamRoleNetworkHost);
  return {
    name,
    networkMode: t.networkMode,
    hasRole: t.taskRole !== undefined && served,
    ...(t.taskRole ? { roleName: t.taskRole } : {}),
    ...(t.pidMode ? { pidMode: t.pidMode } : {}),
    ...(t.ipcMode ? { ipcMode: t.ipcMode } : {}),
    ...(t.sim.network ? { network: t.sim.network } : {}),
    containers: t.containers.map((c) => ({
      name: c.name,
      image: c.image,
      ...(c.command ? { command: c.command } : {}),
      ...(c.entryPoint ? { entryPoint: c.entryPoint } : {}),
      environment: Object.fromEntries(c.environment.map((e) => [e.name, e.value])),
      ...(c.user ? { user: c.user } : {}),
      ...(c.workingDirectory ? { workingDirectory: c.workingDirectory } : {}),
      privileged: c.privileged,
      capAdd: c.capabilities.add,
      capDrop: c.capabilities.drop,
    })),
  };
}
