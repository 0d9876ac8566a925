import type Docker from 'dockerode';
import createDebug from 'debug';
import { EcsSimError, withTimeout } from '../errors.ts';
import { imageTag } from '../engine/images/catalog.ts';
import { credentialsRelativeUri, newCredentialsId, newTaskId, taskArn } from './identifiers.ts';
import { PROBE_FOR_LABEL } from '../probes/prober.ts';
import type { RunningTask, TaskRoleCredentials, TaskSpec } from './task.ts';

const debug = createDebug('ecs-sim:tasks');

/**
 * The tasks of one instance, as the agent would run them in its nested engine. A reboot stops
 * every task; `replaceAfterReboot` starts the ones still wanted as new tasks with new IDs, as a
 * service scheduler would (a stopped ECS task never comes back).
 */
export class TaskSet {
  private readonly running = new Map<string, RunningTask>();

  constructor(
    private readonly nested: () => Docker,
    private readonly labels: Record<string, string>,
    private readonly arnParts: { region: string; account: string; cluster: string },
    /** Makes an image present in the nested engine (loaded from the outer engine). */
    private readonly imageSource: (image: string) => Promise<unknown>,
    /** Mints a task role's credentials; the control plane's job in real ECS. */
    private readonly mintCredentials: (task: { name: string; taskId: string; roleName: string }) => TaskRoleCredentials,
    /** Told the running tasks after every change, so the agent learns of new credentials. */
    private readonly onChange: (tasks: RunningTask[]) => Promise<void>,
  ) {}

  get(name: string): RunningTask {
    const t = this.running.get(name);
    if (!t) throw new EcsSimError('NO_SUCH_TASK', `no running task "${name}" (running: ${[...this.running.keys()].join(', ') || 'none'})`, { kind: 'input' });
    return t;
  }

  list(): RunningTask[] {
    return [...this.running.values()];
  }

  async start(spec: TaskSpec): Promise<RunningTask> {
    if (this.running.has(spec.name)) throw new EcsSimError('TASK_EXISTS', `task "${spec.name}" is already running`, { kind: 'input' });
    const networkMode = spec.networkMode ?? 'bridge';
    const taskId = newTaskId();
    const arn = taskArn(this.arnParts.region, this.arnParts.account, this.arnParts.cluster, taskId);
    const credentialsId = spec.hasRole === false ? undefined : newCredentialsId();
    const credentials = credentialsId ? this.mintCredentials({ name: spec.name, taskId, roleName: spec.roleName ?? spec.name }) : undefined;
    const containers = new Map<string, Docker.Container>();
    await withTimeout(`task "${spec.name}" to start in the nested engine`, 60_000, async () => {
      if (spec.network) await this.ensureNetwork(spec.network);
      const defs = spec.containers?.length ? spec.containers : [{ name: spec.name }];
      let first: Docker.Container | undefined;
      for (const def of defs) {
        const image = def.image ?? imageTag('probe');
        await this.ensureImage(image);
        const env = Object.entries(def.environment ?? {}).map(([k, v]) => `${k}=${v}`);
        // The agent writes the credentials URI into every container of the task (ECS-FACTS.md).
        if (credentialsId) env.push(`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=${credentialsRelativeUri(credentialsId)}`);
        const c = await this.nested().createContainer({
          name: `${spec.name}-${def.name}-${taskId.slice(0, 8)}`,
          Image: image,
          Env: env,
          ...(def.command ? { Cmd: def.command } : {}),
          ...(def.entryPoint ? { Entrypoint: def.entryPoint } : {}),
          ...(def.user ? { User: def.user } : {}),
          ...(def.workingDirectory ? { WorkingDir: def.workingDirectory } : {}),
          Labels: { ...this.labels, 'ecs-sim.task': spec.name, 'com.amazonaws.ecs.task-arn': arn, 'com.amazonaws.ecs.container-name': def.name },
          HostConfig: {
            NetworkMode: networkMode === 'host' ? 'host' : (spec.network ?? 'bridge'),
            Privileged: def.privileged ?? false,
            CapAdd: def.capAdd ?? [],
            CapDrop: def.capDrop ?? [],
            ...(spec.pidMode === 'host' ? { PidMode: 'host' } : first && spec.pidMode === 'task' ? { PidMode: `container:${first.id}` } : {}),
            ...(spec.ipcMode === 'host' ? { IpcMode: 'host' } : spec.ipcMode === 'none' ? { IpcMode: 'none' } : {}),
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
      containers,
      container,
      containerId: container.id,
    };
    this.running.set(spec.name, task);
    await this.onChange(this.list());
    debug('started task %s (%s, %s)', spec.name, networkMode, taskId);
    return task;
  }

  private async ensureNetwork(name: string): Promise<void> {
    const existing = await this.nested().listNetworks({ filters: JSON.stringify({ name: [name] }) });
    if (!existing.some((n) => n.Name === name)) await this.nested().createNetwork({ Name: name, Driver: 'bridge' });
  }

  private async ensureImage(image: string): Promise<void> {
    await this.imageSource(image);
  }

  async stop(name: string): Promise<void> {
    const task = this.get(name);
    this.running.delete(name);
    await this.onChange(this.list());
    await withTimeout(`task "${name}" to stop`, 30_000, async () => {
      // Its probe sidecars share its network namespace: they go with it.
      const filters = JSON.stringify({ label: [`${PROBE_FOR_LABEL}=${task.containerId}`] });
      for (const c of await this.nested().listContainers({ all: true, filters })) await this.nested().getContainer(c.Id).remove({ force: true });
      for (const c of task.containers.values()) await c.remove({ force: true });
    });
  }

  /** After a reboot every task is gone: start each again as a new task. */
  async replaceAfterReboot(): Promise<RunningTask[]> {
    const specs = this.list().map((t) => t.spec);
    this.running.clear();
    await this.onChange([]);
    const out: RunningTask[] = [];
    for (const spec of specs) out.push(await this.start(spec));
    return out;
  }
}
