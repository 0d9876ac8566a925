import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Identifiers as ECS makes them. The credentials ID comes from the control plane and is a UUID
 * in practice (ECS-FACTS.md, credential endpoint); it is the only thing standing between a task
 * and another task's credentials, so it is random per task, never derived.
 */
export const newCredentialsId = (): string => randomUUID();
/** Task IDs in task ARNs are 32 hex characters. */
export const newTaskId = (): string => randomBytes(16).toString('hex');

export const taskArn = (region: string, account: string, cluster: string, taskId: string): string =>
  `arn:aws:ecs:${region}:${account}:task/${cluster}/${taskId}`;

/** AWS_CONTAINER_CREDENTIALS_RELATIVE_URI as the agent writes it for new tasks (v2 form). */
export const credentialsRelativeUri = (credentialsId: string): string => `/v2/credentials/${credentialsId}`;
