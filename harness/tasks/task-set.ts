import type Docker from 'dockerode';
import createDebug from 'debug';
import { EcsSimError, withTimeout } from '../errors.ts';
import { imageTag } from '../engine/images/catalog.ts';
import { credentialsRelativeUri, newCredentialsId, newTaskId, taskArn } from './identifiers.ts';
import { PROBE_FOR_LABEL } from '../probes/prober.ts';
import type { AwsvpcAttachment } from '../network/awsvpc.ts';
import type { RunningTask, TaskRoleCredentials, TaskSpec } from './task.ts';

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
  /** Mints a task role's credentials; the control plane's job in real ECS. */
  mintCredentials: (task: { name: string; taskId: string; roleName: string }) => TaskRoleCredentials;
  /** Told the running tasks after every change, so the agent learns of new credentials. */
  onChange: (tasks: RunningTask[]) => Promise<void>;
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

  async start(spec: TaskSpec): Promise<RunningTask> {
    if (this.running.has(spec.name)) throw new EcsSimError('TASK_EXISTS', `task "${spec.name}" is already running`, { kind: 'input' });
    const networkMode = spec.networkMode ?? 'bridge';
    const taskId = newTaskId();
    const { region, account, cluster } = this.deps.arnParts;
    const arn = taskArn(region, account, cluster, taskId);
    const credentialsId = spec.hasRole === false ? undefined : newCredentialsId();
    const credentials = credentialsId ? this.deps.mintCredentials({ name: spec.name, taskId, roleName: spec.roleName ?? spec.name }) : undefined;
    const containers = new Map<string, Docker.Container>();
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
          Labels: { ...this.deps.labels, 'ecs-sim.task': spec.name, 'com.amazonaws.ecs.task-arn': arn, 'com.amazonaws.ecs.container-name': def.name },
          HostConfig: {
            NetworkMode: pause ? `container:${pause.id}` : networkMode === 'host' ? 'host' : (spec.network ?? 'bridge'),
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
      ...(pause && awsvpc ? { awsvpc: { pause, ...awsvpc.attachment, release: awsvpc.release } } : {}),
    };
    this.running.set(spec.name, task);
    await this.deps.onChange(this.list());
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

  async stop(name: string): Promise<void> {
    const task = this.get(name);
    this.running.delete(name);
    await this.deps.onChange(this.list());
    await withTimeout(`task "${name}" to stop`, 30_000, async () => {
      // Its probe sidecars share its network namespace: they go with it.
      const filters = JSON.stringify({ label: [`${PROBE_FOR_LABEL}=${task.containerId}`] });
      for (const c of await this.nested().listContainers({ all: true, filters })) await this.nested().getContainer(c.Id).remove({ force: true });
      for (const c of task.containers.values()) await c.remove({ force: true });
      // The pause container holds the namespace: removing it takes the ENI and the veth with it.
      if (task.awsvpc) {
        await task.awsvpc.pause.remove({ force: true });
        task.awsvpc.release();
      }
    });
  }

  /** After a reboot every task is gone: start each again as a new task. */
  async replaceAfterReboot(): Promise<RunningTask[]> {
    const specs = this.list().map((t) => t.spec);
    this.running.clear();
    await this.deps.onChange([]);
    const out: RunningTask[] = [];
    for (const spec of specs) out.push(await this.start(spec));
    return out;
  }
}
