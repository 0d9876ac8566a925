import type { z } from 'zod';
import { formatPath, type Path } from '../issues.ts';
import type { AgentSettings, Container, Role, Task, Volume } from '../model.ts';
import { instanceHasPath } from '../../instance/paths.ts';
import { evaluateTrust } from '../trust.ts';
import type { Reporter } from '../reporter.ts';
import { ROLE_NAME } from '../schema/common.ts';
import {
  CONTAINER_FIELDS_NOT_SIMULATED,
  LINUX_PARAMETERS_NOT_SIMULATED,
  SIM_EXTENSION_KEY,
  TASK_FIELDS_NOT_SIMULATED,
  type taskDefinitionSchema,
} from '../schema/task-definition.ts';
import { didYouMean, listOf } from '../suggest.ts';
import type { InstanceKind } from '../targets.ts';

type ParsedTaskDefinition = z.output<typeof taskDefinitionSchema>;

export interface TaskCheckContext {
  report: Reporter;
  roleNames: readonly string[];
  /** The declared roles that passed their own checks, to see whether ECS could assume them. */
  roles: ReadonlyMap<string, Role>;
  /** The instance's account and region; undefined when `instance` itself is invalid. */
  identity?: { account: string; region: string };
  /** Undefined when `instance` itself is invalid: checks that need it are skipped. */
  instanceKind: InstanceKind | undefined;
  agent: AgentSettings | undefined;
  definitionFile: string | undefined;
}

/**
 * The role a taskRoleArn/executionRoleArn names: the last part of `arn:<partition>:iam::<account>:role/<path/>name`,
 * or a bare role name (RegisterTaskDefinition takes "the short name or full ARN of the IAM role").
 */
export function roleNameOf(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iam::[^:]*:role\/(?:[^/]+\/)*([^/]+)$/.exec(arn);
  if (match) return match[1];
  return ROLE_NAME.test(arn) && !arn.includes(':') ? arn : undefined;
}

/** A reserved word in `from:`; a task of that name would be ambiguous. */
export const INSTANCE = 'instance';

export function checkTask(name: string, def: ParsedTaskDefinition, ctx: TaskCheckContext): Task | undefined {
  const { report } = ctx;
  const path: Path = ['tasks', name];
  const before = report.errorCount;

  if (name === INSTANCE) {
    report.error(path, 'invalid-value', `"${INSTANCE}" cannot be a task name: "from: ${INSTANCE}" means the container instance`, { at: 'key', hint: 'rename the task' });
  }

  const roleOf = (field: 'taskRoleArn' | 'executionRoleArn'): string | undefined => {
    const arn = def[field];
    if (arn === undefined) return undefined;
    const role = roleNameOf(arn);
    if (role === undefined) {
      report.error([...path, field], 'invalid-value', `${field} must be an IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name, got ${JSON.stringify(arn)}`);
      return undefined;
    }
    if (!ctx.roleNames.includes(role)) {
      report.error([...path, field], 'unknown-role', `${field} names role "${role}", which is not declared in roles${didYouMean(role, ctx.roleNames)}`, {
        hint: ctx.roleNames.length > 0 ? `declared roles: ${listOf(ctx.roleNames)}` : `declare it: roles: { ${role}: {} }`,
      });
    }
    return role;
  };
  const taskRole = roleOf('taskRoleArn');
  const executionRole = roleOf('executionRoleArn');
  // RunTask fails when ECS cannot assume a task's roles: such a task would never run, so it
  // yields no credentials (ECS-FACTS.md, "Trust policy"; harness/scenario/trust.ts).
  for (const [field, role] of [['taskRoleArn', taskRole], ['executionRoleArn', executionRole]] as const) {
    const declared = role === undefined ? undefined : ctx.roles.get(role);
    if (!declared || !ctx.agent || !ctx.identity) continue;
    const { account, region } = ctx.identity;
    const verdict = evaluateTrust(declared.trustPolicy, { account, region, cluster: ctx.agent.cluster, role: declared.name });
    if (!verdict.admitted) {
      report.error([...path, field], 'untrusted-role', `ECS would be unable to assume role "${role}" for this task, so it would not run: ${verdict.why}`, {
        hint: `let ecs-tasks.amazonaws.com assume it: Principal {"Service": "ecs-tasks.amazonaws.com"}, Action sts:AssumeRole, conditions on aws:SourceAccount ${account} / aws:SourceArn arn:aws:ecs:${region}:${account}:* (instance.account and instance.region set the simulated ones)`,
      });
    }
  }

  if (def.networkMode === 'awsvpc' && ctx.instanceKind === 'external') {
    report.error([...path, 'networkMode'], 'not-applicable', 'awsvpc is not supported on external instances (ECS Anywhere)', {
      hint: 'use bridge or host (AWS guide, "External instances (Amazon ECS Anywhere)", Considerations)',
    });
  }
  const sim = def[SIM_EXTENSION_KEY] ?? {};
  if (sim.network !== undefined && def.networkMode !== 'bridge') {
    report.error([...path, SIM_EXTENSION_KEY, 'network'], 'not-applicable', `${SIM_EXTENSION_KEY}.network applies only to bridge tasks; this task uses ${def.networkMode}`);
  }

  const seen = new Map<string, number>();
  def.containerDefinitions.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      report.error([...path, 'containerDefinitions', i, 'name'], 'duplicate-name', `duplicate container name "${c.name}" (also ${formatPath([...path, 'containerDefinitions', first])})`);
    } else seen.set(c.name, i);
  });

  if (taskRole !== undefined && ctx.agent && !ctx.agent.taskIamRole) {
    report.note([...path, 'taskRoleArn'], 'not-simulated', `agent ${ctx.agent.agentVersion} with this ecs.config serves no task roles (ECS_ENABLE_TASK_IAM_ROLE false, or a release before 1.11.0): the task will get no credentials`);
  } else if (taskRole !== undefined && def.networkMode === 'host' && ctx.agent && !ctx.agent.taskIamRoleNetworkHost) {
    report.note([...path, 'taskRoleArn'], 'not-simulated', `agent ${ctx.agent.agentVersion} with this ecs.config serves no host-mode task roles (ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST false, or a release before 1.12.0): this host-mode task will get no credentials`);
  }
  if (ctx.agent?.disablePrivileged) {
    def.containerDefinitions.forEach((c, i) => {
      if (c.privileged) {
        report.error([...path, 'containerDefinitions', i, 'privileged'], 'not-applicable', 'ECS_DISABLE_PRIVILEGED=true in agentConfig: ECS places no task with a privileged container on this instance', {
          hint: 'remove "privileged": true, or ECS_DISABLE_PRIVILEGED from instance.agentConfig',
        });
      }
    });
  }

  const volumes = checkVolumes(def, path, report);
  noteUnsimulated(def, path, report);
  if (report.errorCount > before) return undefined;

  const capAdd = sim.capAdd ?? [];
  const containers: Container[] = def.containerDefinitions.map((c) => ({
    name: c.name,
    image: c.image,
    ...(c.command ? { command: c.command } : {}),
    ...(c.entryPoint ? { entryPoint: c.entryPoint } : {}),
    environment: c.environment ?? [],
    essential: c.essential ?? true,
    ...(c.user !== undefined ? { user: c.user } : {}),
    ...(c.workingDirectory !== undefined ? { workingDirectory: c.workingDirectory } : {}),
    privileged: c.privileged ?? false,
    capabilities: {
      add: [...new Set([...(c.linuxParameters?.capabilities?.add ?? []), ...capAdd])],
      drop: c.linuxParameters?.capabilities?.drop ?? [],
    },
    mountPoints: (c.mountPoints ?? []).map((m) => ({ sourceVolume: m.sourceVolume, containerPath: m.containerPath, readOnly: m.readOnly ?? false })),
    ...(c.logConfiguration ? { logConfiguration: { logDriver: c.logConfiguration.logDriver, options: c.logConfiguration.options ?? {} } } : {}),
  }));
  return {
    name,
    ...(ctx.definitionFile ? { definitionFile: ctx.definitionFile } : {}),
    family: def.family ?? name,
    networkMode: def.networkMode,
    ...(taskRole !== undefined ? { taskRole } : {}),
    ...(executionRole !== undefined ? { executionRole } : {}),
    ...(def.pidMode ? { pidMode: def.pidMode } : {}),
    ...(def.ipcMode ? { ipcMode: def.ipcMode } : {}),
    volumes,
    containers,
    sim: { ...(sim.network !== undefined ? { network: sim.network } : {}), capAdd, start: sim.start ?? true },
    definition: def as Record<string, unknown>,
  };
}

/**
 * `volumes` and each container's `mountPoints`, as the agent turns them into Docker mounts
 * (agent/api/task/task.go dockerHostConfig: host volumes are Binds of the instance's path, Docker
 * volumes are named volumes). A host path the simulated instance does not model is a note, not an
 * error: Docker creates a missing bind source as an empty directory (Engine API, HostConfig.Binds),
 * so the task runs, with nothing there, where the user's real instance may hold something.
 */
function checkVolumes(def: ParsedTaskDefinition, path: Path, report: Reporter): Volume[] {
  const volumes: Volume[] = [];
  const names = new Map<string, number>();
  (def.volumes ?? []).forEach((v, i) => {
    const vp: Path = [...path, 'volumes', i];
    if (names.has(v.name)) {
      report.error([...vp, 'name'], 'duplicate-name', `duplicate volume name "${v.name}" (also ${formatPath([...path, 'volumes', names.get(v.name)!])})`);
      return;
    }
    names.set(v.name, i);
    for (const k of ['efsVolumeConfiguration', 'fsxWindowsFileServerVolumeConfiguration', 'configuredAtLaunch'] as const) {
      if (v[k] !== undefined) report.note([...vp, k], 'not-simulated', 'accepted, not simulated: the volume is mounted as an empty Docker volume', { at: 'key' });
    }
    if (v.host && v.dockerVolumeConfiguration) {
      report.error(vp, 'invalid-value', 'a volume has either host or dockerVolumeConfiguration, not both (ECS API: Volume)');
      return;
    }
    const source = v.host?.sourcePath;
    if (source !== undefined && source !== '') {
      if (!source.startsWith('/')) {
        report.error([...vp, 'host', 'sourcePath'], 'invalid-value', `sourcePath must be an absolute path on the container instance, got ${JSON.stringify(source)}`, { hint: 'e.g. /var/run/docker.sock' });
        return;
      }
      if (!instanceHasPath(source)) {
        report.note([...vp, 'host', 'sourcePath'], 'not-simulated', `the simulated instance has nothing at ${source}: Docker creates it as an empty directory when the task starts (as on an instance that lacks it), so whatever your instance keeps there is not simulated`);
      }
      volumes.push({ name: v.name, kind: 'host', sourcePath: source });
      return;
    }
    const cfg = v.dockerVolumeConfiguration;
    if (cfg?.driver !== undefined && cfg.driver !== 'local') {
      report.note([...vp, 'dockerVolumeConfiguration', 'driver'], 'not-simulated', `volume driver "${cfg.driver}" is not simulated: the volume is made with the local driver`);
    }
    volumes.push({ name: v.name, kind: 'docker', scope: cfg?.scope ?? 'task', driver: 'local' });
  });
  def.containerDefinitions.forEach((c, i) => {
    const seen = new Set<string>();
    (c.mountPoints ?? []).forEach((m, j) => {
      const mp: Path = [...path, 'containerDefinitions', i, 'mountPoints', j];
      if (!names.has(m.sourceVolume)) {
        report.error([...mp, 'sourceVolume'], 'unknown-volume', `mountPoints names volume "${m.sourceVolume}", which the task's volumes do not declare${didYouMean(m.sourceVolume, [...names.keys()])}`, {
          hint: names.size ? `declared volumes: ${listOf([...names.keys()])}` : `declare it: "volumes": [{ "name": "${m.sourceVolume}", "host": { "sourcePath": "/var/run/docker.sock" } }]`,
        });
      }
      if (seen.has(m.containerPath)) report.error([...mp, 'containerPath'], 'duplicate-name', `two mount points at ${m.containerPath} in one container`);
      seen.add(m.containerPath);
    });
    const log = c.logConfiguration;
    if (log && log.logDriver !== 'awslogs') {
      report.note([...path, 'containerDefinitions', i, 'logConfiguration', 'logDriver'], 'not-simulated', `log driver ${log.logDriver} is not simulated: the container logs with Docker's json-file driver`);
    }
  });
  return volumes;
}

/** "Fields the simulation does not use are accepted and listed as notes." */
function noteUnsimulated(def: ParsedTaskDefinition, path: Path, report: Reporter): void {
  const note = (p: Path) => report.note(p, 'not-simulated', 'accepted, not simulated', { at: 'key' });
  const has = (o: object, k: string) => (o as Record<string, unknown>)[k] !== undefined;
  for (const k of TASK_FIELDS_NOT_SIMULATED) if (has(def, k)) note([...path, k]);
  def.containerDefinitions.forEach((c, i) => {
    const cp: Path = [...path, 'containerDefinitions', i];
    for (const k of CONTAINER_FIELDS_NOT_SIMULATED) if (has(c, k)) note([...cp, k]);
    if (c.linuxParameters) for (const k of LINUX_PARAMETERS_NOT_SIMULATED) if (has(c.linuxParameters, k)) note([...cp, 'linuxParameters', k]);
  });
}
