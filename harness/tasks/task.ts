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
  /** Its containers by name, in definition order. */
  containers: Map<string, Docker.Container>;
  /** awsvpc only: the pause container that holds the namespace, and how it was wired. */
  awsvpc?: AwsvpcAttachment & { pause: Docker.Container; release: () => void };
  /** The first container: probes join its network namespace. */
  container: Docker.Container;
  containerId: string;
}
