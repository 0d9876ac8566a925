import type Docker from 'dockerode';
import createDebug from 'debug';
import { EcsSimError, withTimeout } from '../errors.ts';
import { imageTag } from '../engine/images/catalog.ts';
import { credentialsRelativeUri, newCredentialsId, newTaskId, taskArn } from './identifiers.ts';
import { PROBE_FOR_LABEL } from '../probes/prober.ts';
import type { RunningTask, TaskSpec } from './task.ts';

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
    const credentialsId = spec.hasRole === false ? undefined : newCredentialsId();
    const env = Object.entries(spec.environment ?? {}).map(([k, v]) => `${k}=${v}`);
    if (credentialsId) env.push(`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=${credentialsRelativeUri(credentialsId)}`);
    const container = await withTimeout(`task "${spec.name}" to start in the nested engine`, 30_000, async () => {
      const c = await this.nested().createContainer({
        name: `${spec.name}-${taskId.slice(0, 8)}`,
        Image: spec.image ?? imageTag('probe'),
        Env: env,
        Labels: { ...this.labels, 'ecs-sim.task': spec.name, 'com.amazonaws.ecs.task-arn': taskArn(this.arnParts.region, this.arnParts.account, this.arnParts.cluster, taskId) },
        HostConfig: { NetworkMode: networkMode },
      });
      await c.start();
      return c;
    });
    const task: RunningTask = {
      spec,
      name: spec.name,
      networkMode,
      taskId,
      taskArn: taskArn(this.arnParts.region, this.arnParts.account, this.arnParts.cluster, taskId),
      ...(credentialsId ? { credentialsId } : {}),
      container,
      containerId: container.id,
    };
    this.running.set(spec.name, task);
    debug('started task %s (%s, %s)', spec.name, networkMode, taskId);
    return task;
  }

  async stop(name: string): Promise<void> {
    const task = this.get(name);
    this.running.delete(name);
    await withTimeout(`task "${name}" to stop`, 30_000, async () => {
      // Its probe sidecars share its network namespace: they go with it.
      const filters = JSON.stringify({ label: [`${PROBE_FOR_LABEL}=${task.containerId}`] });
      for (const c of await this.nested().listContainers({ all: true, filters })) await this.nested().getContainer(c.Id).remove({ force: true });
      await task.container.remove({ force: true });
    });
  }

  /** After a reboot every task is gone: start each again as a new task. */
  async replaceAfterReboot(): Promise<RunningTask[]> {
    const specs = this.list().map((t) => t.spec);
    this.running.clear();
    const out: RunningTask[] = [];
    for (const spec of specs) out.push(await this.start(spec));
    return out;
  }
}
