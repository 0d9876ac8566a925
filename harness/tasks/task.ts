import type Docker from 'dockerode';

/** The network modes a task may use (ECS-FACTS.md, Network modes). */
export type NetworkMode = 'bridge' | 'host';

/** What to run: the simulation's view of a task definition with one container. */
export interface TaskSpec {
  /** Unique within the instance; a restarted task keeps the name, not the IDs. */
  name: string;
  /** Default `bridge`, as in ECS on Linux. */
  networkMode?: NetworkMode;
  /** Image in the nested engine. Default the probe image (busybox). */
  image?: string;
  /** Extra environment of the container. */
  environment?: Record<string, string>;
  /** Has a task role, so the agent injects a credentials ID. Default true. */
  hasRole?: boolean;
}

/** A task running on an instance. */
export interface RunningTask {
  spec: TaskSpec;
  name: string;
  networkMode: NetworkMode;
  taskId: string;
  taskArn: string;
  /** Present when the task has a role. */
  credentialsId?: string;
  container: Docker.Container;
  containerId: string;
}
