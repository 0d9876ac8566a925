import type Docker from 'dockerode';
import type { AwsvpcAttachment } from '../network/awsvpc.ts';

/** The network modes the simulation runs so far (ECS-FACTS.md, Network modes). */
export type NetworkMode = 'bridge' | 'host' | 'awsvpc';

/** One container of a task. */
export interface ContainerSpec {
  name: string;
  /** An image in the nested engine; loaded from the outer engine when missing. Default the probe image. */
  image?: string;
  command?: string[];
  entryPoint?: string[];
  environment?: Record<string, string>;
  user?: string;
  workingDirectory?: string;
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  /** The task's volumes mounted into this container (ContainerDefinition.mountPoints). */
  mounts?: MountSpec[];
  /** logConfiguration with the awslogs driver; other drivers run as Docker's default. */
  awslogs?: { options: Record<string, string> };
}

/** A mount as the agent hands it to Docker: a bind of an instance path, or a Docker volume. */
export type MountSpec =
  | { kind: 'bind'; source: string; target: string; readOnly: boolean }
  | { kind: 'volume'; volume: string; target: string; readOnly: boolean };

/** A Docker volume of the task (RegisterTaskDefinition.volumes with dockerVolumeConfiguration). */
export interface VolumeSpec {
  name: string;
  /** `task`: made for this task, named after it, removed at cleanup; `shared`: the name as given, kept. */
  scope: 'task' | 'shared';
}

/** What to run: the simulation's view of a task definition. */
export interface TaskSpec {
  /** Unique within the instance; a replaced task keeps the name, not the IDs. */
  name: string;
  /** Default `bridge`, as in ECS on Linux. */
  networkMode?: NetworkMode;
  /** Default: one container of the probe image named after the task. */
  containers?: ContainerSpec[];
  /** Has a task role, so the agent injects a credentials ID. Default true. */
  hasRole?: boolean;
  /** The role's name, for reports and the credential endpoint. */
  roleName?: string;
  /** executionRoleArn's role: credentials the agent holds for the task (role type TaskExecution), never in its environment. */
  executionRoleName?: string;
  /** The task's Docker volumes (host volumes need none: they are binds). */
  volumes?: VolumeSpec[];
  /** The task definition's family, for the agent's state and task metadata. Default the name. */
  family?: string;
  pidMode?: 'host' | 'task';
  ipcMode?: 'host' | 'task' | 'none';
  /** A nested user-defined Docker network instead of docker0 (bridge mode only). */
  network?: string;
}

/** What the control plane hands the agent for a task's role (ECS-FACTS.md: credential endpoint). */
export interface TaskRoleCredentials {
  roleArn: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  /** ISO 8601; six hours ahead, the usual lifetime. */
  Expiration: string;
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
  /** The role's credentials (canaries), present with credentialsId: a leak is an exact match. */
  credentials?: TaskRoleCredentials;
  /** The execution role's ID and credentials (canaries), when the task has one. */
  executionCredentialsId?: string;
  executionCredentials?: TaskRoleCredentials;
  /** Each container's task metadata endpoint ID (the agent's V3EndpointID), by container name. */
  metadataIds: Map<string, string>;
  /** Its containers by name, in definition order. */
  containers: Map<string, Docker.Container>;
  /** awsvpc only: the pause container that holds the namespace, and how it was wired. */
  awsvpc?: AwsvpcAttachment & { pause: Docker.Container; release: () => void };
  /** The first container: probes join its network namespace. */
  container: Docker.Container;
  containerId: string;
  /** Docker volume names made for this task (scope task): removed with its containers at cleanup. */
  taskVolumes: string[];
}

/**
 * A task that has stopped but not yet been cleaned up: its containers stay (stopped) in the
 * engine and its execution-role credentials stay with the agent until the cleanup wait
 * (ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION) has passed; its task-role credentials went at once
 * (agent/engine/task_manager.go cleanupCredentials, cleanupTask).
 */
export interface StoppedTask {
  task: RunningTask;
  /** Epoch ms when the agent cleans it up. */
  cleanupAt: number;
}

/** What the agent knows of the tasks: the running ones and the stopped ones it has not cleaned up. */
export interface TaskState {
  running: RunningTask[];
  stopped: StoppedTask[];
}
