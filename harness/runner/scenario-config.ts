import type { InstanceConfig } from '../instance/config.ts';
import { EcsSimError } from '../errors.ts';
import { DEFAULT_ENGINE, type DockerEngine } from '../engine/images/engines.ts';
import type { ResolvedEcsConfig } from '../instance/ecs-init/resolve.ts';
import { targetModule } from '../targets/index.ts';
import { imageTag } from '../engine/images/catalog.ts';
import type { Instance, Scenario, Task } from '../scenario/model.ts';
import type { MountSpec, TaskSpec } from '../tasks/task.ts';

/**
 * The loaded scenario's instance, as the simulated instance takes it, on `engine` (the matrix
 * run's choice; else the first engine the scenario names, else the default).
 */
export function instanceConfig(i: Instance, engine: DockerEngine = i.docker?.[0] ?? DEFAULT_ENGINE): InstanceConfig {
  return {
    docker: engine,
    account: i.account,
    region: i.region,
    iptables: i.iptables,
    persistence: i.persistence,
    firewalld: i.firewalld,
    nftablesService: i.nftablesService,
    ...(i.userData ? { userData: i.userData } : {}),
    everyBoot: i.everyBoot,
    dockerdArgs: i.dockerdArgs,
    agentConfig: i.agentConfig,
    agentVersion: i.agentVersion,
    ipv6: i.ipv6,
    // ECS Anywhere: no IMDS at all (the mocks still run, for STS).
    ...(i.kind === 'ec2' ? { imds: i.imds } : { noImds: true }),
  };
}

/**
 * The images a scenario's instance gets from the run's image cache before it boots
 * (instance/image-cache.ts): its tasks' images and the harness's two, probe and aws-client (the
 * AWS SDK clients and the attacker's probe run in it; most scenarios need it).
 */
export function scenarioImages(s: Scenario): string[] {
  const tasks = Object.values(s.tasks).flatMap((t) => t.containers.map((c) => c.image));
  return [...new Set([imageTag('probe'), ...(usesAwsClient(s) ? [imageTag('aws-client')] : []), ...tasks])];
}

/** Whether an expect step asks a target whose probe runs the aws-client image (TargetSpec.runsAwsClient). */
export const usesAwsClient = (scenario: Scenario): boolean =>
  scenario.steps.some((step) => step.kind === 'expect' && step.expectations.some((e) => targetModule(e.target).spec.runsAwsClient));

/**
 * A task definition (as loaded) → what the instance runs, as the running agent sees it (its
 * configuration from its last start, not the loader's prediction: user data may have edited
 * ecs.config).
 */
export function taskSpec(name: string, t: Task, agent: ResolvedEcsConfig): TaskSpec {
  // The agent serves task roles only with ECS_ENABLE_TASK_IAM_ROLE (agent 1.11.0+), and host-mode
  // ones only with ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST too (1.12.0+): agent/app/agent_capability.go.
  const served = agent.capabilities.taskIamRole && (t.networkMode !== 'host' || agent.capabilities.taskIamRoleNetworkHost);
  const privileged = t.containers.filter((c) => c.privileged).map((c) => c.name);
  if (agent.agent.disablePrivileged && privileged.length) {
    // The agent does not advertise com.amazonaws.ecs.capability.privileged-container, so ECS
    // places no such task on the instance (agent/app/agent_capability.go; agent/config PrivilegedDisabled).
    throw new EcsSimError('PRIVILEGED_DISABLED', `task ${name} cannot run here: ECS_DISABLE_PRIVILEGED=true, and its container${privileged.length > 1 ? 's' : ''} ${privileged.join(', ')} ${privileged.length > 1 ? 'are' : 'is'} privileged`, {
      kind: 'input',
      fix: 'remove "privileged": true from the task definition, or ECS_DISABLE_PRIVILEGED from ecs.config',
    });
  }
  const volumes = new Map(t.volumes.map((v) => [v.name, v]));
  const mounts = (c: Task['containers'][number]): MountSpec[] =>
    c.mountPoints.map((m) => {
      const v = volumes.get(m.sourceVolume)!; // the loader checked every sourceVolume
      return v.kind === 'host'
        ? { kind: 'bind', source: v.sourcePath, target: m.containerPath, readOnly: m.readOnly }
        : { kind: 'volume', volume: v.name, target: m.containerPath, readOnly: m.readOnly };
    });
  return {
    name,
    family: t.family,
    networkMode: t.networkMode,
    hasRole: t.taskRole !== undefined && served,
    ...(t.taskRole ? { roleName: t.taskRole } : {}),
    // Execution roles need no agent setting: the agent always takes them (image pulls, logs, secrets).
    ...(t.executionRole ? { executionRoleName: t.executionRole } : {}),
    volumes: t.volumes.flatMap((v) => (v.kind === 'docker' ? [{ name: v.name, scope: v.scope }] : [])),
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
      mounts: mounts(c),
      ...(c.logConfiguration?.logDriver === 'awslogs' ? { awslogs: { options: c.logConfiguration.options } } : {}),
    })),
  };
}
