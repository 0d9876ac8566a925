import type Docker from 'dockerode';
import createDebug from 'debug';
import { EcsSimError, withTimeout } from '../errors.ts';
import { imageTag } from '../engine/images/catalog.ts';
import { credentialsRelativeUri, newCredentialsId, newTaskId, taskArn } from './identifiers.ts';
import { PROBE_FOR_LABEL } from '../probes/prober.ts';
import type { AwsvpcAttachment } from '../network/awsvpc.ts';
import type { MountSpec, RunningTask, TaskRoleCredentials, TaskSpec, TaskState } from './task.ts';

const debug = createDebug('ecs-sim:tasks');

/**
 * The tasks of one instance, as the agent would run them in its nested engine. A reboot stops
 * every task; `replaceAfterReboot` starts the ones still wanted as new tasks with new IDs, as a
 * service scheduler would (a stopped ECS task never comes back).
 */
/** What a task set needs from its instance. */
export interface TaskSetDeps {
  nested: () => Docker;
  labels: Record<string, string>;
  arnParts: { region: string; account: string; cluster: string };
  /** Makes an image present in the nested engine (loaded from the outer engine). */
  imageSource: (image: string) => Promise<unknown>;
  /** Mints a role's credentials for a task; the control plane's job in real ECS. */
  mintCredentials: (task: { name: string; taskId: string; roleName: string; roleType: 'TaskApplication' | 'TaskExecution' }) => TaskRoleCredentials;
  /** Told the tasks after every change, so the agent learns of new credentials (and forgets old ones). */
  onChange: (state: TaskState) => Promise<void>;
  /** The agent's ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION, ms, as it read it at its last start. */
  cleanupWaitMs: () => number;
  /** The agent's ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE. */
  awslogsExecutionRoleOverride: () => boolean;
  /** Wires an awsvpc namespace (held by process `pid` of the instance), as the CNI plugins do. */
  attachAwsvpc: (pid: number, tag: string) => Promise<AwsvpcHandle>;
}

export interface AwsvpcHandle {
  attachment: AwsvpcAttachment;
  /** Gives the addresses back once the namespace is gone. */
  release: () => void;
}

export class TaskSet {
  private readonly running = new Map<string, RunningTask>();
  /** Stopped tasks the agent has not cleaned up yet, with the timers that will. */
  private readonly stopped = new Map<RunningTask, { cleanupAt: number; timer: NodeJS.Timeout }>();

  constructor(private readonly deps: TaskSetDeps) {}

  private nested(): Docker {
    return this.deps.nested();
  }

  get(name: string): RunningTask {
    const t = this.running.get(name);
    if (!t) throw new EcsSimError('NO_SUCH_TASK', `no running task "${name}" (running: ${[...this.running.keys()].join(', ') || 'none'})`, { kind: 'input' });
    return t;
  }

  list(): RunningTask[] {
    return [...this.running.values()];
  }

  /** What the agent knows: running tasks and stopped ones not yet cleaned up. */
  state(): TaskState {
    return { running: this.list(), stopped: [...this.stopped].map(([task, s]) => ({ task, cleanupAt: s.cleanupAt })) };
  }

  private readonly started: RunningTask[] = [];

  /** Every task this instance has run, in start order (the audit trail names them all). */
  everStarted(): RunningTask[] {
    return [...this.started];
  }

  /**
   * The latest task started under `name`, and where it is in its life: running, stopped (its
   * containers and execution-role credentials still there), or cleaned up by the agent.
   */
  lookup(name: string): { task: RunningTask; state: 'running' | 'stopped' | 'cleaned' } | undefined {
    const task = this.started.filter((t) => t.name === name).at(-1);
    if (!task) return undefined;
    return { task, state: this.running.get(name) === task ? 'running' : this.stopped.has(task) ? 'stopped' : 'cleaned' };
  }

  async start(spec: TaskSpec): Promise<RunningTask> {
    if (this.running.has(spec.name)) throw new EcsSimError('TASK_EXISTS', `task "${spec.name}" is already running`, { kind: 'input' });
    const networkMode = spec.networkMode ?? 'bridge';
    const taskId = newTaskId();
    const { region, account, cluster } = this.deps.arnParts;
    const arn = taskArn(region, account, cluster, taskId);
    const credentialsId = spec.hasRole === false ? undefined : newCredentialsId();
    const credentials = credentialsId ? this.deps.mintCredentials({ name: spec.name, taskId, roleName: spec.roleName ?? spec.name, roleType: 'TaskApplication' }) : undefined;
    // The execution role's credentials come with the task's payload (agent/acs/session/payload_responder.go);
    // the agent keeps them for itself (image pulls, awslogs, secrets), never in the task's environment.
    const executionCredentialsId = spec.executionRoleName ? newCredentialsId() : undefined;
    const executionCredentials = spec.executionRoleName ? this.deps.mintCredentials({ name: spec.name, taskId, roleName: spec.executionRoleName, roleType: 'TaskExecution' }) : undefined;
    const containers = new Map<string, Docker.Container>();
    const metadataIds = new Map<string, string>();
    const taskVolumes: string[] = [];
    let pause: Docker.Container | undefined;
    let awsvpc: AwsvpcHandle | undefined;
    await withTimeout(`task "${spec.name}" to start in the nested engine`, 60_000, async () => {
      if (spec.network) await this.ensureNetwork(spec.network);
      if (networkMode === 'awsvpc') {
        // The task's namespace is held by a pause container, as the agent's pause container
        // holds it in real awsvpc mode; the task's containers join it.
        await this.deps.imageSource(imageTag('probe'));
        pause = await this.nested().createContainer({
          name: `${spec.name}-pause-${taskId.slice(0, 8)}`,
          Image: imageTag('probe'),
          Labels: { ...this.deps.labels, 'ecs-sim.task': spec.name, 'com.amazonaws.ecs.task-arn': arn },
          HostConfig: { NetworkMode: 'none' },
        });
        await pause.start();
        const pid = (await pause.inspect()).State.Pid;
        awsvpc = await this.deps.attachAwsvpc(pid, taskId.slice(0, 8));
      }
      const volumeNames = new Map<string, string>();
      for (const v of spec.volumes ?? []) {
        // Task-scoped volumes are named per task, as the agent names them
        // (agent/api/task/task.go: "ecs-" + family + "-" + version + "-" + name + "-" + RandHex()).
        const name = v.scope === 'shared' ? v.name : `ecs-${spec.family ?? spec.name}-1-${v.name}-${taskId.slice(0, 12)}`;
        const existing = await this.nested().listVolumes({ filters: JSON.stringify({ name: [name] }) });
        if (!existing.Volumes?.some((x) => x.Name === name)) await this.nested().createVolume({ Name: name, Driver: 'local', Labels: { ...this.deps.labels, 'ecs-sim.task': spec.name } });
        if (v.scope === 'task') taskVolumes.push(name);
        volumeNames.set(v.name, name);
      }
      const defs = spec.containers?.length ? spec.containers : [{ name: spec.name }];
      let first: Docker.Container | undefined;
      for (const def of defs) {
        const image = def.image ?? imageTag('probe');
        await this.ensureImage(image);
        const env = Object.entries(def.environment ?? {}).map(([k, v]) => `${k}=${v}`);
        // The agent writes the credentials URI into every container of the task (ECS-FACTS.md).
        if (credentialsId) env.push(`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=${credentialsRelativeUri(credentialsId)}`);
        // And each container's task metadata endpoints, v3 and v4, keyed by a per-container ID
        // (agent/api/container/container.go InjectV3MetadataEndpoint, InjectV4MetadataEndpoint).
        const metadataId = newCredentialsId();
        metadataIds.set(def.name, metadataId);
        env.push(...metadataEnvironment(metadataId));
        const { binds, mounts } = dockerMounts(def.mounts ?? [], volumeNames);
        const logConfig = def.awslogs ? awslogsConfig(def.awslogs.options, executionCredentialsId, this.deps.awslogsExecutionRoleOverride(), { container: def.name, taskId }) : undefined;
        const c = await this.nested().createContainer({
          name: `${spec.name}-${def.name}-${taskId.slice(0, 8)}`,
          Image: image,
          Env: env,
          ...(def.command ? { Cmd: def.command } : {}),
          ...(def.entryPoint ? { Entrypoint: def.entryPoint } : {}),
          ...(def.user ? { User: def.user } : {}),
          ...(def.workingDirectory ? { WorkingDir: def.workingDirectory } : {}),
          Labels: { ...this.deps.labels, 'ecs-sim.task': spec.name, 'com.amazonaws.ecs.task-arn': arn, 'com.amazonaws.ecs.container-name': def.name },
          HostConfig: {
            NetworkMode: pause ? `container:${pause.id}` : networkMode === 'host' ? 'host' : (spec.network ?? 'bridge'),
            Privileged: def.privileged ?? false,
            CapAdd: def.capAdd ?? [],
            CapDrop: def.capDrop ?? [],
            ...(spec.pidMode === 'host' ? { PidMode: 'host' } : first && spec.pidMode === 'task' ? { PidMode: `container:${first.id}` } : {}),
            ...(spec.ipcMode === 'host' ? { IpcMode: 'host' } : spec.ipcMode === 'none' ? { IpcMode: 'none' } : {}),
            ...(binds.length ? { Binds: binds } : {}),
            ...(mounts.length ? { Mounts: mounts } : {}),
            ...(logConfig ? { LogConfig: logConfig } : {}),
          },
        });
        await c.start();
        containers.set(def.name, c);
        first ??= c;
      }
    });
    const container = [...containers.values()][0]!;
    const task: RunningTask = {
      spec,
      name: spec.name,
      networkMode,
      taskId,
      taskArn: arn,
      ...(credentialsId && credentials ? { credentialsId, credentials } : {}),
      ...(executionCredentialsId && executionCredentials ? { executionCredentialsId, executionCredentials } : {}),
      metadataIds,
      taskVolumes,
      containers,
      container,
      containerId: container.id,
      ...(pause && awsvpc ? { awsvpc: { pause, ...awsvpc.attachment, release: awsvpc.release } } : {}),
    };
    this.running.set(spec.name, task);
    this.started.push(task);
    await this.deps.onChange(this.state());
    debug('started task %s (%s, %s)', spec.name, networkMode, taskId);
    return task;
  }

  private async ensureNetwork(name: string): Promise<void> {
    const existing = await this.nested().listNetworks({ filters: JSON.stringify({ name: [name] }) });
    if (!existing.some((n) => n.Name === name)) await this.nested().createNetwork({ Name: name, Driver: 'bridge' });
  }

  private async ensureImage(image: string): Promise<void> {
    await this.deps.imageSource(image);
  }

  /**
   * Stops a task as the agent does: its task-role credentials go at once, its containers stop
   * and stay, with its execution-role credentials, until the cleanup wait has passed
   * (agent/engine/task_manager.go: cleanupCredentials on STOPPED, cleanupTask after
   * TaskCleanupWaitDuration removes the containers and then the execution credentials).
   */
  async stop(name: string): Promise<void> {
    const task = this.get(name);
    this.running.delete(name);
    const cleanupAt = Date.now() + this.deps.cleanupWaitMs();
    const timer = setTimeout(() => void this.cleanUp(task).catch((err) => debug('cleanup of %s failed: %s', name, (err as Error).message)), this.deps.cleanupWaitMs());
    timer.unref();
    this.stopped.set(task, { cleanupAt, timer });
    await this.deps.onChange(this.state());
    await withTimeout(`task "${name}" to stop`, 30_000, async () => {
      // Its probe sidecars share its network namespace: they go with it.
      await this.removeSidecars(task);
      for (const c of task.containers.values()) await c.stop({ t: 2 }).catch((err: { statusCode?: number }) => { if (err.statusCode !== 304) throw err; });
      // The pause container holds the namespace: removing it takes the ENI and the veth with it.
      if (task.awsvpc) {
        await task.awsvpc.pause.remove({ force: true });
        task.awsvpc.release();
      }
    });
  }

  /** The agent's cleanup of a stopped task: its containers and task volumes, then its execution credentials. */
  private async cleanUp(task: RunningTask): Promise<void> {
    const entry = this.stopped.get(task);
    if (!entry) return;
    clearTimeout(entry.timer);
    await withTimeout(`stopped task "${task.name}" to be cleaned up`, 30_000, async () => {
      for (const c of task.containers.values()) await c.remove({ force: true }).catch((err: { statusCode?: number }) => { if (err.statusCode !== 404) throw err; });
      for (const v of task.taskVolumes) await this.nested().getVolume(v).remove().catch(() => undefined);
    });
    this.stopped.delete(task);
    await this.deps.onChange(this.state());
    debug('cleaned up stopped task %s', task.name);
  }

  private async removeSidecars(task: RunningTask): Promise<void> {
    const filters = JSON.stringify({ label: [`${PROBE_FOR_LABEL}=${task.containerId}`] });
    for (const c of await this.nested().listContainers({ all: true, filters })) await this.nested().getContainer(c.Id).remove({ force: true });
  }

  /** Forgets stopped tasks without touching the engine (a reboot: the agent's memory is gone). */
  private forgetStopped(): void {
    for (const { timer } of this.stopped.values()) clearTimeout(timer);
    this.stopped.clear();
  }

  /** Stops every cleanup timer: the instance is being torn down. */
  dispose(): void {
    this.forgetStopped();
  }

  /** After a reboot every task is gone: start each again as a new task. */
  async replaceAfterReboot(): Promise<RunningTask[]> {
    const specs = this.list().map((t) => t.spec);
    this.running.clear();
    this.forgetStopped();
    await this.deps.onChange(this.state());
    const out: RunningTask[] = [];
    for (const spec of specs) out.push(await this.start(spec));
    return out;
  }
}

/** ECS_CONTAINER_METADATA_URI (v3) and ECS_CONTAINER_METADATA_URI_V4 (agent/api/container/container.go MetadataURIFormat, MetadataURIFormatV4). */
export function metadataEnvironment(metadataId: string): string[] {
  return [`ECS_CONTAINER_METADATA_URI=http://169.254.170.2/v3/${metadataId}`, `ECS_CONTAINER_METADATA_URI_V4=http://169.254.170.2/v4/${metadataId}`];
}

/** Mount points as the agent gives them to Docker: host volumes as Binds, Docker volumes as volume mounts. */
export function dockerMounts(mounts: MountSpec[], volumeNames: ReadonlyMap<string, string>): { binds: string[]; mounts: Docker.MountSettings[] } {
  const binds: string[] = [];
  const volumes: Docker.MountSettings[] = [];
  for (const m of mounts) {
    if (m.kind === 'bind') binds.push(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
    else volumes.push({ Type: 'volume', Source: volumeNames.get(m.volume) ?? m.volume, Target: m.target, ReadOnly: m.readOnly });
  }
  return { binds, mounts: volumes };
}

/**
 * The awslogs LogConfig the agent gives Docker: the task definition's options, plus, for a task
 * with an execution role where ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE holds, the execution
 * role's credentials endpoint, which dockerd's awslogs driver then fetches its credentials from
 * (agent/api/task/task.go ApplyExecutionRoleLogsAuth). `mode: non-blocking` unless the definition
 * says otherwise: the default of ECS accounts since 2025 (account setting defaultLogDriverMode),
 * and what lets the container start here, where no CloudWatch Logs answers.
 */
export function awslogsConfig(options: Record<string, string>, executionCredentialsId: string | undefined, override: boolean, stream: { container: string; taskId: string }): { Type: string; Config: Record<string, string> } {
  const { 'awslogs-stream-prefix': prefix, ...rest } = options;
  const config: Record<string, string> = { mode: 'non-blocking', ...rest };
  // awslogs-stream-prefix is ECS's, not Docker's: ECS names the stream prefix/container/task-id
  // (ECS developer guide, "Send Amazon ECS logs to CloudWatch": awslogs-stream-prefix).
  if (prefix !== undefined) config['awslogs-stream'] = `${prefix}/${stream.container}/${stream.taskId}`;
  if (executionCredentialsId && override) config['awslogs-credentials-endpoint'] = credentialsRelativeUri(executionCredentialsId);
  return { Type: 'awslogs', Config: config };
}
